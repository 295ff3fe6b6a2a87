import type { Warning } from '../warnings.js';
import { progressOf, planDueBy, yearPlanOf } from '../schedule.js';
import { fiveBatches, type FiveBatchReport } from '../five-batches.js';
import type { Period } from '../period.js';
import type { PeriodEnd } from '../records.js';
import { localDay } from '../../time.js';
import { groupBy as groupsOf } from '../group-by.js';

export interface ProjectLine {
  name: string;
  township: string;
  industry: string;
  yearPlan: number | null;
  due: number | null;
  completed: number | null;
  /** The period the figure covers ("1-8月"), when it ends before the month does. */
  period: string | null;
  completionRate: number | null;
  scheduleRate: number | null;
  lagPoints: number | null;
  card: Warning | null;
  reasons: string[];
}

/** A township's or an industry's projects together: rates are sums over sums, not averages of rates. */
export interface GroupLine {
  unit: string;
  projects: number;
  yearPlan: number;
  due: number;
  completed: number;
  completionRate: number | null;
  scheduleRate: number | null;
}

export interface MonthlyBulletin {
  month: string;
  total: GroupLine;
  byTownship: GroupLine[];
  byIndustry: GroupLine[];
  batches: FiveBatchReport;
  projects: ProjectLine[];
  carded: Record<Warning, ProjectLine[]>;
  /** Projects with a plan and a figure, by 完成率, best first. */
  ranking: ProjectLine[];
  /** Projects with a plan and no figure this year: 未报送, counted as 0 in every total. */
  silent: ProjectLine[];
}

const UNSPECIFIED = '未填写';

/** A 月通报 from the registry as it stood at the end of `period`. */
export function monthlyBulletin(period: Period, input: PeriodEnd): MonthlyBulletin {
  const end = new Date(period.to.getTime() - 1);
  const projects: ProjectLine[] = input.projects.map((p) => {
    const figures = input.figures.get(p.name);
    const completed = figures?.completedThisYear ?? null;
    const { compared, ...progress } = progressOf(p, completed, end, figures?.yearThrough ?? null);
    const card = input.cards.get(p.name);
    return {
      name: p.name,
      township: p.township ?? UNSPECIFIED,
      industry: p.industry ?? UNSPECIFIED,
      yearPlan: yearPlanOf(p),
      due: compared?.due ?? planDueBy(p, end),
      period: compared && figures!.yearThrough! < localDay(end).ymd ? compared.label : null,
      completed,
      ...progress,
      card: card?.card ?? null,
      reasons: card?.reasons ?? [],
    };
  });
  const carded: Record<Warning, ProjectLine[]> = { red: [], yellow: [], blue: [] };
  for (const p of projects) if (p.card) carded[p.card].push(p);
  return {
    month: period.key,
    total: group('全县', projects),
    byTownship: groupBy(projects, (p) => p.township),
    byIndustry: groupBy(projects, (p) => p.industry),
    batches: fiveBatches(input.stageChanges, period.from, period.to),
    projects,
    carded,
    ranking: projects.filter((p) => p.completionRate !== null).sort((a, b) => b.completionRate! - a.completionRate! || a.name.localeCompare(b.name, 'zh')),
    silent: projects.filter((p) => p.yearPlan !== null && p.yearPlan > 0 && p.completed === null),
  };
}

function groupBy(projects: ProjectLine[], key: (p: ProjectLine) => string): GroupLine[] {
  return [...groupsOf(projects, key)].map(([unit, list]) => group(unit, list)).sort((a, b) => (b.completionRate ?? -1) - (a.completionRate ?? -1) || a.unit.localeCompare(b.unit, 'zh'));
}

function group(unit: string, projects: ProjectLine[]): GroupLine {
  const planned = projects.filter((p) => p.yearPlan !== null && p.yearPlan > 0);
  const sum = (pick: (p: ProjectLine) => number | null) => planned.reduce((n, p) => n + (pick(p) ?? 0), 0);
  const yearPlan = sum((p) => p.yearPlan);
  const due = sum((p) => p.due);
  const completed = sum((p) => p.completed);
  return {
    unit,
    projects: projects.length,
    yearPlan,
    due,
    completed,
    completionRate: yearPlan > 0 ? (completed / yearPlan) * 100 : null,
    scheduleRate: yearPlan > 0 ? (due / yearPlan) * 100 : null,
  };
}
