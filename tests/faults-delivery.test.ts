import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { startCounty, tally } from './support/faults.js';

const at = (s: string) => new Date(`${s}+08:00`);
let store: Store;
let county: SimulatedCounty;

const records = () => county.wecom.records;

beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await county.close();
  await store.close();
});

describe('delivery faults: 0 lost, 0 duplicated', () => {
  it('a slow answer (WeCom took it, answered after the client gave up): the receipt and a scheduled digest arrive once', async () => {
    county = await startCounty(store, at('2026-12-02T09:00:00'));
    county.wecom.fault('slow', 1);
    await county.sendGroup('wr_ll', 'ma_ll', '本月完成投资680万元');
    await county.settle();
    await advanceTo(county, at('2026-12-02T09:05:00'));
    expect(records().filter((r) => r.via === 'reply')).toHaveLength(1);

    await advanceTo(county, at('2026-12-03T08:29:00'));
    county.wecom.fault('slow', 1);
    await advanceTo(county, at('2026-12-03T08:40:00'));
    const digests = records().filter((r) => r.text.includes('项目日报'));
    expect(digests.map((d) => d.to)).toEqual([{ users: ['qian_fxz'] }, { users: ['sun_cw'] }]);
    expect(await tally(store, records())).toEqual({ lost: 0, duplicated: 0 });
  }, 60_000);

  it('WeCom down 3 hours (every API, 09:00-12:00): each report sent during it gets its receipt once, after', async () => {
    county = await startCounty(store, at('2026-12-02T09:00:00'));
    county.wecom.outage(at('2026-12-02T12:00:00'));
    const reports: [string, string, string, string][] = [
      ['09:05', 'wr_ll', 'ma_ll', '本月完成投资680万元'],
      ['09:40', 'wr_xx', 'niu_ll', '本月完成投资320万元'],
      ['10:30', 'wr_gf', 'zhao_ll', '本月完成投资900万元'],
      ['11:50', 'wr_ld', 'zheng_ll', '本月完成投资450万元'],
    ];
    for (const [time, chat, user, text] of reports) {
      await advanceTo(county, at(`2026-12-02T${time}:00`));
      await county.sendGroup(chat, user, text);
      await county.settle();
    }
    expect(records()).toEqual([]);
    await advanceTo(county, at('2026-12-02T13:00:00'));
    const receipts = records().filter((r) => r.text.includes('已记录 · '));
    expect(receipts.map((r) => r.to)).toHaveLength(reports.length);
    expect(receipts.map((r) => r.to)).toEqual(expect.arrayContaining(reports.map(([, chat]) => ({ chat }))));
    // Those whose response_url expired during the outage came by the group's webhook, saying they are late.
    expect(receipts.filter((r) => r.text.startsWith('（回复延迟')).map((r) => r.to)).toEqual(expect.arrayContaining([{ chat: 'wr_ll' }, { chat: 'wr_xx' }, { chat: 'wr_gf' }]));
    expect(await tally(store, records())).toEqual({ lost: 0, duplicated: 0 });
  }, 60_000);

  it('only the group webhooks down 2 hours (07:58-09:58): answers are not held, each group message arrives once after, in order', async () => {
    county = await startCounty(store, at('2026-12-04T07:55:00'));
    county.wecom.outage(at('2026-12-04T09:58:00'), ['webhook']);
    // 08:00 the card check warns groups; 09:00 (a Friday, the due day) every group is reminded: both wait behind the outage.
    await advanceTo(county, at('2026-12-04T09:10:00'));
    expect(records().filter((r) => r.via === 'webhook')).toEqual([]);
    await county.sendGroup('wr_ll', 'ma_ll', '本月完成投资680万元');
    await county.settle();
    expect(records().filter((r) => r.via === 'reply').map((r) => [r.at, r.to])).toEqual([['2026-12-04T09:10:00+08:00', { chat: 'wr_ll' }]]);

    await advanceTo(county, at('2026-12-04T10:30:00'));
    const byWebhook = records().filter((r) => r.via === 'webhook');
    const reminders = byWebhook.filter((r) => r.text.startsWith('【报送提醒】'));
    expect(reminders.map((r) => r.to)).toHaveLength(4);
    expect(reminders.map((r) => r.to)).toEqual(expect.arrayContaining(['wr_ll', 'wr_xx', 'wr_gf', 'wr_ld'].map((chat) => ({ chat }))));
    expect(byWebhook.every((r) => r.at >= '2026-12-04T09:58:00+08:00')).toBe(true);
    // In a group, the 08:00 warning still comes before the 09:00 reminder.
    const ld = byWebhook.filter((r) => 'chat' in r.to && r.to.chat === 'wr_ld').map((r) => r.text.slice(0, 4));
    expect(ld).toEqual(['红牌预警', '【报送提']);
    expect(await tally(store, records())).toEqual({ lost: 0, duplicated: 0 });
  }, 60_000);
});
