import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { setupSchema, type Setup } from '../src/domain/setup.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { collections } from '../src/db/collections.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { conversation } from './support/records.js';
import { advanceTo } from '../src/simulate/runner.js';

const at = (s: string) => new Date(`${s}+08:00`);
const HOSPITAL = '县人民医院门诊综合楼';

/** The test county with a hospital whose January–August plan is 8,500 万元 and September's 2,000. */
const setup: Setup = setupSchema.parse({
  ...countySetup,
  projects: [
    ...countySetup.projects,
    {
      name: HOSPITAL,
      township: '城关镇',
      industry: '社会事业',
      totalInvestment: 30000,
      monthlyPlan: { 1: 500, 2: 500, 3: 1000, 4: 1000, 5: 1500, 6: 1000, 7: 1500, 8: 1500, 9: 2000, 10: 1500, 11: 1000, 12: 1000 },
      stage: '在建',
      chatId: 'wr_yy',
      leader: 'qian_fxz',
      liaisons: ['yy_ll'],
    },
  ],
  people: [...countySetup.people, { userid: 'yy_ll', name: '医院联络', role: 'liaison' }],
});

let store: Store;
let county: SimulatedCounty;
const { group } = conversation(() => county);
const reports = (project: string) => store.db.collection(collections.reports).find({ project }).toArray();

async function start(when: string) {
  store = await openTestStore();
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: at(when) });
}
afterEach(async () => {
  await county.close();
  await store.close();
});

describe('a figure is compared with the plan of the period it covers', () => {
  it('1-8月 9,200 against 8,500 on 29 September: ahead, no 蓝牌, and the receipt says which period it compares', async () => {
    await start('2026-09-29T10:00:00');
    const r = await group('wr_yy', 'yy_ll', '1-8月累计完成投资9200万元');
    expect(r.text).toContain('1-8月完成 9,200 万元，序时 8,500 万元');
    expect(r.text).toContain('无预警');
    expect(await store.db.collection(collections.warnings).countDocuments({ project: HOSPITAL, card: { $ne: null } })).toBe(0);
    const [stored] = await reports(HOSPITAL);
    expect(stored!.fields.periods.completedThisYear).toEqual({ label: '1-8月', from: '2026-01-01', to: '2026-08-31' });
  });
});

describe('a confirmed report re-judges its project before the receipt', () => {
  it('a 开工 report past the planned start is not answered with 红牌 已过计划开工日期仍未开工', async () => {
    await start('2026-09-29T10:00:00');
    const r = await group('wr_ld', 'zheng_ll', '项目已正式开工，形象进度5%');
    expect(r.text).toContain('阶段：开工');
    expect(r.text).not.toContain('已过计划开工日期仍未开工');
  });
});

