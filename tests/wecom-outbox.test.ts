import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { ManualClock } from '../src/clock.js';
import type { Store } from '../src/db/index.js';
import { silentLogger } from '../src/log.js';
import { WecomClient } from '../src/wecom/client.js';
import type { OutboundMessage } from '../src/messages/outbound.js';
import { createOutbox, type Outbox, type OutboxOptions, type Sender } from '../src/wecom/outbox.js';
import { startWecomSimulator, type SentRecord, type WecomSimulator } from '../src/simulate/wecom/server.js';
import { openTestStore } from './support/store.js';

const T0 = new Date('2026-12-02T01:00:00Z');
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

let store: Store;
let db: Db;
let clock: ManualClock;
let sim: WecomSimulator;
let client: WecomClient;

beforeEach(async () => {
  clock = new ManualClock(T0);
  // Sent entries expire by TTL: the store must age them by the test's clock, not the machine's.
  store = await openTestStore({ clock });
  db = store.db;
  sim = await startWecomSimulator({ clock, corpId: 'ww-corp', secret: 'app-secret' });
  sim.bindWebhook('key-a', 'wr_a');
  sim.bindWebhook('key-b', 'wr_b');
  client = new WecomClient({ baseUrl: sim.url, corpId: 'ww-corp', agentId: '1000002', secret: 'app-secret', clock, log: silentLogger, timeoutMs: 1_500 });
});

afterEach(async () => {
  await sim.close();
  await store.close();
});

const outboxWith = (over: Partial<OutboxOptions> = {}): Outbox =>
  createOutbox({ db, client, clock, log: silentLogger, backoff: { baseMs: 2 * SECOND, capMs: MINUTE }, ...over });

const toChat = (chat: 'a' | 'b', key: string, content: string): OutboundMessage => ({
  key,
  target: { kind: 'webhook', chatId: `wr_${chat}`, webhookKey: `key-${chat}` },
  body: { msgtype: 'text', content },
});

/** Lets simulated time pass in steps, draining at each, until nothing is left (or the step budget runs out). */
async function drainUntilEmpty(outbox: Outbox, stepMs = 5 * SECOND, maxSteps = 500): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    await outbox.drainDue();
    if ((await outbox.pending()) === 0) return;
    clock.advance(stepMs);
  }
  throw new Error(`outbox still has ${await outbox.pending()} pending`);
}

const textsTo = (chat: string) => sim.records.filter((r) => 'chat' in r.to && r.to.chat === chat).map((r) => r.text);

