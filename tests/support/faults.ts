import { MongoNetworkError, type Collection } from 'mongodb';
import type { Store } from '../../src/db/index.js';
import { collections } from '../../src/db/collections.js';
import type { SentRecord } from '../../src/simulate/wecom/server.js';
import type { OutboxEntry } from '../../src/wecom/outbox.js';
import type { OutboundTarget } from '../../src/messages/outbound.js';
import { renderPlainText } from '../../src/wecom/render.js';
import { silentLogger } from '../../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../../src/simulate/harness.js';
import type { Rules } from '../../src/domain/rules.js';
import { countySetup } from './county.js';

/** The test county's bot on a fresh store at `start` (local time in the tests' `at`). */
export const startCounty = (store: Store, start: Date, rules?: Rules): Promise<SimulatedCounty> =>
  startSimulatedCounty({ setup: countySetup, store, log: silentLogger, start, ...(rules ? { rules } : {}) });

/** The bot stops (or died) and starts again at `start` on the same store, simulator, clock and rules; start-up recovers what was left. */
export async function restart(county: SimulatedCounty, store: Store, start: Date): Promise<SimulatedCounty> {
  await county.app.stop();
  return startSimulatedCounty({ setup: countySetup, store, log: silentLogger, start, restartOf: county, rules: county.jobContext.rules });
}

/** Where a message to `target` shows up in the simulator's record. */
function destination(target: OutboundTarget): string {
  switch (target.kind) {
    case 'webhook':
    case 'chat':
      return `chat:${target.chatId}`;
    case 'reply':
      return target.chatId === null ? `users:${target.userId}` : `chat:${target.chatId}`;
    case 'app':
      return `users:${target.userIds.join('|')}`;
  }
}

const recorded = (r: SentRecord) => `${'chat' in r.to ? `chat:${r.to.chat}` : `users:${r.to.users.join('|')}`} ${r.text}`;

/**
 * What a fault cost, checked in the store and in the simulator's record:
 * lost = messages the outbox did not deliver (unsent or failed), sent ones the simulator never
 * received, events not handled, and messages left without an answer; duplicated = messages the
 * simulator received more often than the outbox sent them.
 */
export async function tally(store: Store, records: SentRecord[]): Promise<{ lost: number; duplicated: number }> {
  const entries = await store.db.collection<OutboxEntry>(collections.outbox).find({}).toArray();
  const expected = new Map<string, number>();
  for (const e of entries.filter((e) => e.status === 'sent')) {
    const key = `${destination(e.target)} ${renderPlainText(e.body)}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  let duplicated = 0;
  for (const r of records) {
    const key = recorded(r);
    const left = expected.get(key) ?? 0;
    if (left === 0) duplicated++;
    else expected.set(key, left - 1);
  }
  const neverArrived = [...expected.values()].reduce((a, b) => a + b, 0);
  const unsent = entries.filter((e) => e.status !== 'sent').length;
  const events = await store.db.collection<{ msgId: string; status: string; event: { kind: string } }>(collections.inbound).find({}).toArray();
  const unhandled = events.filter((e) => e.status !== 'done').length;
  const answered = new Set(entries.filter((e) => e.origin?.msgId).map((e) => e.origin!.msgId));
  const unanswered = events.filter((e) => e.event.kind === 'message' && !answered.has(e.msgId)).length;
  return { lost: unsent + neverArrived + unhandled + unanswered, duplicated };
}

/**
 * Makes the next `times` insertOne calls into collection `name` throw a network error, before the
 * write or after it landed. It patches the collection's class, so it works on memory:// and on a
 * real MongoDB alike. Returns the undo.
 */
export function breakInserts(store: Store, name: string, opts: { times: number; after?: boolean }): () => void {
  const proto = Object.getPrototypeOf(store.db.collection(name)) as Collection;
  const original = proto.insertOne;
  let left = opts.times;
  proto.insertOne = async function (this: Collection, ...args: Parameters<Collection['insertOne']>) {
    if (this.collectionName !== name || left === 0) return original.apply(this, args);
    left--;
    if (opts.after) await original.apply(this, args);
    throw new MongoNetworkError(`connection lost ${opts.after ? 'after' : 'before'} ${name}.insertOne`);
  } as Collection['insertOne'];
  return () => {
    proto.insertOne = original;
  };
}

const WRITES = ['insertOne', 'insertMany', 'updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'bulkWrite'] as const;

/**
 * The process dies just after the `nth` `method` call into collection `name` landed: that call and
 * every later write, into any collection, fail as a lost connection would, until the undo (the
 * restart). What the dying process had not yet written stays unwritten, as after a real crash.
 */
export function crashAfter(store: Store, name: string, method: (typeof WRITES)[number], nth = 1): () => void {
  const proto = Object.getPrototypeOf(store.db.collection(name)) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const originals = WRITES.map((w) => [w, proto[w]!] as const);
  let left = nth;
  let dead = false;
  for (const [write, original] of originals) {
    proto[write] = async function (this: Collection, ...args: unknown[]) {
      if (dead) throw new MongoNetworkError(`connection lost (the process died) before ${this.collectionName}.${write}`);
      const result = await original.apply(this, args);
      if (this.collectionName !== name || write !== method || --left > 0) return result;
      dead = true;
      throw new MongoNetworkError(`connection lost (the process died) after ${name}.${write}`);
    };
  }
  return () => {
    for (const [write, original] of originals) proto[write] = original;
  };
}
