import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { readLedger } from '../src/ledger/read.js';
import { ledgerWorkbook, templateWorkbook } from '../src/ledger/write.js';
import { ledgerSnapshot } from '../src/ledger/snapshot.js';
import { readSetupJson } from '../src/ledger/json.js';
import { projectSheet } from '../src/ledger/columns.js';
import { importSetup } from '../src/repo/registry.js';
import type { ProjectInput, Setup } from '../src/domain/setup.js';
import { openTestStore } from './support/store.js';
import { spawnTs } from './support/spawn.js';
import type { Store } from '../src/db/index.js';
import { fixtureJson } from './support/fixtures.js';

const now = new Date('2026-10-15T10:00:00+08:00');
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
async function store(): Promise<Store> {
  const s = await openTestStore();
  stores.push(s);
  return s;
}

/** A workbook with the project sheet's headers as a person would type them, and the given rows. */
async function workbook(headers: string[], rows: unknown[][], sheet = '项目台账'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const townships = ['城关镇', '青山经开区', '竹溪乡', '东河镇', '西岭镇'];
const industries = ['快递智能装备', '高性能新材料', '电子电器信息', '绿色低碳环保', '农产品深加工', '文旅康养'];

/** A realistic 50-row 台账: the fixture registry's projects first, then generated ones. */
function countyProjects(): ProjectInput[] {
  const fixtures = fixtureJson<Array<{ name: string; aliases: string[] }>>('projects.json');
  const names = [...fixtures.map((f) => f.name), ...Array.from({ length: 50 - fixtures.length }, (_, i) => `县重点项目${i + 1}号（鑫瀚犇）`)];
  return names.map((name, i) => ({
    name,
    aliases: fixtures[i]?.aliases ?? [],
    level: (['省', '市', '县'] as const)[i % 3],
    category: (['产业', '基础设施', '社会民生', '生态'] as const)[i % 4],
    industry: industries[i % industries.length],
    township: townships[i % townships.length],
    totalInvestment: 10000 + i * 1250.5,
    yearPlan: 3000 + i * 100,
    ...(i % 5 === 0 ? { monthlyPlan: { '1': 100, '6': 2600 + i * 100, '12': 300 } } : {}),
    plannedStart: `2026-0${(i % 9) + 1}-1${i % 10}`,
    plannedFinish: '2027-12-31',
    stage: (['签约', '开工', '在建', '竣工'] as const)[i % 4],
    ...(i % 3 === 0 ? { acres: 10 + i, landUse: (i % 2 === 0 ? '工业' : '服务业') as '工业' | '服务业' } : {}),
    leader: `leader${i % 4}`,
    department: ['县发改委', '县经信局', '县住建局'][i % 3],
    specialist: `spec${i % 7}`,
    liaisons: i % 2 === 0 ? [`liaison${i}`, `liaison${i}b`] : [`liaison${i}`],
    ...(i < 20 ? { chatId: `wrchat-${i}` } : {}),
  }));
}

function county(): Setup {
  return {
    projects: countyProjects(),
    people: [
      { userid: 'leader0', name: '张副县长', role: 'leader', department: '县政府' },
      { userid: 'spec0', name: '李专员', role: 'specialist', department: '县发改委' },
    ],
    units: [{ name: '城关镇', kind: 'township', yearTargets: { investment: 50000, 签约: 3, 落地: 2, 开工: 2, 投产: 1, 达效: 1, bigProjects: 1 } }],
  };
}

describe('台账 template', () => {
  it('has the three sheets with Chinese headers, drop-downs, an explanation sheet, and reads back empty', async () => {
    const buf = await templateWorkbook();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['项目台账', '人员', '单位目标', '填写说明']);
    const header = (wb.getWorksheet('项目台账')!.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toContain('项目名称');
    expect(header).toContain('年度计划投资（万元）');
    expect(header).toContain('3月计划（万元）');
    const stageCol = header.indexOf('当前阶段') + 1;
    expect(wb.getWorksheet('项目台账')!.getCell(2, stageCol).dataValidation?.formulae?.[0]).toContain('在建');
    const read = await readLedger(buf);
    expect(read.problems).toEqual([]);
    expect(read.setup.projects).toEqual([]);
  });
});

describe('台账 import', () => {
  it('reads a 50-row 台账 written in the template form, and imports it idempotently', async () => {
    const setup = county();
    const read = await readLedger(await ledgerWorkbook(setup, new Map(), []));
    expect(read.problems).toEqual([]);
    expect(read.setup).toEqual(setup);

    const { db } = await store();
    const first = await importSetup(db, read.setup, 'test', now);
    const again = await importSetup(db, read.setup, 'test', now);
    expect(first.projects).toEqual({ created: 50, updated: 0 });
    expect(again.projects).toEqual({ created: 0, updated: 50 });
    expect(await db.collection('projects').countDocuments()).toBe(50);
  });

  it('round-trips: import → export → import gives the same registry', async () => {
    const a = (await store()).db;
    await importSetup(a, county(), 'test', now);
    const exported = await ledgerSnapshot(a, now);
    const buf = await ledgerWorkbook(exported.setup, exported.figures, exported.extras);
    const read = await readLedger(buf);
    expect(read.problems).toEqual([]);
    // The figure columns beside the registry's are recognised and skipped, not reported as unknown.
    expect(read.warnings).toEqual([]);
    const b = (await store()).db;
    await importSetup(b, read.setup, 'test', now);
    const again = await ledgerSnapshot(b, now);
    expect(again.setup).toEqual(exported.setup);
    expect(exported.setup.projects).toHaveLength(50);
  });

  it('reads dates in the formats counties type, Excel dates and serial numbers; bad dates are named', async () => {
    const rows = [
      ['甲项目', '2026年3月1日'],
      ['乙项目', '2026.3.1'],
      ['丙项目', '2026/3/1'],
      ['丁项目', new Date(Date.UTC(2026, 2, 1))],
      ['戊项目', 45658],
      ['己项目', '2026年2月30日'],
      ['庚项目', '明年开春'],
    ];
    const read = await readLedger(await workbook(['项目名称', '计划开工日期'], rows));
    expect(read.setup.projects.map((p) => p.plannedStart)).toEqual(['2026-03-01', '2026-03-01', '2026-03-01', '2026-03-01', '2025-01-01']);
    expect(read.problems.map((p) => [p.row, p.column])).toEqual([
      [7, '计划开工日期'],
      [8, '计划开工日期'],
    ]);
    expect(read.problems[0]!.message).toContain('不是有效日期');
  });

  it('names every bad row and column: wrong types, negative money, unknown choices, duplicates, a group given twice', async () => {
    const headers = ['项目名称', '总投资（万元）', '年度计划投资（万元）', '当前阶段', '工作群 chatid', '联络员（账号）', '5月计划（万元）'];
    const rows = [
      ['好项目', '1,250万元', 100, '在建', 'wr1', '王五、赵六', 100],
      ['类型错', '很多', 800, '在建', null, null, null],
      ['负数', 1000, -5, '开工', null, null, null],
      ['阶段错', 1000, 10, '动工', null, null, null],
      ['好项目', 1, 1, '在建', null, null, null],
      ['抢群', 1, 1, '在建', 'wr1', null, null],
      ['月份负', 1, 1, '在建', null, null, -1],
    ];
    const read = await readLedger(await workbook(headers, rows));
    expect(read.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '总投资（万元）'],
      [4, '年度计划投资（万元）'],
      [5, '当前阶段'],
      [6, '项目名称'],
      [8, '5月计划（万元）'],
      [7, '工作群 chatid'],
    ]);
    expect(read.problems.find((p) => p.row === 4)!.message).toBe('金额不能为负');
    expect(read.problems.find((p) => p.row === 6)!.message).toContain('与第 2 行重复');
    expect(read.problems.find((p) => p.row === 7)!.message).toContain('第 2 行“好项目”');
    // What --partial would import: the good row only, with its list and money read.
    expect(read.setup.projects).toEqual([
      { name: '好项目', aliases: [], totalInvestment: 1250, yearPlan: 100, stage: '在建', chatId: 'wr1', liaisons: ['王五', '赵六'], monthlyPlan: { '5': 100 } },
    ]);
  });

  it('refuses a sheet without the 项目名称 column and a file that is not a workbook', async () => {
    const missing = await readLedger(await workbook(['总投资（万元）'], [[100]]));
    expect(missing.problems).toEqual([{ sheet: '项目台账', row: 1, column: '项目名称', message: '缺少必填列' }]);
    const noSheet = await readLedger(await workbook(['项目名称'], [['甲']], 'Sheet1'));
    expect(noSheet.problems[0]!.message).toContain('缺少工作表“项目台账”');
    const garbage = await readLedger(Buffer.from('not a zip at all'));
    expect(garbage.problems[0]!.message).toContain('不是有效的 Excel');
  });

  it('warns about unknown columns and accepts half-width brackets in headers', async () => {
    const read = await readLedger(await workbook(['项目名称', '总投资(万元)', '备注'], [['甲', 10, '随便写']]));
    expect(read.problems).toEqual([]);
    expect(read.setup.projects[0]!.totalInvestment).toBe(10);
    expect(read.warnings).toEqual(['工作表“项目台账”的列“备注”不认识，已忽略', '没有工作表“人员”，跳过', '没有工作表“单位目标”，跳过']);
  });

  it('gives the JSON form the same problem list, and the good entries for --partial', () => {
    const read = readSetupJson({ projects: [{ name: '甲' }, { name: '乙', yearPlan: -1 }], people: [{ userid: 'u1', name: '王', role: 'boss' }] });
    expect(read.problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ['项目', 2, '年度计划投资（万元）'],
      ['人员', 1, '角色'],
    ]);
    expect(read.setup.projects.map((p) => p.name)).toEqual(['甲']);
    expect(read.setup.people).toEqual([]);
  });
});