describe('outbox', () => {
  it('writes first, sends, marks sent with the answer; a duplicate key is sent once', async () => {
    const outbox = outboxWith();
    await outbox.enqueue(toChat('a', 'm1', '你好'));
    await outbox.enqueue([toChat('a', 'm1', '你好'), toChat('a', 'm1', '你好')]);
    expect(await outbox.pending()).toBe(1);
    expect(sim.records).toHaveLength(0);

    expect(await outbox.drainDue()).toBe(1);
    await outbox.enqueue(toChat('a', 'm1', '你好'));
    expect(await outbox.drainDue()).toBe(0);
    expect(sim.records.map((r) => r.text)).toEqual(['你好']);

    const [entry] = await outbox.list({ status: 'sent' });
    expect(entry).toMatchObject({ key: 'm1', status: 'sent', attempts: 1, answer: { errcode: 0, errmsg: 'ok' } });
    expect(entry!.sentAt).toEqual(T0);
    expect(await outbox.pending()).toBe(0);
  });

  it('WeCom down for a while, then back: everything delivered once, in order per chat', async () => {
    const outbox = outboxWith();
    sim.fault('5xx', 8);
    await outbox.enqueue([toChat('a', 'a1', 'A1'), toChat('b', 'b1', 'B1'), toChat('a', 'a2', 'A2'), toChat('b', 'b2', 'B2'), toChat('a', 'a3', 'A3')]);
    await drainUntilEmpty(outbox);
    expect(sim.faultsLeft()).toBe(0);
    expect(textsTo('wr_a')).toEqual(['A1', 'A2', 'A3']);
    expect(textsTo('wr_b')).toEqual(['B1', 'B2']);
    expect(sim.records).toHaveLength(5);
    expect(clock.now().getTime()).toBeGreaterThan(T0.getTime());
  });

  it('a timed-out call is retried and delivered once', async () => {
    const outbox = outboxWith();
    sim.fault('timeout', 1);
    await outbox.enqueue(toChat('a', 't1', '超时后重发'));
    expect(await outbox.drainDue()).toBe(0);
    const [waiting] = await outbox.list({ status: 'pending' });
    expect(waiting!.lastError).toMatchObject({ retryable: true, errcode: null });
    await drainUntilEmpty(outbox);
    expect(sim.records.map((r) => r.text)).toEqual(['超时后重发']);
  });

  it('rate-limit storm: backs off, nothing lost', async () => {
    const outbox = outboxWith();
    sim.fault('rate-limit', 12);
    const msgs = Array.from({ length: 6 }, (_, i) => toChat(i % 2 ? 'b' : 'a', `r${i}`, `R${i}`));
    await outbox.enqueue(msgs);
    await drainUntilEmpty(outbox);
    expect(sim.faultsLeft()).toBe(0);
    expect(textsTo('wr_a')).toEqual(['R0', 'R2', 'R4']);
    expect(textsTo('wr_b')).toEqual(['R1', 'R3', 'R5']);
  });

  it('paces one webhook to at most 20 messages per rolling minute', async () => {
    const outbox = outboxWith();
    await outbox.enqueue(Array.from({ length: 25 }, (_, i) => toChat('a', `p${i}`, `P${i}`)));
    await outbox.drainDue();
    expect(sim.records).toHaveLength(20);
    await drainUntilEmpty(outbox, 10 * SECOND);
    expect(sim.records.map((r) => r.text)).toEqual(Array.from({ length: 25 }, (_, i) => `P${i}`));
    expect(maxPerMinute(sim.records)).toBeLessThanOrEqual(20);
    expect(Date.parse(sim.records[20]!.at)).toBeGreaterThanOrEqual(T0.getTime() + MINUTE);
  });

  it('a crash between write and send, or mid-send: a second instance delivers, no duplicates', async () => {
    const calls: string[] = [];
    const hanging: Sender = {
      send: (_target, body) => {
        calls.push(body.msgtype === 'text' ? body.content : body.msgtype);
        return new Promise(() => undefined);
      },
    };
    const first = createOutbox({ db, client: hanging, clock, log: silentLogger, leaseMs: 2 * MINUTE });
    await first.enqueue([toChat('a', 'c1', 'C1'), toChat('a', 'c2', 'C2'), toChat('b', 'c3', 'C3')]);
    void first.drainDue();
    // Lanes go side by side: the first worker hangs on the head of each chat.
    await until(() => calls.length === 2);
    expect(calls.sort()).toEqual(['C1', 'C3']);

    const second = outboxWith({ leaseMs: 2 * MINUTE });
    await second.drainDue();
    expect(sim.records).toHaveLength(0);

    clock.advance(2 * MINUTE);
    await drainUntilEmpty(second);
    expect(textsTo('wr_a')).toEqual(['C1', 'C2']);
    expect(sim.records).toHaveLength(3);
    expect(textsTo('wr_b')).toEqual(['C3']);
    const [c1] = (await second.list({ status: 'sent' })).filter((e) => e.key === 'c1');
    expect(c1).toMatchObject({ reclaimed: 1, attempts: 2 });
  });

  it('two workers draining the same queue never send an entry twice', async () => {
    const one = outboxWith();
    const two = outboxWith();
    const msgs = Array.from({ length: 12 }, (_, i) => toChat(i % 2 ? 'b' : 'a', `w${i}`, `W${i}`));
    await one.enqueue(msgs);
    const [x, y] = await Promise.all([one.drainDue(), two.drainDue()]);
    expect(x + y).toBe(12);
    expect(sim.records).toHaveLength(12);
    expect(textsTo('wr_a')).toEqual(['W0', 'W2', 'W4', 'W6', 'W8', 'W10']);
  });

  it('splits long markdown into ordered parts; a reply is truncated instead', async () => {
    const outbox = outboxWith();
    const lines = Array.from({ length: 400 }, (_, i) => `- 第 ${i + 1} 项：征迁协调中`);
    const content = lines.join('\n');
    await outbox.enqueue({ key: 'long', target: { kind: 'webhook', chatId: 'wr_a', webhookKey: 'key-a' }, body: { msgtype: 'markdown', content } });
    const url = sim.responseUrl({ chatId: 'wr_b', userId: 'zhao' });
    await outbox.enqueue({ key: 'reply', target: { kind: 'reply', url, chatId: 'wr_b', userId: 'zhao' }, body: { msgtype: 'markdown', content } });
    await drainUntilEmpty(outbox);

    const parts = sim.records.filter((r) => r.via === 'webhook');
    expect(parts.length).toBeGreaterThan(2);
    const raw = parts.map((r) => (r.raw as { markdown: { content: string } }).markdown.content);
    for (const part of raw) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(4096);
    expect(raw.join('\n')).toBe(content);
    expect((await outbox.list({ status: 'sent' })).filter((e) => e.messageKey === 'long').map((e) => e.key)).toEqual(
      parts.map((_, i) => `long#${i + 1}`),
    );

    const replies = sim.records.filter((r) => r.via === 'reply');
    expect(replies).toHaveLength(1);
    const reply = (replies[0]!.raw as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(reply)).toBeLessThanOrEqual(4096);
    expect(reply).toMatch(/已截断/);
  });

  it('a permanent error fails at once and is listed; retry re-sends it', async () => {
    const outbox = outboxWith();
    sim.bindWebhook('key-a', 'wr_a');
    await outbox.enqueue({ key: 'lost', target: { kind: 'webhook', chatId: 'wr_x', webhookKey: 'key-x' }, body: { msgtype: 'text', content: '找不到群' } });
    await outbox.enqueue(toChat('a', 'fine', '正常'));
    await outbox.drainDue();
    expect(await outbox.pending()).toBe(0);
    const [failed] = await outbox.list({ status: 'failed' });
    expect(failed).toMatchObject({ key: 'lost', attempts: 1, lastError: { errcode: 93000, retryable: false } });

    sim.bindWebhook('key-x', 'wr_x');
    expect(await outbox.retry(failed!._id.toHexString())).toBe(true);
    expect(await outbox.retry(failed!._id.toHexString())).toBe(false);
    await outbox.drainDue();
    expect(textsTo('wr_x')).toEqual(['找不到群']);
    expect(await outbox.list({ status: 'failed' })).toHaveLength(0);
  });

  it('gives up once retryable failures have gone on for giveUpAfterMs, keeping the last error', async () => {
    const outbox = outboxWith({ giveUpAfterMs: 5 * SECOND });
    sim.fault('5xx', 2);
    await outbox.enqueue(toChat('a', 'x', '发不出去'));
    await drainUntilEmpty(outbox);
    const [failed] = await outbox.list({ status: 'failed' });
    expect(failed).toMatchObject({ attempts: 2, lastError: { retryable: true } });
    expect(failed!.lastError!.message).toMatch(/HTTP 502/);
    expect(await outbox.retry('x')).toBe(true);
    await drainUntilEmpty(outbox);
    expect(textsTo('wr_a')).toEqual(['发不出去']);
  });

  it('the start loop sends in the background until stopped', async () => {
    const outbox = outboxWith();
    outbox.start(10);
    await outbox.enqueue({ key: 'app1', target: { kind: 'app', userIds: ['qian'] }, body: { msgtype: 'markdown', content: '**日报**' } });
    await sim.waitFor(1);
    await outbox.stop();
    expect(sim.records[0]).toMatchObject({ via: 'app', to: { users: ['qian'] }, text: '日报' });
  });
});

