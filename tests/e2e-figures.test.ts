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
const { group, direct } = conversation(() => county);
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

describe('the card\'s reason names the period it compares', () => {
  it('1-8月 7,000 against 8,500 on 29 September: a 黄牌 whose reason says 1-8月, in the receipt and in /预警', async () => {
    await start('2026-09-29T10:00:00');
    const reason = '1-8月完成 7,000 万元，序时 8,500 万元，落后 10.7 个百分点';
    expect((await group('wr_yy', 'yy_ll', '1-8月累计完成投资7000万元')).text).toContain(reason);
    expect((await direct('qian_fxz', '/预警')).text).toContain(`黄牌 ${HOSPITAL}：${reason}`);
  });
});

describe('a figure of last year sent in January', () => {
  it('1-12月 on 8 January is 2026\'s 年度累计: stored with 2026\'s period, not counted as 2027\'s', async () => {
    await start('2027-01-08T10:00:00');
    expect((await group('wr_yy', 'yy_ll', '1-12月累计完成投资13500万元')).text).toContain('已记录');
    const [stored] = await reports(HOSPITAL);
    expect(stored!.fields.periods.completedThisYear).toEqual({ label: '2026年1-12月', from: '2026-01-01', to: '2026-12-31' });
    expect((await direct('qian_fxz', `/进度 ${HOSPITAL}`)).text).toContain('年度完成：未填报');
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

describe('silent projects, problems and the units\' own lines', () => {
  /** Everything the app sent that day as the 月通报's markdown, its parts joined. */
  const bulletinOn = (day: string) =>
    county.wecom.records.filter((r) => r.via === 'app' && r.msgtype === 'markdown' && r.at.startsWith(day) && 'users' in r.to && r.to.users.includes('sun_cw')).map((r) => r.text).join('\n');

  it('the 考核 ranking and the 月通报 name who did not report; the 月通报 has its 问题 and each township\'s rank and projects', async () => {
    await start('2026-10-26T10:00:00');
    await group('wr_yy', 'yy_ll', '1-8月累计完成投资9200万元，问题：施工用电增容未批复');
    await advanceTo(county, at('2026-10-27T10:00:00'));
    await group('wr_ll', 'ma_ll', '10月完成投资700万元，年度累计完成7100万元，问题：冷库用地指标待落实');
    await advanceTo(county, at('2026-11-03T10:00:00'));
    await group('wr_ll', 'ma_ll', '11月完成投资500万元，年度累计完成7600万元');
    await advanceTo(county, at('2026-11-05T10:00:00'));
    expect((await group('wr_ll', 'ma_ll', '/解决 2 用地指标已落实')).text).toContain('问题 #2 已销号');

    // 16 November: the cycles due 6 and 13 November have closed; only the 冷链 project reported in one.
    await advanceTo(county, at('2026-11-16T10:00:00'));
    const ranking = (await direct('sun_cw', '/考核')).text;
    expect(ranking).toContain('2026年11月 考核评比排名');
    expect(ranking).toMatch(/\d+\. 城关镇 [\d.]+ 分（2 个项目未报送）/);
    expect(ranking).not.toMatch(/城东镇 [\d.]+ 分（/);
    const silent = ranking.slice(ranking.indexOf('未报送（4 个项目）：'));
    expect(silent).toContain(`${HOSPITAL}（城关镇）`);
    expect(silent).toContain('第二实验小学新建工程（城关镇、县教体局）');
    expect(silent).toContain('50MW农光互补光伏发电项目（青山乡、县发改委）');
    expect(silent).toContain('锂电池正极材料生产项目（青山经开区、县经信局）');
    expect(silent).not.toContain('农产品冷链物流中心');
    const breakdown = (await direct('sun_cw', '/考核 月 青山乡')).text;
    expect(breakdown).toContain('未报送（本期各周期均未报送）：50MW农光互补光伏发电项目');

    await advanceTo(county, at('2026-11-20T10:00:00'));
    await group('wr_xx', 'niu_ll', '1-10月累计完成投资4300万元，问题：围墙拆迁协调');
    // 1 December, the month's first working day: November's 月通报.
    await advanceTo(county, at('2026-12-01T10:00:00'));
    const sent = bulletinOn('2026-12-01');
    const bulletin = sent.slice(sent.indexOf('2026年11月 重点项目月通报'));
    expect(bulletin).toMatch(/^2026年11月 重点项目月通报/);
    expect(bulletin).toContain('2 个本年未报送项目按完成 0 计');
    expect(bulletin).toContain(`本月未报送（3 个）：50MW农光互补光伏发电项目（青山乡 · 县发改委）、${HOSPITAL}（城关镇 · 未填写）、锂电池正极材料生产项目（青山经开区 · 县经信局）`);
    // #3 is new (10 days, with the 分管副县长); #1 has been open 35 days at the month's end and has climbed to the 县长; #2 was solved in 9 days.
    expect(bulletin).toContain('问题：本月新增 1 个，解决 1 个；月末未解决 2 个，其中超过 15 天 1 个');
    expect(bulletin).toContain('新增：#3 第二实验小学新建工程：围墙拆迁协调（县教体局，分管副县长）');
    expect(bulletin).toContain(`超期未解决：#1 ${HOSPITAL}：施工用电增容未批复（已 35 天，县长）`);
    expect(bulletin).toContain('已解决：#2 农产品冷链物流中心：冷库用地指标待落实（用时 9 天）');
    // End of November: 11/12 of 冷链's plan due, 城东镇 7,600 / 9,000 = 84.4%; 城关镇 (4,300 + 9,200) / (6,000 + 14,000) = 67.5%,
    // against 序时 for the periods reported (1-10月 5,100 + 1-8月 8,500 = 68%). Equal rates share a rank.
    expect(bulletin).toContain('分属地（按完成率排名）\n1. 城东镇：1 个项目，完成 7,600 万元，完成率 84.4% / 序时 91.7% ⚠\n　项目：农产品冷链物流中心 84.4%');
    expect(bulletin).toContain(`2. 城关镇：2 个项目，完成 13,500 万元，完成率 67.5% / 序时 68% ⚠\n　项目：第二实验小学新建工程 71.7%、${HOSPITAL} 65.7%`);
    expect(bulletin).toContain('3. 青山经开区：1 个项目，完成 0 万元，完成率 0% / 序时 91.7% ⚠\n　项目：锂电池正极材料生产项目 未报送\n3. 青山乡：');
    expect(bulletin).toContain('分牵头部门（按完成率排名）\n1. 县商务局：1 个项目');
    expect(bulletin).toMatch(/完成率前三\n1\. 农产品冷链物流中心 /);
  });
});
