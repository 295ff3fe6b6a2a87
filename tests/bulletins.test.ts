import ExcelJS from 'exceljs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from './support/store.js';
import { importSetup } from '../src/repo/registry.js';
import { projectByName, setStage } from '../src/repo/projects.js';
import { storeReport } from '../src/repo/reports.js';
import { createOutbox, type Outbox } from '../src/wecom/outbox.js';
import { ManualClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import { defaultRules } from '../src/domain/rules.js';
import { standingService } from '../src/services/standing.js';
import { renderPlainText } from '../src/wecom/render.js';
import { renderBarChart } from '../src/charts/bar-chart.js';
import { monthlyBulletinJob } from '../jobs/monthly-bulletin.js';
import { weeklySummary } from '../jobs/weekly-summary.js';
import { quarterlyReview } from '../jobs/quarterly-review.js';
import { assessmentJob } from '../jobs/assessment.js';
import { collections } from '../src/db/collections.js';
import type { JobContext } from '../jobs/context.js';
import type { Store } from '../src/db/index.js';

const at = (s: string) => new Date(`${s}+08:00`);
let store: Store;
let outbox: Outbox;
let ctx: JobContext;

async function report(project: string, completedThisYear: number, when: string, n: number) {
  await storeReport(store.db, {
    msgId: `m${n}`, project, userId: 'liaison', chatId: null, text: `年度累计完成投资${completedThisYear}万元`, reportedAt: at(when),
    fields: { completedThisPeriod: null, completedThisYear, completedTotal: null, totalInvestment: null, progressPercent: null, stage: null, approvals: [] },
    confidence: 1, flags: [], status: 'confirmed', unregistered: false,
  });
}

beforeAll(async () => {
  store = await openTestStore();
  const common = { aliases: [], liaisons: ['liaison'], leader: 'li_fxz' };
  await importSetup(
    store.db,
    {
      projects: [
        { ...common, name: '甲新材料项目', township: '城关镇', industry: '新材料', department: '县经信局', yearPlan: 1200, plannedStart: '2026-03-01', stage: '在建' },
        { ...common, name: '乙文旅项目', township: '城关镇', industry: '文旅', department: '县文旅局', yearPlan: 600, plannedStart: '2026-05-01', stage: '签约' },
        { ...common, name: '丙新材料项目', township: '东河镇', industry: '新材料', department: '县经信局', yearPlan: 2400, plannedStart: '2026-12-01', stage: '落地' },
      ],
      people: [
        { userid: 'li_fxz', name: '李副县长', role: 'leader' },
        { userid: 'admin1', name: '发改委管理员', role: 'admin' },
        { userid: 'jxj', name: '经信局', role: 'department', department: '县经信局' },
      ],
      units: [],
    },
    'test',
    at('2026-01-05T09:00:00'),
  );
  await report('丙新材料项目', 500, '2026-09-20T10:00:00', 1);
  await report('甲新材料项目', 1000, '2026-10-20T10:00:00', 2);
  await report('丙新材料项目', 800, '2026-10-25T10:00:00', 3);
  await report('甲新材料项目', 1100, '2026-11-01T10:00:00', 4);
  await setStage(store.db, (await projectByName(store.db, '丙新材料项目'))!, '开工', 'liaison', at('2026-10-15T10:00:00'), 'test:stage');
  const clock = new ManualClock(at('2026-11-02T09:30:00'));
  outbox = createOutbox({ db: store.db, clock, log: silentLogger, client: { send: () => Promise.reject(new Error('not sent in this test')) } });
  ctx = { db: store.db, log: silentLogger, outbox, rules: defaultRules, standing: standingService({ db: store.db, outbox, rules: defaultRules }) };
  // The card of 丙 at the end of October, as the daily evaluation would have recorded it.
  await ctx.standing.evaluate((await projectByName(store.db, '丙新材料项目'))!, at('2026-10-30T08:00:00'), 'system:card-evaluation');
});
afterAll(async () => {
  await store.close();
});

const queued = async (prefix: string) => (await outbox.list()).filter((e) => e.key.startsWith(prefix));

describe('月通报', () => {
  it('goes out on the first working day of the month, once, as markdown, .xlsx and chart', async () => {
    await monthlyBulletinJob.run(ctx, at('2026-11-02T09:30:00'));
    await monthlyBulletinJob.run(ctx, at('2026-11-02T09:30:05'));
    await monthlyBulletinJob.run(ctx, at('2026-11-03T09:30:00'));
    const sent = await queued('monthly:');
    expect(sent.map((e) => e.key).sort()).toEqual(['monthly:2026-10:chart', 'monthly:2026-10:text', 'monthly:2026-10:xlsx']);
    for (const e of sent) expect(e.target).toEqual({ kind: 'app', userIds: ['li_fxz', 'admin1'] });
  });

  it('states the county, township and industry figures as they stood at the end of the month', async () => {
    // End of October: 10/12 of each year plan is due. 甲 1000 of 1200 (due 1000); 乙 no figure (due 500);
    // 丙 800 of 2400 (due 2000; 甲's 1100 came on 1 November and does not count).
    // 全县 1800 / 4200 = 42.9%, 序时 3500 / 4200 = 83.3%; 城关镇 1000 / 1800 = 55.6%; 东河镇 800 / 2400 = 33.3%.
    const text = renderPlainText((await queued('monthly:2026-10:text'))[0]!.body);
    expect(text).toContain('2026年10月 重点项目月通报');
    expect(text).toContain('全县 3 个项目，年度计划 4,200 万元，累计完成 1,800 万元，完成率 42.9%（序时进度 83.3%），1 个本年未报送项目按完成 0 计');
    // Each township and department: its rank, its figures against 序时, its projects.
    expect(text).toContain('分属地（按完成率排名）\n1. 城关镇：2 个项目，完成 1,000 万元，完成率 55.6% / 序时 83.3% ⚠\n　项目：甲新材料项目 83.3%、乙文旅项目 未报送');
    expect(text).toContain('2. 东河镇：1 个项目，完成 800 万元，完成率 33.3% / 序时 83.3% ⚠\n　项目：丙新材料项目 33.3%');
    expect(text).toContain('分牵头部门（按完成率排名）\n1. 县经信局：2 个项目，完成 1,800 万元，完成率 50% / 序时 83.3% ⚠');
    expect(text).toContain('2. 县文旅局：1 个项目，完成 0 万元，完成率 0% / 序时 83.3% ⚠\n　项目：乙文旅项目 未报送');
    expect(text).toContain('本月未报送（1 个）：乙文旅项目（城关镇 · 县文旅局）');
    expect(text).toContain('问题：本月新增 0 个，解决 0 个；月末未解决 0 个，其中超过 15 天 0 个');
    expect(text).toContain('新材料：完成 1,800 万元，完成率 50% / 序时 83.3%');
    // 丙 reached 开工 in October; 甲's stages came with the January import.
    expect(text).toContain('五个一批：签约 0 · 落地 0 · 开工 1 · 投产 0 · 达效 0');
    expect(text).toContain('红牌 1 个：丙新材料项目');
    expect(text).toMatch(/完成率前三\n1\. 甲新材料项目 83\.3%\n2\. 丙新材料项目 33\.3%（落后 50 个百分点）/);
  });

  it('attaches a workbook with the same figures', async () => {
    const file = (await queued('monthly:2026-10:xlsx'))[0]!.body;
    expect(file).toMatchObject({ msgtype: 'file', fileName: '2026年10月重点项目月通报.xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((file as { contentBase64: string }).contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['分属地', '分牵头部门', '分行业', '五个一批（分属地）', '五个一批（分行业）', '项目明细', '问题', '本月未报送']);
    const rows = wb.getWorksheet('分属地')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(rows).toEqual([
      ['城关镇', 2, 1800, 1500, 1000, 55.6, 83.3],
      ['东河镇', 1, 2400, 2000, 800, 33.3, 83.3],
      ['全县', 3, 4200, 3500, 1800, 42.9, 83.3],
    ]);
    const unreported = wb.getWorksheet('本月未报送')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(unreported).toEqual([['乙文旅项目', '城关镇', '县文旅局']]);
    const batches = wb.getWorksheet('五个一批（分属地）')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(batches).toEqual([
      ['东河镇', 0, 0, 1, 0, 0],
      ['合计', 0, 0, 1, 0, 0],
    ]);
  });

  it('attaches a chart whose Chinese labels are drawn, not blank', async () => {
    const image = (await queued('monthly:2026-10:chart'))[0]!.body as { contentBase64: string };
    const png = Buffer.from(image.contentBase64, 'base64');
    expect(await darkPixels(png, { x: 0, y: 96, w: 215, h: 88 })).toBeGreaterThan(150);
    expect(await darkPixels(png, { x: 20, y: 12, w: 500, h: 36 })).toBeGreaterThan(400);
  });
});

describe('chart rendering', () => {
  it('draws rare characters of company names in the label column', async () => {
    const png = renderBarChart({ title: '', categories: ['鑫犇瀚'], unit: '%', series: [{ name: '', values: [null], colour: '#000' }] });
    expect(await darkPixels(png, { x: 120, y: 96, w: 95, h: 44 })).toBeGreaterThan(60);
    const empty = renderBarChart({ title: '', categories: [''], unit: '%', series: [{ name: '', values: [null], colour: '#000' }] });
    expect(await darkPixels(empty, { x: 120, y: 96, w: 95, h: 44 })).toBe(0);
  });
});

describe('专班周报 and 季分析', () => {
  it('sends each lead department its weekly summary on the first working day of the week only', async () => {
    await weeklySummary.run(ctx, at('2026-10-10T09:00:00')); // a 调休 Saturday, not the week's first working day
    await weeklySummary.run(ctx, at('2026-10-12T09:00:00'));
    await weeklySummary.run(ctx, at('2026-10-13T09:00:00'));
    const sent = await queued('weekly:');
    expect(sent.map((e) => e.key)).toEqual(['weekly:jxj:2026-10-12']);
    expect(renderPlainText(sent[0]!.body)).toContain('专班周报 · 经信局');
  });

  it('after the National Day holiday, lists last quarter\'s projects to adjust for the admin on 8 October', async () => {
    await quarterlyReview.run(ctx, at('2026-10-01T09:45:00'));
    expect(await queued('quarterly:')).toEqual([]);
    await quarterlyReview.run(ctx, at('2026-10-08T09:45:00'));
    const [sent] = await queued('quarterly:');
    expect(sent).toMatchObject({ key: 'quarterly:2026-Q3', target: { kind: 'app', userIds: ['admin1'] } });
    // End of September: 丙 500 of 2400 against 1800 due → 20.8% vs 75%, 54.2 points behind; 乙 planned 开工 on 1 May, still 签约.
    const text = renderPlainText(sent!.body);
    expect(text).toContain('2026年第3季度 季度分析 · 建议动态调整（2 个）');
    expect(text).toContain('1. 丙新材料项目（东河镇）：落后序时进度 54.2 个百分点');
    expect(text).toContain('2. 乙文旅项目（城关镇）：计划 2026-05-01 开工，至季末未开工');
  });
});

describe('考核评比 delivery', () => {
  it('on 8 October publishes September and the third quarter, and sends the quarter\'s 评比 with workbook and chart once', async () => {
    await assessmentJob.run(ctx, at('2026-10-07T09:20:00')); // holiday
    await assessmentJob.run(ctx, at('2026-10-08T09:20:00'));
    await assessmentJob.run(ctx, at('2026-10-08T09:20:30'));
    const published = await store.db.collection(collections.scorecards).find({}).toArray();
    expect(published.map((p) => p._id).sort()).toEqual(['2026-09', '2026-Q3']);
    const sent = await queued('assess:');
    expect(sent.map((e) => e.key)).toEqual(['assess:2026-Q3:text', 'assess:2026-Q3:xlsx', 'assess:2026-Q3:chart']);
    expect(sent[0]!.target).toEqual({ kind: 'app', userIds: ['li_fxz', 'admin1'] });
    const text = renderPlainText(sent[0]!.body);
    expect(text).toContain('2026年第3季度 考核评比排名');
    expect(text).toMatch(/已于 10月8日 发布/);
  });

  it('puts the month\'s scores in the 月通报', async () => {
    expect(renderPlainText((await queued('monthly:2026-10:text'))[0]!.body)).toMatch(/考核得分\n乡镇：1\. 城关镇 [\d.]+；2\. 东河镇 [\d.]+\n部门：/);
  });
});

async function darkPixels(png: Buffer, r: { x: number; y: number; w: number; h: number }): Promise<number> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const data = g.getImageData(r.x, r.y, r.w, r.h).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! < 100 && data[i + 1]! < 100 && data[i + 2]! < 100) n++;
  return n;
}
