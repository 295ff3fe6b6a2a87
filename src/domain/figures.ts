import type { FigurePeriod, FigurePeriods } from '../parser/index.js';
import { dueTimes } from './cycles.js';
import type { LatestFigures, ReportDoc } from './records.js';
import type { Rules } from './rules.js';
import { localDay } from '../time.js';
import dayjs from '../time.js';

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

/** What a report's figures cover: what the text named, else the reporting cycle of its date (a 年度累计 then runs from 1 January). */
export function coveredPeriods(named: FigurePeriods, fields: { completedThisPeriod: number | null; completedThisYear: number | null }, at: Date, rules: Rules['reporting']): FigurePeriods {
  const cycle = cycleOf(at, rules);
  const yearStart = `${localDay(at).year}-01-01`;
  return {
    completedThisPeriod: fields.completedThisPeriod === null ? null : (named.completedThisPeriod ?? cycle),
    completedThisYear: fields.completedThisYear === null ? null : (named.completedThisYear ?? { label: yearLabel(cycle.to), from: yearStart, to: cycle.to }),
  };
}

/** "1-8月" when a month is complete, else "截至10月9日". */
export function yearLabel(to: string): string {
  const next = dayjs.tz(`${to} 12:00`).add(1, 'day');
  if (next.date() !== 1) return `截至${md(to)}`;
  const month = next.month() === 0 ? 12 : next.month();
  return month === 1 ? '1月' : `1-${month}月`;
}


/**
 * The newest value of each figure, `rows` newest first. 年度累计 is the newest one this year plus
 * every later 本期 figure for a period that starts after what it already covers, each period
 * once (a period reported twice counts its newest figure).
 */
export function figuresFrom(rows: ReportDoc[], yearStart: Date): LatestFigures {
  const first = <T>(pick: (r: ReportDoc) => T | null, since?: Date) => rows.find((r) => pick(r) !== null && (!since || r.reportedAt >= since)) ?? null;
  const base = first((r) => r.fields.completedThisYear, yearStart);
  const total = first((r) => r.fields.completedTotal);
  const pct = first((r) => r.fields.progressPercent);
  let completedThisYear = base?.fields.completedThisYear ?? null;
  // Reports kept before periods were have none: compared with the plan due by the day it is judged, as then.
  let through = base?.fields.periods?.completedThisYear?.to ?? null;
  if (base) {
    const covered = through ?? localDay(base.reportedAt).ymd;
    const newest = new Map<string, { period: FigurePeriod; value: number }>();
    for (const r of rows) {
      const period = r.fields.periods?.completedThisPeriod;
      if (r.reportedAt <= base.reportedAt || !period || r.fields.completedThisPeriod === null) continue;
      const key = `${period.from}|${period.to}`;
      if (!newest.has(key)) newest.set(key, { period, value: r.fields.completedThisPeriod });
    }
    for (const { period, value } of [...newest.values()].sort((a, b) => a.period.from.localeCompare(b.period.from))) {
      if (period.from <= (through ?? covered)) continue;
      completedThisYear! += value;
      through = period.to;
    }
  }
  return {
    completedThisYear,
    yearThrough: through,
    completedTotal: total?.fields.completedTotal ?? null,
    progressPercent: pct?.fields.progressPercent ?? null,
    lastReportAt: rows[0]?.reportedAt ?? null,
  };
}
