import dayjs, { localDay } from '../time.js';
import { yearLabel } from './figures.js';

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
  /** What was compared: the figure's period ("1-8月"), what it says was done, and the plan due by its end. */
  compared: { label: string; completed: number; due: number } | null;
  /** 投资完成率: completed this year / this year's plan, percent. */
  completionRate: number | null;
  /** 序时进度: plan due by now / this year's plan, percent. */
  scheduleRate: number | null;
  /** 序时进度 − 完成率, percentage points (positive = behind). */
  lagPoints: number | null;
}

/**
 * 完成率 against 序时进度. `through`: the local day the figure runs to ("1-8月" → 8月31日); 序时 is
 * the plan due by the end of that day, never later than `now`'s day, so a figure is compared with
 * the period it covers, not with today.
 */
export function progressOf(plan: PlanInput, completedThisYear: number | null, now: Date, through: string | null = null): Progress {
  const year = yearPlanOf(plan);
  const today = localDay(now).ymd;
  const until = through !== null && through < today ? dayjs.tz(`${through} 12:00`).toDate() : now;
  const due = planDueBy(plan, until);
  if (!year || year <= 0 || due === null) return { compared: null, completionRate: null, scheduleRate: null, lagPoints: null };
  const scheduleRate = (due / year) * 100;
  const completionRate = completedThisYear === null ? null : (completedThisYear / year) * 100;
  const compared = completedThisYear === null || through === null ? null : { label: yearLabel(through < today ? through : today), completed: completedThisYear, due };
  return { compared, completionRate, scheduleRate, lagPoints: completionRate === null ? null : scheduleRate - completionRate };
}
