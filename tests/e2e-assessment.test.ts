import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { runTimeline } from '../src/simulate/runner.js';
import { assessment, publish } from '../src/repo/assessments.js';
import { parsePeriod } from '../src/domain/period.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { lastTo } from './support/records.js';
import type { Store } from '../src/db/index.js';

const setup = countySetup;
const at = (s: string) => new Date(`${s}+08:00`);
let store: Store;
let county: SimulatedCounty;

beforeEach(async () => {
  store = await openTestStore();
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: at('2026-10-26T09:00:00') });
  await county.sendGroup('wr_ll', 'ma_ll', '10月完成投资700万元，年度累计完成7100万元');
  await county.sendGroup('wr_xx', 'niu_ll', '1-10月累计完成投资4300万元');
  await county.settle();
});
afterEach(async () => {
  await county.close();
  await store.close();
});

async function ask(user: string, text: string) {
  await county.sendPrivate(user, text);
  await county.settle();
  return lastTo(county.wecom.records, user)!;
}

describe('/考核 and /排名 考核', () => {
  it('gives a leader the ranking and any unit\'s breakdown with the facts behind each point', async () => {
    const ranking = await ask('sun_cw', '/考核');
    expect(ranking.text).toContain('2026年10月 考核评比排名');
    expect(ranking.text).toContain('未发布，按截至 10月26日 09:00 的数据计算');
    expect(ranking.text).toMatch(/乡镇（开发区）\n1\. /);
    expect(ranking.text).toContain('城东镇');
    const breakdown = await ask('sun_cw', '/考核 月 城东镇');
    // 城东镇's target is 20,000 万元; 冷链物流中心 has done 7,100 of it.
    expect(breakdown.text).toContain('城东镇 考核得分');
    expect(breakdown.text).toContain('累计完成 7100 万元 / 年度目标 20000 万元 = 完成率 35.5%');
    expect(breakdown.text).toContain('按时报送');
    expect((await ask('sun_cw', '/排名 考核')).text).toContain('考核评比排名');
  });

  it('shows a department head their own unit only', async () => {
    const own = await ask('swj_head', '/考核');
    expect(own.text).toContain('县商务局 考核得分');
    const other = await ask('swj_head', '/考核 城东镇');
    expect(other.text).toBe('您只能查看本单位（县商务局）的考核得分。');
    expect((await ask('ma_ll', '/考核')).text).toBe('您还没有登记所属单位，无法查看考核得分。');
  });

  it('freezes a published month; a later correction shows as a note in the next month, not as a changed rank', async () => {
    await runTimeline(county, [{ at: at('2026-11-02T10:00:00'), clock: true }]);
    const october = parsePeriod('2026-10')!;
    const september = parsePeriod('2026-09')!;
    // The assessment job published October on the morning of 2 November, the month's first working day.
    const before = await assessment(store.db, october, september, county.jobContext.rules);
    expect(before.publishedAt).toEqual(at('2026-11-02T09:20:00'));
    expect(await publish(store.db, before.card, 'fgw_admin', county.clock.now())).toBe(false);
    const published = before.card.units.find((u) => u.unit === '城东镇')!.total;

    await county.sendGroup('wr_ll', 'ma_ll', '/更正 年度累计完成投资2000万元');
    await county.settle();

    const frozen = await assessment(store.db, october, september, county.jobContext.rules);
    expect(frozen.publishedAt).not.toBeNull();
    expect(frozen.card).toEqual(before.card);
    const november = await assessment(store.db, parsePeriod('2026-11')!, october, county.jobContext.rules);
    const note = november.notes.find((n) => n.includes('城东镇'));
    expect(note).toMatch(new RegExp(`^2026年10月发布后有数据更正：城东镇 按更正后的数据为 [\\d.]+ 分（已发布 ${published} 分，名次不变更）$`));
    const leaderSees = await ask('sun_cw', '/考核');
    expect(leaderSees.text).toContain('2026年10月发布后有数据更正：城东镇');
  });
});
