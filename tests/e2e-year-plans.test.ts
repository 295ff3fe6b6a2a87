import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { setupSchema, type Setup } from '../src/domain/setup.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { importSetup } from '../src/repo/registry.js';
import { collections } from '../src/db/collections.js';
import type { Store } from '../src/db/index.js';
import type { ProjectDoc } from '../src/domain/records.js';
import { planAt } from '../src/domain/schedule.js';
import { monthlyBulletin } from '../src/domain/bulletin/monthly.js';
import { parsePeriod } from '../src/domain/period.js';
import { digestFacts } from '../src/domain/digest.js';
import { defaultRules } from '../src/domain/rules.js';
import { monthlyBulletinMessage } from '../cards/bulletin.js';
import { digestMessage } from '../cards/digest.js';
import type { OutboundBody } from '../src/messages/outbound.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { conversation } from './support/records.js';

const at = (s: string) => new Date(`${s}+08:00`);
const LENGLIAN = '农产品冷链物流中心';
const ERSHIXIAO = '第二实验小学新建工程';
const content = (b: OutboundBody) => (b.msgtype === 'markdown' || b.msgtype === 'text' ? b.content : JSON.stringify(b));

/**
 * The test county's 2026 台账 (its one-year plans are for 2026), and a 2027 plan for 冷链 only:
 * 12,000 万元, spread evenly (1,000 a month), against 2026's 9,000.
 */
const setup: Setup = setupSchema.parse({
  ...countySetup,
  year: 2026,
  projects: countySetup.projects.map((p) => (p.name === LENGLIAN ? { ...p, plans: { 2027: { yearPlan: 12000 } } } : p)),
});

let store: Store;
let county: SimulatedCounty | null = null;
const { group, direct } = conversation(() => county!);

afterEach(async () => {
  await county?.close();
  county = null;
  await store.close();
});

describe('a 2027 report is compared with the 2027 plan', () => {
  it('冷链 1-2月 2,000 against 2027 序时 2,000 (not 2026 plan 9,000); 二实小 without a 2027 plan says 未下达年度计划, in the receipt, /进度 and /排名', async () => {
    store = await openTestStore();
    county = await startSimulatedCounty({ setup, store, log: silentLogger, start: at('2027-03-10T10:00:00') });
    const stored = await store.db.collection<ProjectDoc>(collections.projects).findOne({ name: LENGLIAN });
    expect(stored!.plans).toEqual({ 2026: { yearPlan: 9000 }, 2027: { yearPlan: 12000 } });
    expect(stored!.yearPlan).toBeUndefined();

    const lenglian = await group('wr_ll', 'ma_ll', '1-2月累计完成投资2000万元');
    expect(lenglian.text).toContain('1-2月完成 2,000 万元，序时 2,000 万元');
    expect(lenglian.text).toContain('年度完成率 16.7%');
    expect(lenglian.text).not.toContain('未下达年度计划');

    const school = await group('wr_xx', 'niu_ll', '1-2月累计完成投资500万元');
    expect(school.text).toContain('未下达年度计划');
    expect(school.text).not.toContain('年度完成率');
    expect(school.text).not.toContain('序时');

    const status = await direct('qian_fxz', `/进度 ${ERSHIXIAO}`);
    expect(status.text).toContain('未下达年度计划');
    expect(status.text).not.toContain('年度计划：');
    const mine = await direct('qian_fxz', '/进度');
    expect(mine.text).toContain(`${ERSHIXIAO}：未下达年度计划`);
    expect(mine.text).toContain(`${LENGLIAN}：完成率 16.7%`);
    const ranking = await direct('qian_fxz', '/排名');
    expect(ranking.text).toContain(`1. ${LENGLIAN} 16.7%`);
    expect(ranking.text).toMatch(new RegExp(`未下达年度计划（\\d+ 个，不参与排名）：.*${ERSHIXIAO}`));
  });

  it('a 2027 台账 adds the 2027 plan and keeps the 2026 one', async () => {
    store = await openTestStore();
    await importSetup(store.db, setupSchema.parse({ ...countySetup, year: 2026 }), 'test', at('2026-02-01T09:00:00'));
    const next = setupSchema.parse({ year: 2027, projects: [{ name: ERSHIXIAO, totalInvestment: 12000, yearPlan: 5400 }] });
    await importSetup(store.db, next, 'test', at('2027-01-05T09:00:00'));
    const school = (await store.db.collection<ProjectDoc>(collections.projects).findOne({ name: ERSHIXIAO }))!;
    expect(school.plans!['2027']).toEqual({ yearPlan: 5400 });
    expect(school.plans!['2026']!.yearPlan).toBe(6000);
    expect(planAt(school, at('2026-06-01T12:00:00'))!.yearPlan).toBe(6000);
    expect(planAt(school, at('2027-06-01T12:00:00'))!.yearPlan).toBe(5400);
    expect(planAt(school, at('2028-06-01T12:00:00'))).toBeNull();
  });
});