function maxPerMinute(records: SentRecord[]): number {
  const times = records.map((r) => Date.parse(r.at));
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + MINUTE).length));
}

async function until(condition: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('delivery under faults', () => {
  const HOUR = 60 * MINUTE;
  const reply = (key: string, chatId: string, expiresAt: Date): OutboundMessage => ({
    key,
    target: { kind: 'reply', url: sim.responseUrl({ chatId, userId: 'zhao' }), chatId, userId: 'zhao', expiresAt },
    body: { msgtype: 'markdown', content: '✅ 已收到' },
    origin: { msgId: key },
  });

  it('keeps retrying a retryable failure with capped back-off until giveUpAfterMs, then tells onFailed once per entry', async () => {
    const failed: string[] = [];
    const outbox = outboxWith({ backoff: { baseMs: 10 * SECOND, capMs: 15 * MINUTE }, giveUpAfterMs: 48 * HOUR, onFailed: async (e) => void failed.push(e.key) });
    sim.outage(new Date(T0.getTime() + 50 * HOUR), ['webhook']);
    await outbox.enqueue(toChat('a', 'x', '发不出去'));
    const gaps: number[] = [];
    let last = T0.getTime();
    for (let i = 0; i < 400 && (await outbox.pending()) > 0; i++) {
      clock.set((await outbox.nextDueAt())!);
      gaps.push(clock.now().getTime() - last);
      last = clock.now().getTime();
      await outbox.drainDue();
    }
    const [entry] = await outbox.list({ status: 'failed' });
    expect(entry!.attempts).toBeGreaterThan(190);
    expect(Math.max(...gaps)).toBe(15 * MINUTE);
    expect(entry!.lastError!.at.getTime() - T0.getTime()).toBeGreaterThanOrEqual(48 * HOUR);
    expect(entry!.lastError!.at.getTime() - T0.getTime()).toBeLessThan(48 * HOUR + 15 * MINUTE);
    expect(failed).toEqual(['x']);
  });

  it('next due is when a lane head can go: a message due behind a head waiting to retry is not due', async () => {
    const outbox = outboxWith({ backoff: { baseMs: 10 * SECOND, capMs: MINUTE } });
    sim.outage(new Date(T0.getTime() + 5 * MINUTE), ['webhook']);
    await outbox.enqueue(toChat('a', 'head', '先'));
    await outbox.drainDue();
    clock.advance(SECOND);
    await outbox.enqueue(toChat('a', 'behind', '后'));
    expect(await outbox.nextDueAt()).toEqual(new Date(T0.getTime() + 10 * SECOND));
    await outbox.enqueue(toChat('b', 'other', '别的群'));
    expect(await outbox.nextDueAt()).toEqual(clock.now());
    await outbox.drainDue();
    for (let i = 0; i < 20 && (await outbox.pending()) > 0; i++) {
      clock.set((await outbox.nextDueAt())!);
      await outbox.drainDue();
    }
    expect(textsTo('wr_a')).toEqual(['先', '后']);
    expect(textsTo('wr_b')).toEqual(['别的群']);
  });

  it('sends an answer whose response_url has expired by the route it is given, saying it is late', async () => {
    const outbox = outboxWith({ reroute: async (t) => ({ kind: 'webhook', chatId: t.chatId!, webhookKey: 'key-b' }) });
    await outbox.enqueue(reply('r1', 'wr_b', new Date(T0.getTime() + HOUR)));
    clock.advance(HOUR);
    await outbox.drainDue();
    expect(sim.records.map((r) => [r.via, r.to, r.text])).toEqual([['webhook', { chat: 'wr_b' }, '（回复延迟：这是对 12月2日 09:00 消息的回复）\n✅ 已收到']]);
    expect((await outbox.list({ status: 'sent' }))[0]).toMatchObject({ late: true, pace: 'key-b' });
  });

  it('an answer refused with 40035 goes to the person by the app at once; one that got no answer and then 40035 was delivered', async () => {
    const outbox = outboxWith();
    const used = reply('r2', 'wr_b', new Date(T0.getTime() + HOUR));
    await client.send(used.target, { msgtype: 'markdown', content: '别处用过了' });
    await outbox.enqueue(used);
    await outbox.drainDue();
    expect(sim.records.at(-1)).toMatchObject({ via: 'app', to: { users: ['zhao'] }, text: expect.stringContaining('回复延迟') });

    sim.fault('slow', 1);
    await outbox.enqueue(reply('r3', 'wr_a', new Date(T0.getTime() + HOUR)));
    await outbox.drainDue();
    clock.advance(MINUTE);
    await outbox.drainDue();
    expect(sim.records.filter((r) => 'chat' in r.to && r.to.chat === 'wr_a')).toHaveLength(1);
    expect(await outbox.list({ status: 'sent' })).toHaveLength(2);
  }, 15_000);

  it("one chat's slow send holds up no other chat", async () => {
    let release!: () => void;
    let holding = false;
    const stuck = new Promise<void>((r) => (release = r));
    const slowClient: Sender = {
      send: async (target, body) => {
        if (target.kind === 'webhook' && target.chatId === 'wr_a') {
          holding = true;
          await stuck;
        }
        return client.send(target, body);
      },
    };
    const outbox = outboxWith({ client: slowClient });
    await outbox.enqueue(toChat('a', 'a1', 'A1'));
    const first = outbox.drainDue();
    await until(() => holding);
    await outbox.enqueue(toChat('b', 'b1', 'B1'));
    expect(await outbox.drainDue()).toBe(1);
    expect(textsTo('wr_b')).toEqual(['B1']);
    release();
    expect(await first).toBe(1);
    expect(textsTo('wr_a')).toEqual(['A1']);
  });
});
