import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { postCallback } from '../src/simulate/wecom/callbacks.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import type { Store } from '../src/db/index.js';

const setup = countySetup;
let store: Store;
let county: SimulatedCounty;

beforeAll(async () => {
  store = await openTestStore();
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: new Date('2026-10-27T10:00:00+08:00') });
});
afterAll(async () => {
  await county.close();
  await store.close();
});

const scrape = async () => {
  const res = await fetch(`${county.app.url}/metrics`);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
};
const value = (text: string, series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);

describe('GET /metrics', () => {
  it('counts callbacks by outcome, parse outcomes, sends and the outbox depth', async () => {
    await county.sendGroup('wr_ll', 'ma_ll', '10月完成投资700万元，年度累计完成7100万元');
    await county.sendGroup('wr_ll', 'ma_ll', '大家辛苦了');
    await postCallback(county.app.url, 'aibot', { ...county.credentials.bot, token: 'forged' }, { receiveId: '', plaintext: '{}', envelope: 'json' }, county.clock);
    await county.settle();
    const text = await scrape();
    expect(value(text, 'xmdd_callbacks_total{surface="aibot",outcome="accepted"}')).toBe(2);
    expect(value(text, 'xmdd_callbacks_total{surface="aibot",outcome="bad-signature"}')).toBe(1);
    expect(value(text, 'xmdd_reports_parsed_total{outcome="confirmed"}')).toBe(1);
    expect(value(text, 'xmdd_reports_parsed_total{outcome="not-report"}')).toBe(1);
    expect(value(text, 'xmdd_outbox_sends_total{outcome="sent"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'xmdd_outbox_entries{status="pending"}')).toBe(0);
    expect(value(text, 'xmdd_outbox_oldest_pending_seconds')).toBe(0);
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('counts WeCom errcodes of failed sends', async () => {
    county.fault('rate-limit', 1);
    await county.sendGroup('wr_xx', 'niu_ll', '1-10月累计完成投资4300万元');
    await county.settle();
    expect(value(await scrape(), 'xmdd_wecom_errors_total{errcode="45009"}')).toBe(1);
  });
});