describe('a plan stored before plans were kept by year', () => {
  it('becomes the plan of the year it was imported in when the next 台账 comes', async () => {
    store = await openTestStore();
    const projects = store.db.collection<ProjectDoc>(collections.projects);
    await projects.insertOne({ name: '老项目', aliases: [], liaisons: [], totalInvestment: 50000, yearPlan: 9000, updatedAt: at('2026-02-01T09:00:00'), createdAt: at('2026-02-01T09:00:00') });
    await importSetup(store.db, setupSchema.parse({ year: 2027, projects: [{ name: '老项目', totalInvestment: 50000, yearPlan: '1.2亿' }] }), 'test', at('2027-01-05T09:00:00'));
    const stored = (await projects.findOne({ name: '老项目' }))!;
    expect(stored.plans).toEqual({ 2026: { yearPlan: 9000 }, 2027: { yearPlan: 12000 } });
    expect(stored.yearPlan).toBeUndefined();
  });

  it('counts for the year it was imported in and no other', () => {
    const legacy = { yearPlan: 9000, updatedAt: at('2026-03-01T09:00:00') };
    expect(planAt(legacy, at('2026-10-01T12:00:00'))).toEqual({ yearPlan: 9000, monthlyPlan: null });
    expect(planAt(legacy, at('2027-01-15T12:00:00'))).toBeNull();
    expect(planAt({ ...legacy, planYear: 2027 }, at('2027-01-15T12:00:00'))!.yearPlan).toBe(9000);
  });
});

describe('月通报 and 日报 list the projects without a plan apart', () => {
  const projects: ProjectDoc[] = [
    { name: '有计划', aliases: [], liaisons: [], township: '城关镇', industry: '制造', leader: 'qian_fxz', plans: { 2027: { yearPlan: 12000 } } },
    { name: '无计划', aliases: [], liaisons: [], township: '城关镇', industry: '制造', leader: 'qian_fxz', plans: { 2026: { yearPlan: 9000 } } },
  ];
  const figures = (completed: number) => ({ completedThisYear: completed, yearThrough: '2027-02-28', completedTotal: null, progressPercent: null, lastReportAt: at('2027-03-01T10:00:00') });

  it('the 2027-02 bulletin totals only the planned project and names the other as 未下达年度计划, not as 0%', () => {
    const b = monthlyBulletin(parsePeriod('2027-02')!, { projects, figures: new Map([['有计划', figures(2000)], ['无计划', figures(800)]]), cards: new Map(), stageChanges: [] });
    expect(b.total.yearPlan).toBe(12000);
    expect(b.total.completed).toBe(2000);
    expect(b.ranking.map((p) => p.name)).toEqual(['有计划']);
    expect(b.unplanned.map((p) => p.name)).toEqual(['无计划']);
    expect(b.projects.find((p) => p.name === '无计划')).toMatchObject({ yearPlan: null, completionRate: null, scheduleRate: null });
    const text = content(monthlyBulletinMessage(b, { units: [] } as never, { opened: [], overdue: [], solved: [], openAtEnd: 0, overdueDays: 15 }, [], []));
    expect(text).toContain('**未下达年度计划（1 个，不计入完成率）**：无计划');
    // In its unit's project list too, in the same words.
    expect(text).toMatch(/项目：.*无计划 未下达年度计划/);
  });

  it('the leader’s digest names the project without a plan for the year', () => {
    const person = { userid: 'qian_fxz', name: '钱副县长', role: 'leader' as const };
    const d = digestFacts({ from: at('2027-03-01T08:00:00'), to: at('2027-03-02T08:00:00'), projects, reports: [], warningChanges: [], open: [], figures: new Map(), pauses: [] }, person, defaultRules);
    expect(d.unplanned).toEqual(['无计划']);
    expect(content(digestMessage(d))).toContain('**未下达年度计划（1）**：无计划');
  });
});
