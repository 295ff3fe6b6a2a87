import { z } from 'zod';
import dayjs from '../time.js';

/** A 考核 period: a month (2026-10), a quarter (2026-Q3) or a year (2026), with its local bounds. */
export interface Period {
  key: string;
  kind: 'month' | 'quarter' | 'year';
  /** Months the period spans: a year target times months/12 is the period's target. */
  months: number;
  from: Date;
  to: Date;
  label: string;
}

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => Period]> = [
  [/^(\d{4})-(0[1-9]|1[0-2])$/, (m) => make(m[0]!, 'month', `${m[1]}-${m[2]}-01`, 1, `${m[1]}年${Number(m[2])}月`)],
  [/^(\d{4})-Q([1-4])$/i, (m) => make(`${m[1]}-Q${m[2]}`, 'quarter', `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`, 3, `${m[1]}年第${m[2]}季度`)],
  [/^(\d{4})$/, (m) => make(m[1]!, 'year', `${m[1]}-01-01`, 12, `${m[1]}年度`)],
];

function make(key: string, kind: Period['kind'], start: string, months: number, label: string): Period {
  const from = dayjs.tz(`${start} 00:00`);
  return { key, kind, months, from: from.toDate(), to: from.add(months, 'month').toDate(), label };
}

/** "2026-10", "2026-Q3" or "2026"; null for anything else. */
export function parsePeriod(text: string): Period | null {
  for (const [re, build] of PATTERNS) {
    const m = re.exec(text.trim());
    if (m) return build(m);
  }
  return null;
}

/** The month, quarter or year `now` falls in. */
export function periodOf(now: Date, kind: Period['kind']): Period {
  const t = dayjs(now).tz();
  const key = kind === 'month' ? t.format('YYYY-MM') : kind === 'quarter' ? `${t.year()}-Q${Math.floor(t.month() / 3) + 1}` : String(t.year());
  return parsePeriod(key)!;
}

/** The period of the same kind just before `p`. */
export function previousPeriod(p: Period): Period {
  return periodOf(new Date(p.from.getTime() - 1), p.kind);
}

/** A `--period` option: the text people type, read into a Period or named as wrong. */
export const periodSchema = z.string().transform((p, ctx) => parsePeriod(p) ?? (ctx.addIssue({ code: 'custom', message: '--period 应为 2026-10、2026-Q3 或 2026' }), z.NEVER));
