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
  /** Handling attempts so far, over every run and restart. */
  attempts?: number;
  error?: string;
}

/** Attempts in one run (waiting 0.2 s, then 0.8 s), and how many start-ups pick a failed event up again. */
const ATTEMPTS_PER_RUN = 3;
const RETRY_BASE_MS = 200;
export const MAX_ATTEMPTS = 9;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Between the transport and the handlers: runs each event once, records the outcome on its
 * `inbound` record, and picks up what a crash left pending. Handlers are idempotent on msgId, so
 * a recovered event that had half-run produces no duplicate.
 *
 * Events of one chat (or one person's private chat) run in arrival order, one at a time, so a
 * report and its 确认 never race; at most `concurrency` chats run at once, so a burst of callbacks
 * queues here (each already stored as pending) instead of starving the acks of CPU.
 */
export function createDispatcher(opts: { db: Db; log: Logger; clock: Clock; handle(event: InboundEvent): Promise<void>; concurrency?: number }): Dispatcher {
  const inbound = opts.db.collection<InboundDoc>(collections.inbound);
  const concurrency = opts.concurrency ?? 4;
  const waiting = new Map<string, InboundEvent[]>();
  const ready: string[] = [];
  const running = new Set<string>();
  let idleWaiters: Array<() => void> = [];

  // Handlers are idempotent by msgId, so an attempt that failed half-way is completed by the next.
  const run = async (event: InboundEvent) => {
    const log = opts.log.child({ msgId: event.msgId, source: event.source });
    for (let attempt = 1; ; attempt++) {
      try {
        await opts.handle(event);
        await inbound.updateOne({ msgId: event.msgId }, { $set: { status: 'done', doneAt: opts.clock.now() }, $inc: { attempts: attempt } });
        return;
      } catch (err) {
        const last = attempt >= ATTEMPTS_PER_RUN;
        log[last ? 'error' : 'warn']({ err, attempt }, last ? 'event handling failed; kept as failed (npm run -s cli -- events --failed)' : 'event handling failed; retrying');
        if (last) {
          await inbound.updateOne({ msgId: event.msgId }, { $set: { status: 'failed', error: String(err), failedAt: opts.clock.now() }, $inc: { attempts: ATTEMPTS_PER_RUN } }).catch(() => undefined);
          return;
        }
        await sleep(RETRY_BASE_MS * 4 ** (attempt - 1));
      }
    }
  };

  const pump = () => {
    while (running.size < concurrency && ready.length > 0) {
      const lane = ready.shift()!;
      const queue = waiting.get(lane)!;
      const event = queue.shift()!;
      running.add(lane);
      void run(event).finally(() => {
        running.delete(lane);
        if (queue.length > 0) ready.push(lane);
        else waiting.delete(lane);
        pump();
        if (running.size === 0 && ready.length === 0) {
          for (const resolve of idleWaiters) resolve();
          idleWaiters = [];
        }
      });
    }
  };

  const accept = (event: InboundEvent) => {
    const lane = event.chatId ?? `user:${event.userId}`;
    const queue = waiting.get(lane);
    if (queue) queue.push(event);
    else {
      waiting.set(lane, [event]);
      ready.push(lane);
    }
    pump();
  };

  return {
    accept,
    idle() {
      if (running.size === 0 && ready.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async recover() {
      // Pending: a crash or stop cut it short. Failed: a fault outlasted one run's retries; a few more start-ups try again.
      const pending = await inbound
        .find({ $or: [{ status: 'pending' }, { status: 'failed', attempts: { $lt: MAX_ATTEMPTS } }] })
        .sort({ receivedAt: 1 })
        .toArray();
      for (const doc of pending) accept(revive(doc.event));
      await this.idle();
      return pending.length;
    },
  };
}

/** Stored events come back with dates as Date (driver) — the memory store and EJSON restore agree. */
function revive(event: InboundEvent): InboundEvent {
  return { ...event, receivedAt: new Date(event.receivedAt) };
}