describe('import, template and export commands', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-'));

  it('writes the template; imports nothing from a bad file; --partial imports the good rows', async () => {
    const template = path.join(dir, 'template.xlsx');
    const t = spawnTs('src/cli/index.ts', ['template', template], {});
    expect(await t.exited).toBe(0);
    expect((await readLedger(fs.readFileSync(template))).problems).toEqual([]);

    const bad = path.join(dir, 'bad.xlsx');
    const headers = projectSheet.columns.map((c) => c.header);
    const row = (name: string, money: unknown) => headers.map((h) => (h === '项目名称' ? name : h === '总投资（万元）' ? money : null));
    fs.writeFileSync(bad, await workbook(headers, [row('甲项目', 100), row('乙项目', -3)]));
    const strict = spawnTs('src/cli/index.ts', ['import', bad], { MONGODB_URI: 'memory://' });
    expect(await strict.exited).toBe(1);
    expect(strict.stderr()).toContain('项目台账 第3行 「总投资（万元）」：金额不能为负');
    expect(strict.stderr()).toContain('未导入任何数据');

    const partial = spawnTs('src/cli/index.ts', ['import', bad, '--partial'], { MONGODB_URI: 'memory://' });
    expect(await partial.exited).toBe(3);
    expect(partial.stderr()).toContain('新增项目 1');
  }, 30_000);
});
