import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../src/ledger/read.js';
import { readSetupJson } from '../src/ledger/json.js';
import { checkAccounts } from '../src/ledger/accounts.js';
import { spawnTs } from './support/spawn.js';

/** A 台账 workbook: the project sheet with these headers and rows, and a 人员 sheet. */
async function workbook(headers: string[], rows: unknown[][], people: unknown[][] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('项目台账');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  const ps = wb.addWorksheet('人员');
  ps.addRow(['企业微信账号', '姓名', '角色']);
  for (const r of people) ps.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const problems = (read: { problems: Array<{ sheet: string; row: number; column?: string; message: string }> }) => read.problems.map((p) => [p.row, p.column, p.message]);

/** No zod English reaches a clerk. */
const english = /[A-Za-z]{4,}/;

describe('what a 发改委 clerk would catch in a 台账 row, said in Chinese with its row and field', () => {
  it('a year plan above the total investment', async () => {
    const read = await readLedger(await workbook(['项目名称', '总投资（万元）', '年度计划投资（万元）'], [['好项目', 5000, 3000], ['超总投资', 3000, 5000]]));
    expect(problems(read)).toEqual([[3, '年度计划投资（万元）', '年度计划投资 5000 万元超过总投资 3000 万元']]);
    expect(read.setup.projects.map((p) => p.name)).toEqual(['好项目']);
  });

  it('a planned start after the planned finish', async () => {
    const read = await readLedger(await workbook(['项目名称', '计划开工日期', '计划竣工日期'], [['倒排', '2027年3月1日', '2026-12-31']]));
    expect(problems(read)).toEqual([[2, '计划开工日期', '计划开工日期 2027-03-01 晚于计划竣工日期 2026-12-31']]);
  });

  it('monthly plans that do not add up to the year plan', async () => {
    const read = await readLedger(await workbook(['项目名称', '年度计划投资（万元）', '1月计划（万元）', '12月计划（万元）'], [['对得上', 1000, 400, 600], ['对不上', 1000, 400, 500]]));
    expect(problems(read)).toEqual([[3, '1月计划（万元）至12月计划（万元）', '各月计划合计 900 万元，与年度计划投资 1000 万元不符']]);
  });

  it('a year of plans in JSON is named by its year', () => {
    const read = readSetupJson({ projects: [{ name: '甲', totalInvestment: 3000, plans: { 2027: { yearPlan: 5000 } } }] });
    expect(read.problems).toEqual([{ sheet: '项目', row: 1, column: '2027年年度计划投资（万元）', message: '2027年年度计划投资 5000 万元超过总投资 3000 万元' }]);
  });

  it('an account that is neither in the 人员 sheet nor registered', async () => {
    const read = await readLedger(
      await workbook(['项目名称', '包保县领导（账号）', '联络员（账号）'], [['甲项目', 'qian_fxz', 'ma_ll'], ['乙项目', 'qian_fxz', 'ma_ll、mal_ll']], [['ma_ll', '马联络', '联络员']]),
    );
    expect(read.problems).toEqual([]);
    const checked = checkAccounts(read, ['qian_fxz'], '项目台账');
    expect(problems(checked)).toEqual([[3, '联络员（账号）', '“乙项目”的账号 mal_ll 不在人员名单中（请在“人员”表登记，或核对账号）']]);
    expect(checked.setup.projects.map((p) => p.name)).toEqual(['甲项目']);
  });

  it('the import command refuses an unknown account before writing anything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-import-'));
    const file = path.join(dir, 'registry.json');
    fs.writeFileSync(file, JSON.stringify({ projects: [{ name: '甲项目', leader: 'zhang_fxz' }], people: [{ userid: 'li_fxz', name: '李副县长', role: '县领导' }] }));
    const run = spawnTs('src/cli/index.ts', ['import', file], { MONGODB_URI: 'memory://' });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('项目 第1行 「包保县领导（账号）」：“甲项目”的账号 zhang_fxz 不在人员名单中');
    expect(run.stderr()).toContain('未导入任何数据');
  }, 30_000);

  it('choices and roles are explained in Chinese, not in zod’s English or in codes', () => {
    const read = readSetupJson({
      projects: [{ name: '甲', level: '国家', category: '工业', stage: '动工', totalInvestment: true }],
      people: [{ userid: 'u1', name: '王', role: 'boss' }],
      units: [{ name: '城关镇', kind: 'town' }],
    });
    expect(read.problems.map((p) => [p.sheet, p.column])).toEqual([
      ['项目', '级别'],
      ['项目', '类别'],
      ['项目', '总投资（万元）'],
      ['项目', '当前阶段'],
      ['人员', '角色'],
      ['单位', '类型'],
    ]);
    expect(read.problems.find((p) => p.column === '级别')!.message).toBe('级别应为 省、市 或 县');
    expect(read.problems.find((p) => p.column === '角色')!.message).toBe('角色应为 县领导、牵头部门、服务专员、联络员、管理员 之一');
    for (const p of read.problems) expect(p.message).not.toMatch(english);
  });

  it('takes a role and a unit type written as the 台账 writes them', () => {
    const read = readSetupJson({ projects: [], people: [{ userid: 'u1', name: '王', role: '县领导' }], units: [{ name: '城关镇', kind: '乡镇/开发区' }] });
    expect(read.problems).toEqual([]);
    expect(read.setup.people[0]!.role).toBe('leader');
    expect(read.setup.units[0]!.kind).toBe('township');
  });
});

describe('money as a 台账 or a report writes it', () => {
  it('accepts "2.4亿", "8600万元", "1.2亿元" and "1,250" in a workbook and in JSON', async () => {
    const read = await readLedger(await workbook(['项目名称', '总投资（万元）', '年度计划投资（万元）', '1月计划（万元）', '2月计划（万元）'], [['甲', '2.4亿', '1.2亿元', '8600万元', '3400']]));
    expect(read.problems).toEqual([]);
    expect(read.setup.projects[0]).toMatchObject({ totalInvestment: 24000, yearPlan: 12000, monthlyPlan: { 1: 8600, 2: 3400 } });
    const json = readSetupJson({ projects: [{ name: '乙', totalInvestment: '2.4亿', yearPlan: '1,250', plans: { 2027: { yearPlan: '8600万元' } } }] });
    expect(json.problems).toEqual([]);
    expect(json.setup.projects[0]).toMatchObject({ totalInvestment: 24000, yearPlan: 1250, plans: { 2027: { yearPlan: 8600 } } });
  });

  it('says what a money cell should look like when it is not money', async () => {
    const read = await readLedger(await workbook(['项目名称', '总投资（万元）'], [['甲', '很多']]));
    expect(problems(read)).toEqual([[2, '总投资（万元）', '应为金额（万元），如 8600、8600万元、2.4亿']]);
  });
});
