import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { inChinese, type Setup } from '../domain/setup.js';
import { setPath } from '../dotted-path.js';
import { FIGURE_HEADERS, SHEETS, projectSheet, type Column, type SheetSpec } from './columns.js';

export interface LedgerProblem {
  sheet: string;
  /** The Excel row number a person sees (1 is the header). */
  row: number;
  column?: string;
  message: string;
}

export interface LedgerRead {
  /** The rows that passed validation; all of them when `problems` is empty. */
  setup: Setup;
  problems: LedgerProblem[];
  /** Things worth saying that do not stop an import (unknown columns, a missing optional sheet). */
  warnings: string[];
  rows: number;
  /** Where each kept project is in the file (its Excel row, its place in the JSON list), for later checks' messages. */
  projectRows: Map<string, number>;
}

/** Full-width and half-width brackets and stray spaces are the same header to a person. */
export function normaliseHeader(h: string): string {
  return h.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

const IGNORED = new Set<string>(FIGURE_HEADERS.map(normaliseHeader));

/** Reads a 台账 workbook (the template's sheets); validates every row and names every bad cell. */
export async function readLedger(data: ArrayBuffer | Uint8Array): Promise<LedgerRead> {
  const wb = new ExcelJS.Workbook();
  const out: LedgerRead = { setup: { projects: [], people: [], units: [] }, problems: [], warnings: [], rows: 0, projectRows: new Map() };
  try {
    await wb.xlsx.load(data as ArrayBuffer);
  } catch {
    out.problems.push({ sheet: '', row: 0, message: '不是有效的 Excel（.xlsx）文件' });
    return out;
  }
  if (!wb.getWorksheet(projectSheet.name)) {
    out.problems.push({ sheet: projectSheet.name, row: 0, message: `缺少工作表“${projectSheet.name}”（请使用 template 命令生成的模板）` });
    return out;
  }
  const [projects, people, units] = SHEETS.map((spec) => readSheet(wb, spec, out));
  out.setup = {
    projects: withoutChatClashes(projects as Array<Row<Setup['projects'][number]>>, out),
    people: people!.map((r) => r.data) as Setup['people'],
    units: units!.map((r) => r.data) as Setup['units'],
  };
  return out;
}

interface Row<T = unknown> {
  row: number;
  data: T;
}

function readSheet(wb: ExcelJS.Workbook, spec: SheetSpec, out: LedgerRead): Row[] {
  const ws = wb.getWorksheet(spec.name);
  if (!ws) {
    out.warnings.push(`没有工作表“${spec.name}”，跳过`);
    return [];
  }
  const columns = mapHeaders(ws, spec, out);
  if (!columns) return [];
  const valid: Row[] = [];
  const seen = new Map<string, number>();
  ws.eachRow({ includeEmpty: false }, (row, rowNo) => {
    if (rowNo === 1) return;
    const raw: Record<string, unknown> = {};
    let filled = false;
    let rowOk = true;
    for (const [colNo, col] of columns) {
      const coerced = col.read(row.getCell(colNo).value);
      if (!coerced.ok) {
        out.problems.push({ sheet: spec.name, row: rowNo, column: col.header, message: coerced.message });
        rowOk = false;
      } else if (coerced.value !== undefined) {
        setPath(raw, col.path, coerced.value);
        filled = true;
      }
    }
    if (!filled) return;
    out.rows++;
    const parsed = spec.schema.safeParse(raw, inChinese);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) out.problems.push({ sheet: spec.name, row: rowNo, ...columnOf(spec, issue), message: issue.message });
      return;
    }
    const key = String((raw as Record<string, unknown>)[spec.key]);
    const first = seen.get(key);
    if (first !== undefined) {
      out.problems.push({ sheet: spec.name, row: rowNo, column: spec.columns.find((c) => c.path === spec.key)!.header, message: `“${key}”与第 ${first} 行重复` });
      return;
    }
    seen.set(key, rowNo);
    if (rowOk) valid.push({ row: rowNo, data: parsed.data });
  });
  return valid;
}

/** Column number → column spec, from the header row; required columns missing is a problem, unknown ones a warning. */
function mapHeaders(ws: ExcelJS.Worksheet, spec: SheetSpec, out: LedgerRead): Map<number, Column> | null {
  const byHeader = new Map(spec.columns.map((c) => [normaliseHeader(c.header), c]));
  const found = new Map<number, Column>();
  ws.getRow(1).eachCell((cell, colNo) => {
    const header = normaliseHeader(String(cell.value ?? ''));
    const col = byHeader.get(header);
    if (col) found.set(colNo, col);
    else if (header && !IGNORED.has(header)) out.warnings.push(`工作表“${spec.name}”的列“${header}”不认识，已忽略`);
  });
  const present = new Set([...found.values()].map((c) => c.header));
  const missing = spec.columns.filter((c) => c.required && !present.has(c.header));
  for (const c of missing) out.problems.push({ sheet: spec.name, row: 1, column: c.header, message: '缺少必填列' });
  return missing.length > 0 ? null : found;
}

function columnOf(spec: SheetSpec, issue: z.core.$ZodIssue): { column?: string } {
  const header = headerOf(spec, issue.path.map(String));
  return header ? { column: header } : {};
}

/**
 * The Chinese header a field's path is shown as: its column, the span of the columns under it
 * ("monthlyPlan" → 1月…12月计划), and a year's plan as that year's ("plans.2027.yearPlan").
 */
export function headerOf(spec: SheetSpec, path: string[]): string | undefined {
  if (path[0] === 'plans' && path.length > 2) {
    const inner = headerOf(spec, path.slice(2));
    return inner && `${path[1]}年${inner}`;
  }
  for (let n = path.length; n > 0; n--) {
    const dotted = path.slice(0, n).join('.');
    const col = spec.columns.find((c) => c.path === dotted);
    if (col) return col.header;
    const under = spec.columns.filter((c) => c.path.startsWith(`${dotted}.`));
    if (under.length > 0) return under.length === 1 ? under[0]!.header : `${under[0]!.header}至${under.at(-1)!.header}`;
  }
  return undefined;
}

/** One group serves one project: a chat id given to two projects is a problem on the later row. */
function withoutChatClashes(rows: Array<Row<Setup['projects'][number]>>, out: LedgerRead): Setup['projects'] {
  const byChat = new Map<string, Row<Setup['projects'][number]>>();
  const kept: Setup['projects'] = [];
  for (const r of rows) {
    const chatId = r.data.chatId;
    const other = chatId ? byChat.get(chatId) : undefined;
    if (other) {
      out.problems.push({ sheet: projectSheet.name, row: r.row, column: '工作群 chatid', message: `群 ${chatId} 已填给第 ${other.row} 行“${other.data.name}”` });
      continue;
    }
    if (chatId) byChat.set(chatId, r);
    kept.push(r.data);
    out.projectRows.set(r.data.name, r.row);
  }
  return kept;
}
