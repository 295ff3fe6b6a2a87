import dayjs, { localDay } from '../time.js';
import { yearLabel } from './figures.js';

export interface PlanInput {
  yearPlan?: number | null;
  /** 万元 by month number "1".."12"; months not listed count 0 when any is given. */
  monthlyPlan?: Record<string, number> | null;
}

/**
 * A project's plans: `plans` by year ("2027"), as imports store them. A project stored before plans
 * were kept by year has one `yearPlan`/`monthlyPlan`: the plan of `planYear`, else of the year it
 * was imported in; without either date it counts for any year.
 */
export interface Planned extends PlanInput {
  plans?: Record<string, PlanInput> | null;
  planYear?: number | null;
  updatedAt?: Date;
  createdAt?: Date;
}

const hasPlan = (plan: PlanInput): boolean => Boolean(plan.yearPlan) || Object.keys(plan.monthlyPlan ?? {}).length > 0;

/** The plan of the year `at` falls in; null when none was given for that year (未下达年度计划). */
export function planAt(project: Planned, at: Date): PlanInput | null {
  const year = localDay(at).year;
  const own = project.plans?.[String(year)];
  if (own) return hasPlan(own) ? own : null;
  if (project.plans && Object.keys(project.plans).length > 0) return null;
  return (legacyPlanYear(project) ?? year) === year && hasPlan(project) ? { yearPlan: project.yearPlan ?? null, monthlyPlan: project.monthlyPlan ?? null } : null;
}

/** The year of a one-year plan stored before plans were kept by year; null when nothing dates it. */
export function legacyPlanYear(project: Planned): number | null {
  const stamped = project.updatedAt ?? project.createdAt;
  return project.planYear ?? (stamped ? localDay(stamped).year : null);
}

export const NO_PLAN = '未下达年度计划';

/**
 * 万元 of this year's plan due by `now`: the months before this one in full, this month pro rata
 * by day. Without a monthly plan the year plan is spread evenly over the months. Null without a plan.
 */
export function planDueBy(plan: PlanInput | null, now: Date): number | null {
  if (!plan) return null;
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

export function yearPlanOf(plan: PlanInput | null): number | null {
  if (!plan) return null;
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
  /** No plan for the figure's year: 未下达年度计划, not 0%. */
  unplanned?: boolean;
}

/**
 * 完成率 against 序时进度, of the plan of the figure's year. `through`: the local day the figure runs
 * to ("1-8月" → 8月31日); 序时 is the plan due by the end of that day, never later than `now`'s day,
 * so a figure is compared with the period it covers, not with today.
 */
export function progressOf(project: Planned, completedThisYear: number | null, now: Date, through: string | null = null): Progress {
  const today = localDay(now).ymd;
  const until = through !== null && through < today ? dayjs.tz(`${through} 12:00`).toDate() : now;
  const plan = planAt(project, until);
  if (!plan) return { compared: null, completionRate: null, scheduleRate: null, lagPoints: null, unplanned: true };
  const year = yearPlanOf(plan);
  const due = planDueBy(plan, until);
  if (!year || year <= 0 || due === null) return { compared: null, completionRate: null, scheduleRate: null, lagPoints: null };
  const scheduleRate = (due / year) * 100;
  const completionRate = completedThisYear === null ? null : (completedThisYear / year) * 100;
  const compared = completedThisYear === null || through === null ? null : { label: yearLabel(through < today ? through : today), completed: completedThisYear, due };
  return { compared, completionRate, scheduleRate, lagPoints: completionRate === null ? null : scheduleRate - completionRate };
}
