import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { openStore, type Store } from '../src/db/index.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { postAibotMessage } from '../src/simulate/wecom/callbacks.js';
import { collections } from '../src/db/collections.js';
import { countySetup } from './support/county.js';

const setup = countySetup;
let store: Store;
let county: SimulatedCounty;

// Outages are injected into the in-process store (memory://); a real mongod is not stopped here.
beforeAll(async () => {
  store = await openStore({ uri: 'memory://', dbName: 'outage', dataDir: '/tmp/unused' }, silentLogger);
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: new Date('2026-10-27T10:00:00+08:00') });
});
afterAll(async () => {
  await county.close();
  await store.close();
});

describe('store unavailable for a while', () => {
  it('refuses callbacks cleanly so WeCom retries, writes nothing half-way, and handles each retry once after recovery', async () => {
    const messages = ['wr_ll', 'wr_xx', 'wr_gf'].map((chatId, i) => ({
      msgId: `outage-${i}`, chatId, userId: ['ma_ll', 'niu_ll', 'zhao_ll'][i]!, text: `10月完成投资${100 + i}万元，年度累计完成${5000 + i}万元`,
      responseUrl: county.wecom.responseUrl({ chatId, userId: ['ma_ll', 'niu_ll', 'zhao_ll'][i]! }), botName: county.config.wecom.botName,
    }));
    const post = (m: (typeof messages)[number]) => postAibotMessage(county.app.url, county.credentials.bot, m, county.clock);

    store.failNext!(1_000);
    const during = await Promise.all(messages.map(post));
    expect(during.map((a) => a.status)).toEqual([503, 503, 503]);
    expect(during.every((a) => a.body === '')).toBe(true);
    store.failNext!(0);
    await county.settle();
    expect(await store.db.collection(collections.reports).countDocuments()).toBe(0);

    // WeCom retries each callback (a new nonce, the same msgid); one of them twice.
    const after = await Promise.all([...messages, messages[0]!].map(post));
    expect(after.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    await county.settle();
    expect(await store.db.collection(collections.reports).countDocuments()).toBe(3);
    const receipts = county.wecom.records.filter((r) => r.via === 'reply' && r.text.includes('已记录'));
    expect(receipts.map((r) => ('chat' in r.to ? r.to.chat : '')).sort()).toEqual(['wr_gf', 'wr_ll', 'wr_xx']);
  });

  it('keeps serving /healthz during an outage and reports not ready on /readyz', async () => {
    store.failNext!(1_000);
    const [health, ready] = await Promise.all([fetch(`${county.app.url}/healthz`), fetch(`${county.app.url}/readyz`)]);
    store.failNext!(0);
    expect(health.status).toBe(200);
    expect(ready.status).toBe(503);
  });
});
