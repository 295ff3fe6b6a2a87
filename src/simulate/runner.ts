import type { ManualClock } from '../clock.js';
import { dueRuns } from '../due-runs.js';
import type { ScheduledJob } from '../scheduler.js';
import type { TimelineEvent } from './timeline.js';

export type FaultKind = 'rate-limit' | 'token-expired' | '5xx' | 'timeout' | 'slow';

/** What the runner needs from the bot + WeCom simulator pair, whatever the transport. */
export interface Harness<Ctx> {
  clock: ManualClock;
  jobs: ScheduledJob<Ctx>[];
  jobContext: Ctx;
  timezone: string;
  /** Runs a job for its time through the bot's run ledger (as Agenda would). */
  runJob(job: ScheduledJob<Ctx>, at: Date): Promise<unknown>;
  sendGroup(chatId: string, userId: string, text: string): Promise<void>;
  sendPrivate(userId: string, text: string): Promise<void>;
  fault(kind: FaultKind, count: number): void;
  /** Waits until the bot has finished every event and the outbox has sent all that is due now. */
  settle(): Promise<void>;
  /** Messages waiting for a later time (pacing, back-off). */
  pendingOutbound(): Promise<number>;
  /** When the outbox next has something to do (a retry, a pacing wait, a held message); null when nothing waits. */
  nextOutboundAt(): Promise<Date | null>;
}

const MINUTE = 60_000;

/** The outbox's next timer, if it falls before `limit`; never now, so time always moves. */
async function nextOutbound<Ctx>(h: Harness<Ctx>, limit: Date): Promise<Date> {
  const next = await h.nextOutboundAt();
  const soonest = Math.max(next?.getTime() ?? Infinity, h.clock.now().getTime() + 1);
  return new Date(Math.min(soonest, limit.getTime()));
}

/**
 * Moves the clock to `to`, stopping at every timer that falls due on the way, as the same hours
 * would pass in production: each job at its own time, each outbox retry, pacing wait or held
 * message at its own.
 */
export async function advanceTo<Ctx>(h: Harness<Ctx>, to: Date): Promise<void> {
  while (h.clock.now().getTime() < to.getTime()) {
    const from = h.clock.now();
    const [job] = dueRuns(h.jobs, from, to, h.timezone);
    const next = await nextOutbound(h, job?.at ?? to);
    h.clock.set(next);
    for (const run of dueRuns(h.jobs, from, next, h.timezone)) {
      await h.runJob(run.job, run.at);
      await h.settle();
    }
    await h.settle();
  }
}

/** Plays a timeline; after the last event lets simulated time pass (≤ `drainLimitMs`) until the outbox is empty. */
export async function runTimeline<Ctx>(h: Harness<Ctx>, events: TimelineEvent[], drainLimitMs = 6 * 60 * MINUTE): Promise<void> {
  for (const event of events) {
    await advanceTo(h, event.at);
    if ('clock' in event) continue;
    if ('wecomFault' in event) h.fault(event.wecomFault, event.count);
    else if ('chat' in event) await h.sendGroup(event.chat, event.user, event.text);
    else await h.sendPrivate(event.user, event.text);
    await h.settle();
  }
  const deadline = h.clock.now().getTime() + drainLimitMs;
  while ((await h.pendingOutbound()) > 0 && h.clock.now().getTime() < deadline) {
    h.clock.set(await nextOutbound(h, new Date(Math.min(deadline, h.clock.now().getTime() + MINUTE))));
    await h.settle();
  }
}
