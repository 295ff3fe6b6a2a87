import type { CellValue } from 'exceljs';

/** A cell turned into a plain value, or a reason in Chinese why it cannot be. */
export type Coerced<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

const ok = <T>(value: T | undefined): Coerced<T> => ({ ok: true, value });
const bad = (message: string): Coerced<never> => ({ ok: false, message });

/** The value a person sees: formulas give their result, rich text its plain text, blanks undefined. */
export function plain(cell: CellValue): string | number | boolean | Date | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (typeof cell === 'string') return cell.trim() === '' ? undefined : cell.trim();
  if (typeof cell === 'number' || typeof cell === 'boolean' || cell instanceof Date) return cell;
  if ('result' in cell) return plain(cell.result as CellValue);
  if ('richText' in cell) return plain(cell.richText.map((r) => r.text).join(''));
  if ('text' in cell) return plain(cell.text as CellValue);
  if ('error' in cell) return undefined;
  return undefined;
}

export function text(cell: CellValue): Coerced<string> {
  const v = plain(cell);
  if (v === undefined) return ok(undefined);
  if (v instanceof Date) return ok(ymd(v));
  return ok(String(v));
}

/** Numbers as typed in a 台账: 1250, "1,250", "1250万元", "1250万", "35亩". */
export function number(cell: CellValue): Coerced<number> {
  const v = plain(cell);
  if (v === undefined) return ok(undefined);
  if (typeof v === 'number') return Number.isFinite(v) ? ok(v) : bad('不是有效数字');
  const s = String(v).replace(/[,，\s]/g, '').replace(/(万元|万|元|亩)$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return bad(`“${String(v)}”不是数字`);
  return ok(Number(s));
}

/** A money cell as typed: a number, or text the registry's schema reads as money ("2.4亿", "8600万元"). */
export function money(cell: CellValue): Coerced<number | string> {
  const v = plain(cell);
  if (v === undefined) return ok(undefined);
  if (typeof v === 'number') return Number.isFinite(v) ? ok(v) : bad('不是有效数字');
  return typeof v === 'string' ? ok(v) : bad(`“${String(v)}”不是金额`);
}

/** Lists in one cell, separated the ways people do: 、，,；; / and line breaks. */
export function list(cell: CellValue): Coerced<string[]> {
  const t = text(cell);
  if (!t.ok || t.value === undefined) return t as Coerced<string[]>;
  return ok(t.value.split(/[、，,；;/\n]+/).map((s) => s.trim()).filter(Boolean));
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * Dates as counties write them: Excel dates, 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日(号).
 * Excel stores a date cell as a local wall-clock time; exceljs hands it back as that time in UTC.
 */
export function date(cell: CellValue): Coerced<string> {
  const v = plain(cell);
  if (v === undefined) return ok(undefined);
  if (v instanceof Date) return ok(ymd(v));
  if (typeof v === 'number') return v > 0 && v < 100_000 ? ok(ymd(new Date(EXCEL_EPOCH_MS + Math.round(v) * 86_400_000))) : bad(`“${v}”不是日期`);
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/.exec(String(v));
  if (!m) return bad(`“${String(v)}”不是日期（示例：2026-03-01、2026年3月1日、2026.3.1）`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return bad(`“${String(v)}”不是有效日期`);
  return ok(ymd(probe));
}

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}
