import type { FigurePeriod, FigurePeriods } from '../parser/index.js';
import { dueTimes } from './cycles.js';
import type { LatestFigures, ReportDoc } from './records.js';
import type { Rules } from './rules.js';
import type { ReportFields } from './standing.js';
import { localDay } from '../time.js';
import dayjs from '../time.js';
import { wanText } from './wan.js';

const md = (ymd: string) => `${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;
const FORTNIGHT = 14 * 86_400_000;

/**
 * The reporting cycle `at` falls in: from the day after the previous due day to the due day a
 * report at `at` counts for (a report counts for the first due time at or after it).
 */
export function cycleOf(at: Date, rules: Rules['reporting']): FigurePeriod {
  const next = dueTimes(at, new Date(at.getTime() + FORTNIGHT), rules)[0] ?? at;
  const previous = dueTimes(new Date(at.getTime() - FORTNIGHT), new Date(at.getTime() - 1), rules).at(-1);
  const from = previous ? dayjs(previous).tz().add(1, 'day').format('YYYY-MM-DD') : localDay(at).ymd;
  const to = localDay(next).ymd;
  return { label: `本期（${md(from)}-${md(to)}）`, from, to };
}

/**
 * What a report's figures cover: what the text named, else the reporting cycle of its date. A
 * 年度累计 runs from 1 January to the end of the 本期 beside it ("10月完成700万元，年度累计7100万元"
 * is 1-10月), else to the cycle's end.
 */
export function coveredPeriods(named: FigurePeriods, fields: { completedThisPeriod: number | null; completedThisYear: number | null }, at: Date, rules: Rules['reporting']): FigurePeriods {
  const cycle = cycleOf(at, rules);
  const yearStart = `${localDay(at).year}-01-01`;
  const period = fields.completedThisPeriod === null ? null : (named.completedThisPeriod ?? cycle);
  const to = period && period.from >= yearStart ? period.to : cycle.to;
  return {
    completedThisPeriod: period,
    completedThisYear: fields.completedThisYear === null ? null : (named.completedThisYear ?? { label: yearLabel(to), from: yearStart, to }),
  };
}

/** "1-8月" when a month is complete, else "截至10月9日". */
export function yearLabel(to: string): string {
  const next = dayjs.tz(`${to} 12:00`).add(1, 'day');
  if (next.date() !== 1) return `截至${md(to)}`;
  const month = next.month() === 0 ? 12 : next.month();
  return month === 1 ? '1月' : `1-${month}月`;
}


/** A report's 本期 figure and the period it covers, as `addLaterPeriods` reads it. */
export interface PeriodFigure {
  reportedAt: Date;
  fields: { completedThisPeriod: number | null; periods?: { completedThisPeriod?: FigurePeriod | null } };
}

/**
 * 年度累计 from the newest one this year (`base`) plus every later 本期 figure for a period that
 * starts after what it already covers, each period once (a period reported twice counts its newest
 * figure). `rows` newest first; reports kept before periods were have none and are compared with
 * the plan due by the day they are judged, as then.
 */
export function addLaterPeriods(base: { value: number; at: Date; through: string | null }, rows: PeriodFigure[]): { completedThisYear: number; yearThrough: string | null } {
  let completedThisYear = base.value;
  let through = base.through;
  const covered = through ?? localDay(base.at).ymd;
  const newest = new Map<string, { period: FigurePeriod; value: number }>();
  for (const r of rows) {
    const period = r.fields.periods?.completedThisPeriod;
    if (r.reportedAt <= base.at || !period || r.fields.completedThisPeriod === null) continue;
    const key = `${period.from}|${period.to}`;
    if (!newest.has(key)) newest.set(key, { period, value: r.fields.completedThisPeriod });
  }
  for (const { period, value } of [...newest.values()].sort((a, b) => a.period.from.localeCompare(b.period.from))) {
    if (period.from <= (through ?? covered)) continue;
    completedThisYear += value;
    through = period.to;
  }
  return { completedThisYear, yearThrough: through };
}

/** A 年度累计 sent this year is this year's unless its period ended before ("1-12月" sent in January). */
function ofYear(r: Pick<ReportDoc, 'fields'>, yearStart: Date): boolean {
  const to = r.fields.periods?.completedThisYear?.to;
  return !to || to >= localDay(yearStart).ymd;
}

/** The newest value of each figure, `rows` newest first, 年度累计 derived as `addLaterPeriods` does. */
export function figuresFrom(rows: ReportDoc[], yearStart: Date): LatestFigures {
  const first = <T>(pick: (r: ReportDoc) => T | null, since?: Date) => rows.find((r) => pick(r) !== null && (!since || r.reportedAt >= since)) ?? null;
  const base = first((r) => (ofYear(r, yearStart) ? r.fields.completedThisYear : null), yearStart);
  const total = first((r) => r.fields.completedTotal);
  const pct = first((r) => r.fields.progressPercent);
  const year = base
    ? addLaterPeriods({ value: base.fields.completedThisYear!, at: base.reportedAt, through: base.fields.periods?.completedThisYear?.to ?? null }, rows)
    : { completedThisYear: null, yearThrough: null };
  return {
    ...year,
    completedTotal: total?.fields.completedTotal ?? null,
    progressPercent: pct?.fields.progressPercent ?? null,
    lastReportAt: rows[0]?.reportedAt ?? null,
  };
}

export interface FigureDoubt {
  reason: string;
  /** Beyond the rules' bounds: a plain 确认 does not count it; a correction or the admin does. */
  absurd: boolean;
}

const AMOUNTS = [
  ['completedThisPeriod', '本期完成'],
  ['completedThisYear', '年度累计'],
  ['completedTotal', '开工以来累计'],
] as const;

/**
 * What the county would question in a report's figures: a cumulative figure lower than the one it
 * replaces, and amounts beyond the rules' bounds (above the project's total investment, above the
 * largest plausible figure).
 */
export function figureDoubts(
  fields: Pick<ReportFields, 'completedThisPeriod' | 'completedThisYear' | 'completedTotal' | 'totalInvestment' | 'progressPercent'>,
  project: { totalInvestment?: number | undefined },
  latest: Pick<LatestFigures, 'completedThisYear' | 'completedTotal'>,
  bounds: Rules['figures'],
): FigureDoubt[] {
  const out: FigureDoubt[] = [];
  const lower = (now: number | null, before: number | null, name: string) => {
    if (now !== null && before !== null && now < before) out.push({ reason: `${name} ${wanText(now)} 低于上次报送的 ${wanText(before)}`, absurd: false });
  };
  lower(fields.completedThisYear, latest.completedThisYear, '年度累计');
  lower(fields.completedTotal, latest.completedTotal, '开工以来累计');
  const total = fields.totalInvestment ?? project.totalInvestment ?? null;
  for (const [key, name] of AMOUNTS) {
    const v = fields[key];
    if (v === null) continue;
    if (v > bounds.maxWan) out.push({ reason: `${name} ${wanText(v)} 超过 ${wanText(bounds.maxWan)}，明显不合理`, absurd: true });
    else if (total !== null && total > 0 && v > total * bounds.maxShareOfInvestment) out.push({ reason: `${name} ${wanText(v)} 超过项目总投资 ${wanText(total)}`, absurd: true });
  }
  if (fields.progressPercent !== null && (fields.progressPercent > 100 || fields.progressPercent < 0)) out.push({ reason: `形象进度 ${fields.progressPercent}% 不在 0–100% 之间`, absurd: true });
  return out;
}
