import type { ProblemDoc } from '../records.js';
import type { Period } from '../period.js';
import { LADDER } from '../escalation.js';
import dayjs from '../../time.js';

export interface ProblemLine {
  no: number;
  project: string;
  text: string;
  /** 责任单位. */
  unit: string | null;
  /** Days open at the month's end, or until solved. */
  days: number;
  /** The escalation rung it had reached at the month's end. */
  rung: string;
}

/** The 月通报's 问题 section: opened in the month, still open past the limit at its end, solved in it. */
export interface MonthProblems {
  opened: ProblemLine[];
  overdue: ProblemLine[];
  solved: ProblemLine[];
  /** Open at the month's end, overdue or not. */
  openAtEnd: number;
  /** Days open after which a problem counts as 超期. */
  overdueDays: number;
}

/** `problems`: every problem opened before the month's end and not solved before it began. */
export function monthProblems(problems: ProblemDoc[], period: Period, overdueDays: number): MonthProblems {
  const { from, to } = period;
  const line = (p: ProblemDoc): ProblemLine => {
    const until = p.resolvedAt && p.resolvedAt < to ? p.resolvedAt : to;
    const level = Math.max(0, ...p.escalations.filter((e) => e.at < to).map((e) => e.level));
    return { no: p.no, project: p.project, text: p.text, unit: p.unit ?? null, days: dayjs(until).diff(dayjs(p.openedAt), 'day'), rung: LADDER[Math.min(level, LADDER.length - 1)]! };
  };
  const inMonth = (d: Date) => d >= from && d < to;
  const lines = [...problems].filter((p) => p.openedAt < to && !(p.resolvedAt && p.resolvedAt < from)).sort((a, b) => a.no - b.no);
  const open = lines.filter((p) => !(p.resolvedAt && p.resolvedAt < to)).map(line);
  return {
    opened: lines.filter((p) => inMonth(p.openedAt)).map(line),
    overdue: open.filter((p) => p.days > overdueDays).sort((a, b) => b.days - a.days || a.no - b.no),
    solved: lines.filter((p) => p.resolvedAt && inMonth(p.resolvedAt)).map(line),
    openAtEnd: open.length,
    overdueDays,
  };
}
