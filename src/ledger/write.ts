import ExcelJS from 'exceljs';
import type { Setup } from '../domain/setup.js';
import { FIGURE_HEADERS, SHEETS, type SheetSpec } from './columns.js';
import { getPath } from '../dotted-path.js';

/** Rows of the template that get drop-down lists for the columns with fixed choices. */
const TEMPLATE_ROWS = 500;
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

export interface FigureRow {
  /** One value per FIGURE_HEADERS entry, in order. */
  values: ExcelJS.CellValue[];
}

/** A plain sheet: a header row and rows of values. */
export interface Table {
  name: string;
  headers: string[];
  rows: ExcelJS.CellValue[][];
}

/** The blank 台账: the three sheets with headers and drop-downs, and a sheet that explains each column. */
export async function templateWorkbook(): Promise<Buffer> {
  const wb = newWorkbook();
  for (const spec of SHEETS) {
    const ws = addSheet(wb, spec, []);
    addChoices(ws, spec, TEMPLATE_ROWS);
  }
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ width: 16 }, { width: 26 }, { width: 40 }, { width: 60 }];
  header(help.addRow(['工作表', '列', '示例', '说明']));
  for (const spec of SHEETS) {
    for (const col of spec.columns) {
      const example = col.write(getPath(spec.example, col.path));
      help.addRow([spec.name, col.header, example instanceof Date ? example.toISOString().slice(0, 10) : example, note(col.required, col.choices)]);
    }
  }
  help.addRow([]);
  help.addRow(['', '日期可写作 2026-03-01、2026/3/1、2026.3.1 或 2026年3月1日；金额单位为万元，也可写 8600万元、1.2亿元、2.4亿；多个别名或联络员用顿号“、”分隔。']);
  help.addRow(['', '年度计划按年登记：“计划年度”不填即为导入当年；导入下一年的台账会新增该年计划，已有年份的计划保留。某年没有计划的项目显示“未下达年度计划”，不按 0% 计。']);
  help.addRow(['', '导入时核对：年度计划不得超过总投资，计划开工不得晚于计划竣工，各月计划合计须等于年度计划，账号须在“人员”表或已登记。']);
  help.addRow(['', '重复导入按“项目名称”更新，不会重复登记；有错误的行会逐行列出，全部改正后才会导入（或加 --partial 只导入正确的行）。']);
  return buffer(wb);
}

/** The current 台账: the registry's own columns (re-importable as is), the bot's figures beside them, and extra sheets. */
export async function ledgerWorkbook(setup: Setup, figures: Map<string, FigureRow>, extras: Table[]): Promise<Buffer> {
  const wb = newWorkbook();
  const [projects, people, units] = SHEETS;
  const ws = addSheet(wb, projects, setup.projects, FIGURE_HEADERS);
  setup.projects.forEach((p, i) => {
    const row = ws.getRow(i + 2);
    figures.get(p.name)?.values.forEach((v, j) => (row.getCell(projects.columns.length + j + 1).value = v));
  });
  addSheet(wb, people, setup.people);
  addSheet(wb, units, setup.units);
  for (const extra of extras) addTable(wb, extra);
  return buffer(wb);
}

/** A workbook of plain tables (bulletins, scorecards). */
export async function tableWorkbook(tables: Table[]): Promise<Buffer> {
  const wb = newWorkbook();
  for (const t of tables) addTable(wb, t);
  return buffer(wb);
}

function addTable(wb: ExcelJS.Workbook, table: Table): void {
  const sheet = wb.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.headers.map((h, i) => ({ width: Math.max(10, h.length * 2 + 4, ...table.rows.slice(0, 200).map((r) => Math.min(60, String(r[i] ?? '').length * 2 + 2))) }));
  header(sheet.addRow(table.headers));
  for (const r of table.rows) sheet.addRow(r);
}

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '项目调度助手';
  return wb;
}

function addSheet<T>(wb: ExcelJS.Workbook, spec: SheetSpec, rows: readonly T[], moreHeaders: readonly string[] = []): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = [...spec.columns.map((c) => ({ width: c.width })), ...moreHeaders.map(() => ({ width: 14 }))];
  header(ws.addRow([...spec.columns.map((c) => c.header), ...moreHeaders]));
  for (const r of rows) ws.addRow(spec.columns.map((c) => c.write(getPath(r, c.path))));
  return ws;
}

function addChoices(ws: ExcelJS.Worksheet, spec: SheetSpec, rows: number): void {
  spec.columns.forEach((col, i) => {
    if (!col.choices) return;
    const formulae = [`"${col.choices.join(',')}"`];
    for (let r = 2; r <= rows + 1; r++) {
      ws.getCell(r, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae, showErrorMessage: true, error: `请选择：${col.choices.join('、')}` };
    }
  });
}

function header(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((c) => (c.fill = HEADER_FILL));
}

function note(required: boolean | undefined, choices: readonly string[] | undefined): string {
  return [required ? '必填' : '选填', choices ? `可选：${choices.join('、')}` : ''].filter(Boolean).join('；');
}

async function buffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}
