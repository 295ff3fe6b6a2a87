import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import { collections } from '../src/db/collections.js';
import type { ProblemDoc } from '../src/domain/records.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { conversation } from './support/records.js';

// The test county: 孙常务 (常务副县长) is county-wide and leads 光伏 and 锂电; 钱副县长 leads 冷链 and 二实小.
const at = (s: string) => new Date(`${s}+08:00`);
let store: Store;
let county: SimulatedCounty;

beforeEach(async () => {
  store = await openTestStore();
  county = await startSimulatedCounty({ setup: countySetup, store, log: silentLogger, start: at('2026-12-02T09:00:00') });
});
afterEach(async () => {
  await county.close();
  await store.close();
});

const records = () => county.wecom.records;
const { group, direct } = conversation(() => county);
const problems = () => store.db.collection<ProblemDoc>(collections.problems).find({}).sort({ no: 1 }).toArray();

describe('access over the whole conversation', () => {
  it("gives a county leader the county's /预警 and /问题列表 全部, and a 分管 leader only theirs", async () => {
    await group('wr_ll', 'ma_ll', '1-11月累计完成投资1000万元');
    await group('wr_ll', 'ma_ll', '/问题 冷库设备未到货');
    const county = await direct('sun_cw', '/预警');
    expect(county.text).toContain('农产品冷链物流中心');
    expect(county.text).toContain('锂电池正极材料生产项目');
    const deputy = await direct('qian_fxz', '/预警');
    expect(deputy.text).toContain('农产品冷链物流中心');
    expect(deputy.text).not.toContain('锂电池正极材料生产项目');
    expect((await direct('sun_cw', '/问题列表 全部')).text).toContain('冷库设备未到货');
  });

  it("sends a county leader a digest of the county's reports, not only of the projects they lead", async () => {
    await group('wr_ll', 'ma_ll', '本月完成投资680万元');
    await advanceTo(county, at('2026-12-03T08:31:00'));
    const digest = records().filter((r) => r.via === 'app' && r.text.includes('项目日报') && 'users' in r.to && r.to.users.includes('sun_cw')).at(-1);
    expect(digest?.text).toContain('农产品冷链物流中心');
  });

  it('answers a stranger only with whom to ask, and keeps a unit to its own projects', async () => {
    expect((await direct('nobody', '/进度 冷链项目')).text).toContain('只能使用 /帮助');
    expect((await direct('nobody', '/帮助')).text).toContain('/进度');
    expect((await direct('swj_head', '/进度 冷链项目')).text).toContain('农产品冷链物流中心');
    expect((await direct('swj_head', '/进度 二实小')).text).toContain('不在您的查看范围内');
    expect((await direct('swj_head', '/更正 本期 100')).text).toContain('不对部门/乡镇开放');
  });

  it("never closes another project's problem from a group: /解决 N is refused there and the group's own are listed", async () => {
    await group('wr_ll', 'ma_ll', '/问题 冷库设备未到货');
    await group('wr_xx', 'niu_ll', '/问题 校门口道路征迁未完成');
    const [cold, school] = await problems();
    const r = await group('wr_xx', 'niu_ll', `/解决 ${cold!.no} 已到货`);
    expect(r.text).toContain(`问题 #${cold!.no} 不是本群项目`);
    expect(r.text).toContain(`#${school!.no} 校门口道路征迁未完成`);
    expect((await problems()).map((p) => p.status)).toEqual(['待协调', '待协调']);
  });

  it('assigns a problem to the unit its text names and tells that unit and the 牵头部门', async () => {
    const r = await group('wr_ll', 'ma_ll', '/问题 征地补偿款未拨付，需县财政局协调');
    expect(r.text).toContain('责任单位：县财政局；牵头部门：县商务局');
    expect((await problems())[0]).toMatchObject({ unit: '县财政局', project: '农产品冷链物流中心' });
    const told = records().filter((x) => x.via === 'app' && x.text.includes('【问题登记】'));
    expect(told).toHaveLength(1);
    expect(told[0]!.to).toEqual({ users: ['czj_head', 'swj_head'] });
  });
});
