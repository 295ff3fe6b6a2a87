import { localDay } from '../time.js';

export interface PlanInput {
  yearPlan?: number | null;
  /** 万元 by month number "1".."12"; months not listed count 0 when any is given. */
  monthlyPlan?: Record<string, number> | null;
}

/**
 * 万元 of this year's plan due by `now`: the months before this one in full, this month pro rata
 * by day. Without a monthly plan the year plan is spread evenly over the months. Null without a plan.
 */
export function planDueBy(plan: PlanInput, now: Date): number | null {
  const { month, date, daysInMonth } = localDay(now);
  const fraction = date / daysInMonth;
  if (plan.monthlyPlan && Object.keys(plan.monthlyPlan).length > 0) {
    let due = 0;
    for (let m = 1; m < month; m++) due += plan.monthlyPlan[String(m)] ?? 0;
    return due + (plan.monthlyPlan[String(month)] ?? 0) * fraction;
  }
  if (!plan.yearPlan) return null;
  return (plan.yearPlan * (month - 1 + fraction)) / 12;
}

export function yearPlanOf(plan: PlanInput): number | null {
  if (plan.monthlyPlan && Object.keys(plan.monthlyPlan).length > 0) return Object.values(plan.monthlyPlan).reduce((a, b) => a + b, 0);
  return plan.yearPlan ?? null;
}

export interface Progress {
  /** 投资完成率: completed this year / this year's plan, percent. */
  completionRate: number | null;
  /** 序时进度: plan due by now / this year's plan, percent. */
  scheduleRate: number | null;
  /** 序时进度 − 完成率, percentage points (positive = behind). */
  lagPoints: number | null;
}

export function progressOf(plan: PlanInput, completedThisYear: number | null, now: Date): Progress {
  const year = yearPlanOf(plan);
  const due = planDueBy(plan, now);
  if (!year || year <= 0 || due === null) return { completionRate: null, scheduleRate: null, lagPoints: null };
  const scheduleRate = (due / year) * 100;
  const completionRate = completedThisYear === null ? null : (completedThisYear / year) * 100;
  return { completionRate, scheduleRate, lagPoints: completionRate === null ? null : scheduleRate - completionRate };
}
