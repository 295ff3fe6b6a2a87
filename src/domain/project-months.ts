import type { ReportDoc } from './records.js';
import { planDueBy, type PlanInput } from './schedule.js';
import dayjs from '../time.js';

/** One month of a project's year: plan due by its end and this year's completed investment then (万元). */
export interface MonthPoint {
  month: number;
  plan: number | null;
  /** Null for months not begun, and before the first figure of the year. */
  actual: number | null;
}

/**
 * Plan against actual by month for the year `now` falls in: the cumulative plan at each month's
 * end, and the newest confirmed 年度累计 reported by then.
 */
export function monthlyCurve(plan: PlanInput | null, reports: readonly ReportDoc[], now: Date): MonthPoint[] {
  const year = dayjs(now).tz().startOf('year');
  const figures = reports
    .filter((r) => r.status === 'confirmed' && r.fields.completedThisYear !== null && r.reportedAt >= year.toDate() && r.reportedAt <= now)
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime());
  return Array.from({ length: 12 }, (_, i) => {
    const start = year.add(i, 'month');
    const end = start.endOf('month');
    const last = start.toDate() > now ? undefined : figures.filter((r) => r.reportedAt <= end.toDate()).at(-1);
    return { month: i + 1, plan: planDueBy(plan, end.subtract(1, 'hour').toDate()), actual: last?.fields.completedThisYear ?? null };
  });
}
