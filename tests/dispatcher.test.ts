import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, MAX_ATTEMPTS } from '../src/bot/dispatcher.js';
import { recordInbound } from '../src/wecom/inbound/dedupe.js';
import { collections } from '../src/db/collections.js';
import { ManualClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import type { InboundEvent } from '../src/wecom/event.js';
import { openTestStore } from './support/store.js';
import type { Store } from '../src/db/index.js';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

const event = (msgId: string, chatId: string | null, userId = 'u'): InboundEvent => ({ source: 'aibot', msgId, chatId, chatType: chatId ? 'group' : 'single', userId, text: msgId, kind: 'message', receivedAt: new Date(), raw: {} });
const tick = () => new Promise((r) => setTimeout(r, 2));

describe('dispatcher', () => {
  it('runs a chat\'s events in order one at a time, at most `concurrency` chats at once, and marks each done', async () => {
    const store = await openTestStore();
    stores.push(store);
    const log: string[] = [];
    let active = 0;
    let most = 0;
    const d = createDispatcher({
      db: store.db, log: silentLogger, clock: new ManualClock(new Date()), concurrency: 2,
      async handle(e) {
        active++;
        most = Math.max(most, active);
        log.push(`start ${e.msgId}`);
        await tick();
        log.push(`end ${e.msgId}`);
        active--;
      },
    });
    const events = [event('a1', 'A'), event('b1', 'B'), event('a2', 'A'), event('c1', 'C'), event('a3', 'A'), event('p1', null, 'lee')];
    for (const e of events) {
      await recordInbound(store.db, e);
      d.accept(e);
    }
    await d.idle();
    expect(most).toBe(2);
    const order = (prefix: string) => log.filter((l) => l.includes(` ${prefix}`));
    expect(order('a')).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    expect(log).toHaveLength(12);
    expect(await store.db.collection(collections.inbound).countDocuments({ status: 'done' })).toBe(6);
  });

  it('records a failing handler as failed and goes on with the rest', async () => {
    const store = await openTestStore();
    stores.push(store);
    const d = createDispatcher({
      db: store.db, log: silentLogger, clock: new ManualClock(new Date()),
      async handle(e) {
        if (e.msgId === 'bad') throw new Error('boom');
      },
    });
    for (const e of [event('bad', 'A'), event('good', 'A')]) {
      await recordInbound(store.db, e);
      d.accept(e);
    }
    await d.idle();
    const docs = await store.db.collection(collections.inbound).find({}, { projection: { _id: 0, msgId: 1, status: 1 } }).sort({ msgId: 1 }).toArray();
    expect(docs).toEqual([{ msgId: 'bad', status: 'failed' }, { msgId: 'good', status: 'done' }]);
  });
});

describe('dispatcher retries', () => {
  it('retries a transient failure in the same run and ends done', async () => {
    const store = await openTestStore();
    stores.push(store);
    let calls = 0;
    const d = createDispatcher({
      db: store.db, log: silentLogger, clock: new ManualClock(new Date()),
      async handle() {
        if (++calls === 1) throw new Error('transient');
      },
    });
    const e = event('flaky', 'A');
    await recordInbound(store.db, e);
    d.accept(e);
    await d.idle();
    expect(calls).toBe(2);
    expect(await store.db.collection(collections.inbound).findOne({ msgId: 'flaky' }, { projection: { _id: 0, status: 1, attempts: 1 } })).toEqual({ status: 'done', attempts: 2 });
  });

  it('picks a failed event up again at the next start, until it has used its attempts', async () => {
    const store = await openTestStore();
    stores.push(store);
    const e = event('stuck', 'A');
    await recordInbound(store.db, e);
    let healthy = false;
    const make = () => createDispatcher({
      db: store.db, log: silentLogger, clock: new ManualClock(new Date()),
      async handle() {
        if (!healthy) throw new Error('store down');
      },
    });
    const first = make();
    first.accept(e);
    await first.idle();
    expect(await store.db.collection(collections.inbound).findOne({ msgId: 'stuck' }, { projection: { _id: 0, status: 1, attempts: 1 } })).toEqual({ status: 'failed', attempts: 3 });
    healthy = true;
    expect(await make().recover()).toBe(1);
    expect(await store.db.collection(collections.inbound).findOne({ msgId: 'stuck' }, { projection: { _id: 0, status: 1 } })).toEqual({ status: 'done' });
    await store.db.collection(collections.inbound).updateOne({ msgId: 'stuck' }, { $set: { status: 'failed', attempts: MAX_ATTEMPTS } });
    expect(await make().recover()).toBe(0);
  });
});
