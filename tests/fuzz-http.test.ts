import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { postCallback } from '../src/simulate/wecom/callbacks.js';
import { collections } from '../src/db/collections.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { replyIn } from './support/records.js';
import type { Store } from '../src/db/index.js';

const setup = countySetup;
let store: Store;
let county: SimulatedCounty;

beforeAll(async () => {
  store = await openTestStore();
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: new Date('2026-10-26T09:00:00+08:00') });
});
afterAll(async () => {
  await county.close();
  await store.close();
});

// The simulated county configures the AI bot and the app; an unconfigured surface answers 503 by design.
const surface = fc.constantFrom('aibot', 'app');
/** Nested JSON deep enough to trouble a recursive parser or validator. */
const deepJson = fc.integer({ min: 1, max: 20_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n));
const body = fc.oneof(
  fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 2000 }),
  fc.json({ maxDepth: 6 }),
  deepJson,
  fc.constant('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><Encrypt>&lol2;</Encrypt></xml>'),
);
const query = fc.dictionary(fc.constantFrom('msg_signature', 'timestamp', 'nonce', 'echostr', 'x'), fc.string({ maxLength: 80 }), { maxKeys: 4 });
const contentType = fc.constantFrom('application/json', 'text/xml', 'application/octet-stream', 'multipart/form-data; boundary=x', 'text/plain;charset=gbk', '');

async function request(method: string, url: string, payload?: string | Buffer, type?: string): Promise<number> {
  const res = await fetch(url, { method, ...(payload !== undefined ? { body: typeof payload === 'string' ? payload : new Uint8Array(payload) } : {}), headers: type ? { 'content-type': type } : {}, signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return res.status;
}

describe('hostile HTTP input to the callback routes', () => {
  it('unsigned requests of any shape are refused with a 4xx, never a crash or a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(surface, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), query, body, contentType, async (s, method, q, payload, type) => {
        const url = `${county.app.url}/wecom/${s}?${new URLSearchParams(q).toString()}`;
        const status = await request(method, url, method === 'GET' ? undefined : payload, type);
        expect(status).toBeGreaterThanOrEqual(400);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('correctly signed and encrypted garbage is refused with a 400 and stores nothing', async () => {
    const statuses = new Set<number>();
    const plaintext = fc.oneof(fc.string({ maxLength: 500 }), fc.json({ maxDepth: 5 }), deepJson, fc.string({ maxLength: 200 }).map((s) => `<xml><MsgType>${s}</MsgType></xml>`));
    await fc.assert(
      fc.asyncProperty(surface, plaintext, async (s, text) => {
        const creds = s === 'aibot' ? county.credentials.bot : county.credentials.app;
        const receiveId = s === 'app' ? 'wwsimulatedcorp' : '';
        const envelope = s === 'aibot' ? ('json' as const) : { xml: { ToUserName: 'x' } };
        const answer = await postCallback(county.app.url, s, creds, { receiveId, plaintext: text, envelope }, county.clock);
        statuses.add(answer.status);
        // Signed for this bot: never refused as forged, replayed or foreign; garbage inside is a 400 (or an ack of an unknown app event).
        expect([200, 400]).toContain(answer.status);
        expect(answer.body).not.toMatch(/error|stack|at \w+ \(/i);
      }),
      { numRuns: 120 },
    );
    expect(statuses).toContain(400);
    expect(await store.db.collection(collections.inbound).countDocuments()).toBe(0);
    expect(await store.db.collection(collections.reports).countDocuments()).toBe(0);
  });

  it('refuses a 5 MiB body with 413 and still serves a real report afterwards', async () => {
    expect(await request('POST', `${county.app.url}/wecom/aibot?msg_signature=a&timestamp=1&nonce=1`, Buffer.alloc(5 * 2 ** 20, 0x7b), 'application/json')).toBe(413);
    await county.sendGroup('wr_ll', 'ma_ll', '10月完成投资700万元，年度累计完成7100万元');
    await county.settle();
    expect(await store.db.collection(collections.reports).countDocuments()).toBe(1);
    expect(replyIn(county.wecom.records, 'wr_ll')!.text).toContain('已记录');
  });
});
