import type { Db } from 'mongodb';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { InboundEvent } from '../wecom/event.js';
import { collections } from '../db/collections.js';

export interface Dispatcher {
  /** Takes an event the transport has stored in `inbound` and acked; never throws, never blocks the ack. */
  accept(event: InboundEvent): void;
  /** Resolves when every accepted event has been handled (tests, simulate, shutdown). */
  idle(): Promise<void>;
  /** Re-handles events stored but not finished before a crash or restart. */
  recover(): Promise<number>;
}

interface InboundDoc {
  msgId: string;
  event: InboundEvent;
  status: 'pending' | 'done' | 'failed';
  receivedAt: Date;
}

/**
 * Between the transport and the handlers: runs each event once, records the outcome on its
 * `inbound` record, and picks up what a crash left pending. Handlers are idempotent on msgId, so
 * a recovered event that had half-run produces no duplicate.
 */
export function createDispatcher(opts: { db: Db; log: Logger; clock: Clock; handle(event: InboundEvent): Promise<void> }): Dispatcher {
  const inbound = opts.db.collection<InboundDoc>(collections.inbound);
  const inFlight = new Set<Promise<void>>();

  const run = async (event: InboundEvent) => {
    const log = opts.log.child({ msgId: event.msgId, source: event.source });
    try {
      await opts.handle(event);
      await inbound.updateOne({ msgId: event.msgId }, { $set: { status: 'done', doneAt: opts.clock.now() } });
    } catch (err) {
      log.error({ err }, 'event handling failed');
      await inbound.updateOne({ msgId: event.msgId }, { $set: { status: 'failed', error: String(err) } }).catch(() => undefined);
    }
  };

  const track = (event: InboundEvent) => {
    const p = run(event).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  return {
    accept: track,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async recover() {
      const pending = await inbound.find({ status: 'pending' }).sort({ receivedAt: 1 }).toArray();
      for (const doc of pending) track(revive(doc.event));
      await this.idle();
      return pending.length;
    },
  };
}

/** Stored events come back with dates as Date (driver) — the memory store and EJSON restore agree. */
function revive(event: InboundEvent): InboundEvent {
  return { ...event, receivedAt: new Date(event.receivedAt) };
}