describe('cumulative figures', () => {
  it('a later 本期 raises 年度累计 from the last one, and the same period reported again counts once', async () => {
    await start('2026-09-29T10:00:00');
    await group('wr_yy', 'yy_ll', '1-8月累计完成投资9200万元');
    await advanceTo(county, at('2026-09-30T10:00:00'));
    const september = await group('wr_yy', 'yy_ll', '9月完成投资1500万元');
    expect(september.text).toContain('1-9月完成 10,700 万元');
    await advanceTo(county, at('2026-10-09T10:00:00'));
    const again = await group('wr_yy', 'yy_ll', '9月份完成投资1500万元');
    expect(again.text).toContain('1-9月完成 10,700 万元');
  });

  it('a 年度累计 lower than the last one waits for a confirmation with the reason and leaves the figure as it was', async () => {
    await start('2026-09-29T10:00:00');
    await group('wr_yy', 'yy_ll', '年度累计完成投资19000万元');
    await advanceTo(county, at('2026-09-30T10:00:00'));
    const lower = await group('wr_yy', 'yy_ll', '年度累计完成投资15000万元');
    expect(lower.text).toContain('年度累计 15,000 万元 低于上次报送的 19,000 万元');
    expect(lower.text).toContain('确认后才计入');
    const status = await group('wr_yy', 'yy_ll', '/进度');
    expect(status.text).toContain('19,000 万元');
    expect(await store.db.collection(collections.warnings).countDocuments({ project: HOSPITAL, card: 'red' })).toBe(0);
  });

  it('a negative figure keeps its sign, and /更正 进度 -5% is refused, not stored as 5%', async () => {
    await start('2026-09-29T10:00:00');
    const negative = await group('wr_yy', 'yy_ll', '本月完成投资-60万元，形象进度30%');
    expect(negative.text).toContain('金额为负数或减少，按负数（核减）记');
    expect(negative.text).toContain('-60 万元');
    const [stored] = await reports(HOSPITAL);
    expect(stored).toMatchObject({ status: 'pending', fields: { completedThisPeriod: -60 } });
    const refused = await group('wr_yy', 'yy_ll', '/更正 进度 -5%');
    expect(refused.text).toContain('形象进度应为 0 到 100 之间的数');
    expect((await reports(HOSPITAL)).map((r) => r.fields.progressPercent)).toEqual([30]);
  });

  it('an amount above the total investment cannot be confirmed by a plain 确认; a correction counts', async () => {
    await start('2026-09-29T10:00:00');
    const absurd = await group('wr_yy', 'yy_ll', '年度累计完成投资50000万元');
    expect(absurd.text).toContain('年度累计 50,000 万元 超过项目总投资 30,000 万元');
    const plain = await group('wr_yy', 'yy_ll', '确认');
    expect(plain.text).toContain('不能直接确认：请用 /更正 改正，或请县发改委管理员确认');
    expect((await reports(HOSPITAL))[0]).toMatchObject({ status: 'pending' });
    const corrected = await group('wr_yy', 'yy_ll', '/更正 年度 5000');
    expect(corrected.text).toContain('已记录');
    expect(corrected.text).toContain('年度累计：5,000 万元');
  });
});

describe('already-built figures, end to end', () => {
  it('a /考核 季 preview on 8 November counts only the cycles closed by then and says 截至 when', async () => {
    await start('2026-11-08T10:00:00');
    const r = await group('wr_ll', 'ma_ll', '10月完成投资700万元，年度累计完成7100万元');
    expect(r.text).toContain('已记录');
    await county.sendPrivate('sun_cw', '/考核 季 城东镇');
    await county.settle();
    const preview = county.wecom.records.filter((x) => 'users' in x.to && x.to.users[0] === 'sun_cw').at(-1)!;
    expect(preview.text).toContain('截至 11月8日 10:00');
    expect(preview.text).not.toMatch(/11月(?:9|[12]\d|30)日|12月\d+日/);
  });

  it('the same report sent twice a minute apart is stored once and the receipt says so', async () => {
    await start('2026-09-29T10:00:00');
    await group('wr_yy', 'yy_ll', '1-8月累计完成投资9200万元');
    await advanceTo(county, at('2026-09-29T10:01:00'));
    const again = await group('wr_yy', 'yy_ll', '1-8月累计完成投资9200万元');
    expect(again.text).toContain('已记录过，不重复计入');
    expect(await reports(HOSPITAL)).toHaveLength(1);
  });
});

describe('silent projects', () => {
  it('the 月通报 lists the projects that never reported as 未报送 and says the county 完成率 counts them as 0', async () => {
    await start('2026-10-26T09:00:00');
    await group('wr_ll', 'ma_ll', '10月完成投资700万元，年度累计完成7100万元');
    await advanceTo(county, at('2026-11-02T10:00:00'));
    const bulletin = county.wecom.records.find((r) => r.via === 'app' && r.text.includes('重点项目月通报') && r.msgtype === 'markdown')!;
    expect(bulletin.text).toContain('4 个未报送项目按完成 0 计');
    expect(bulletin.text).toContain(`未报送（4 个）：50MW农光互补光伏发电项目、${HOSPITAL}、第二实验小学新建工程、锂电池正极材料生产项目`);
    expect(bulletin.text).toMatch(/完成率前三\n1\. 农产品冷链物流中心 /);
  });
});
