import type { Warning } from '../warnings.js';
import { progressOf, planAt, planDueBy, yearPlanOf } from '../schedule.js';
import { fiveBatches, type FiveBatchReport } from '../five-batches.js';
import type { Period } from '../period.js';
import type { PeriodEnd } from '../records.js';
import { localDay } from '../../time.js';
import { groupBy } from '../group-by.js';

export interface ProjectLine {
  name: string;
  township: string;
  industry: string;
  department: string;
  yearPlan: number | null;
  due: number | null;
  completed: number | null;
  /** The period the figure covers ("1-8月"), when it ends before the month does. */
  period: string | null;
  completionRate: number | null;
  scheduleRate: number | null;
  lagPoints: number | null;
  /** No plan for the bulletin's year (未下达年度计划): listed apart, in no rate. */
  unplanned: boolean;
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
  /** Among the groups of its kind by 完成率 (equal rates share one); null without a plan. */
  rank: number | null;
  /** Its projects, by 完成率, best first; those without a figure last. */
  members: ProjectLine[];
}

export interface MonthlyBulletin {
  month: string;
  total: GroupLine;
  byTownship: GroupLine[];
  byIndustry: GroupLine[];
  /** By 牵头部门. */
  byDepartment: GroupLine[];
  batches: FiveBatchReport;
  projects: ProjectLine[];
  carded: Record<Warning, ProjectLine[]>;
  /** Projects with a plan and a figure, by 完成率, best first. */
  ranking: ProjectLine[];
  /** Projects with a plan and no figure this year: 未报送, counted as 0 in every total. */
  silent: ProjectLine[];
  /** Projects registered before the month ended that sent no confirmed report in it (本月未报送). */
  unreported: ProjectLine[];
  /** Projects without a plan for the year: 未下达年度计划, not counted as 0%. */
  unplanned: ProjectLine[];
}

const UNSPECIFIED = '未填写';

/** A 月通报 from the registry as it stood at the end of `period`. */
export function monthlyBulletin(period: Period, input: PeriodEnd): MonthlyBulletin {
  const end = new Date(period.to.getTime() - 1);
  const projects: ProjectLine[] = input.projects.map((p) => {
    const figures = input.figures.get(p.name);
    const completed = figures?.completedThisYear ?? null;
    const { compared, unplanned, ...progress } = progressOf(p, completed, end, figures?.yearThrough ?? null);
    const plan = planAt(p, end);
    const card = input.cards.get(p.name);
    return {
      name: p.name,
      township: p.township ?? UNSPECIFIED,
      industry: p.industry ?? UNSPECIFIED,
      department: p.department ?? UNSPECIFIED,
      yearPlan: yearPlanOf(plan),
      due: compared?.due ?? planDueBy(plan, end),
      period: compared && figures!.yearThrough! < localDay(end).ymd ? compared.label : null,
      completed,
      ...progress,
      unplanned: unplanned ?? false,
      card: card?.card ?? null,
      reasons: card?.reasons ?? [],
    };
  });
  const carded: Record<Warning, ProjectLine[]> = { red: [], yellow: [], blue: [] };
  for (const p of projects) if (p.card) carded[p.card].push(p);
  const reportedInMonth = (name: string) => (input.figures.get(name)?.lastReportAt ?? new Date(0)) >= period.from;
  const registered = new Set(input.projects.filter((p) => !p.createdAt || p.createdAt < period.to).map((p) => p.name));
  const ranking = projects.filter((p) => p.completionRate !== null).sort(byRate);
  return {
    month: period.key,
    total: group('全县', projects),
    byTownship: groupLines(projects, (p) => p.township),
    byIndustry: groupLines(projects, (p) => p.industry),
    byDepartment: groupLines(projects, (p) => p.department),
    batches: fiveBatches(input.stageChanges, period.from, period.to),
    projects,
    carded,
    ranking,
    silent: projects.filter((p) => p.yearPlan !== null && p.yearPlan > 0 && p.completed === null),
    unreported: projects.filter((p) => registered.has(p.name) && !reportedInMonth(p.name)),
    unplanned: projects.filter((p) => p.unplanned),
  };
}

function byRate(a: ProjectLine, b: ProjectLine): number {
  return (b.completionRate ?? -1) - (a.completionRate ?? -1) || a.name.localeCompare(b.name, 'zh');
}

/** One line per township, industry or department, by 完成率, each ranked. */
function groupLines(projects: ProjectLine[], key: (p: ProjectLine) => string): GroupLine[] {
  const lines = [...groupBy(projects, key)].map(([unit, list]) => group(unit, list)).sort((a, b) => (b.completionRate ?? -1) - (a.completionRate ?? -1) || a.unit.localeCompare(b.unit, 'zh'));
  for (const g of lines) g.rank = g.completionRate === null ? null : 1 + lines.filter((o) => o.completionRate !== null && o.completionRate > g.completionRate!).length;
  return lines;
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
    rank: null,
    members: [...projects].sort(byRate),
  };
}
