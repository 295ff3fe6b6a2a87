import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { setupSchema, type Setup } from '../src/domain/setup.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { collections } from '../src/db/collections.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { conversation } from './support/records.js';

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
