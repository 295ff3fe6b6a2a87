import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { startApp, type RunningApp } from '../src/app.js';
import { postAibotMessage } from '../src/simulate/wecom/callbacks.js';
import { collections } from '../src/db/collections.js';
import { dailyDigest } from '../jobs/daily-digest.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import type { Store } from '../src/db/index.js';

const setup = countySetup;
let store: Store;
let county: SimulatedCounty;
let second: RunningApp;

beforeAll(async () => {
  store = await openTestStore();
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: new Date('2026-10-27T10:00:00+08:00') });
  // Another instance behind the same load balancer: same tenant, same store, its own process state.
  second = await startApp({ config: county.config, log: silentLogger, clock: county.clock, store, schedule: false, outbox: { timeoutMs: 300 } });
});
afterAll(async () => {
  await second.stop();
  await county.close();
  await store.close();
});

describe('two bot instances on one store', () => {
  it('process a callback delivered to both (WeCom retrying on the other instance) once: one report, one receipt', async () => {
    const message = { msgId: 'retry-on-other-instance', chatId: 'wr_ll', userId: 'ma_ll', text: '10月完成投资700万元，年度累计完成7100万元', responseUrl: county.wecom.responseUrl({ chatId: 'wr_ll', userId: 'ma_ll' }), botName: county.config.wecom.botName };
    const answers = await Promise.all([
      postAibotMessage(county.app.url, county.credentials.bot, message, county.clock),
      postAibotMessage(second.url, county.credentials.bot, message, county.clock),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await Promise.all([county.settle(), second.runtime.dispatcher.idle().then(() => second.runtime.outbox.drainDue())]);
    await county.settle();
    expect(await store.db.collection(collections.reports).countDocuments({ msgId: 'retry-on-other-instance' })).toBe(1);
    expect(county.wecom.records.filter((r) => r.via === 'reply' && r.text.includes('已记录'))).toHaveLength(1);
  });

  it('send each scheduled digest once when both run the job at the same moment', async () => {
    const at = new Date('2026-10-28T08:30:00+08:00');
    await Promise.all([dailyDigest.run(county.app.runtime.jobContext, at), dailyDigest.run(second.runtime.jobContext, new Date(at.getTime() + 1500))]);
    await Promise.all([county.app.runtime.outbox.drainDue(), second.runtime.outbox.drainDue()]);
    await county.settle();
    const digests = county.wecom.records.filter((r) => r.text.includes('项目日报'));
    const recipients = digests.map((r) => ('users' in r.to ? r.to.users.join() : r.to.chat)).sort();
    expect(recipients).toEqual(['qian_fxz', 'sun_cw']);
  });
});
