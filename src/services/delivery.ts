import type { Db } from 'mongodb';
import type { Clock } from '../clock.js';
import { collections } from '../db/collections.js';
import type { OutboundTarget, OutboxPort } from '../messages/outbound.js';
import type { Rules } from '../domain/rules.js';
import type { Metrics } from '../metrics.js';
import { peopleByRole, projectByChat } from '../repo/projects.js';
import { deliveryFailed } from '../../cards/delivery.js';
import type { GroupRoute } from './group-route.js';

/** Failures closer together than this are one burst: one alert for an outage, not one per message. */
const BURST_GAP_MS = 60 * 60_000;
const ALERT_STATE = 'delivery.alert';
const ALERT_KEY = 'delivery-failed';

/**
 * Called with each message the outbox gave up on: the first of a burst is told to the admins by
 * the app (an alert that fails itself is not alerted again).
 */
export function deliveryAlerts(opts: { db: Db; clock: Clock; outbox: OutboxPort; rules: Rules; metrics: Pick<Metrics, 'delivery'> }) {
  const state = opts.db.collection<{ _id: string; lastFailureAt: Date }>(collections.counters);
  return async (failed: { key: string; lastError?: { message: string } }): Promise<void> => {
    if (failed.key.startsWith(`${ALERT_KEY}:`)) return;
    const now = opts.clock.now();
    const before = await state.findOneAndUpdate({ _id: ALERT_STATE }, { $set: { lastFailureAt: now } }, { upsert: true, returnDocument: 'before' });
    if (before && now.getTime() - before.lastFailureAt.getTime() < BURST_GAP_MS) return;
    const admins = (await peopleByRole(opts.db, 'admin')).map((p) => p.userid);
    if (admins.length === 0) return;
    await opts.outbox.enqueue({
      key: `${ALERT_KEY}:${now.toISOString()}`,
      target: { kind: 'app', userIds: admins },
      body: deliveryFailed({ key: failed.key, error: failed.lastError?.message ?? '' }, opts.rules.delivery.giveUpAfterHours),
      origin: { job: ALERT_KEY },
    });
    opts.metrics.delivery('alerted');
  };
}

/** Where an answer goes when its response_url cannot be used: the group's route, else the person by the app. */
export function lateReplyRoute(db: Db, groupRoute: GroupRoute) {
  return async (target: Extract<OutboundTarget, { kind: 'reply' }>): Promise<OutboundTarget> => {
    const project = target.chatId === null ? null : await projectByChat(db, target.chatId);
    return (project && groupRoute(project)) ?? { kind: 'app', userIds: [target.userId] };
  };
}
