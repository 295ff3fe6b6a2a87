import type { Card } from '../domain/cards.js';
import { progressOf, planDueBy, yearPlanOf } from '../domain/schedule.js';
import { fiveBatches, type FiveBatchReport, type StageChange } from '../domain/five-batches.js';
import type { ProjectDoc } from '../repo/projects.js';
import type { LatestFigures } from '../repo/reports.js';

/** The facts a 月通报 is made of, read as they stood at the end of the month. */
export interface MonthInput {
  /** "2026-10" */
  month: string;
  from: Date;
  to: Date;
  projects: ProjectDoc[];
  figures: Map<string, LatestFigures>;
  cards: Map<string, { card: Card | null; reasons: string[] }>;
  stageChanges: StageChange[];
}

export interface ProjectLine {
  name: string;
  township: string;
  industry: string;
  yearPlan: number | null;
  due: number | null;
  completed: number | null;
  completionRate: number | null;
  scheduleRate: number | null;
  lagPoints: number | null;
  card: Card | null;
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
  carded: Record<Card, ProjectLine[]>;
  /** Projects with a plan and a figure, by 完成率, best first. */
  ranking: ProjectLine[];
}

const UNSPECIFIED = '未填写';

export function monthlyBulletin(input: MonthInput): MonthlyBulletin {
  const end = new Date(input.to.getTime() - 1);
  const projects: ProjectLine[] = input.projects.map((p) => {
    const completed = input.figures.get(p.name)?.completedThisYear ?? null;
    const progress = progressOf(p, completed, end);
    const card = input.cards.get(p.name);
    return {
      name: p.name,
      township: p.township ?? UNSPECIFIED,
      industry: p.industry ?? UNSPECIFIED,
      yearPlan: yearPlanOf(p),
      due: planDueBy(p, end),
      completed,
      ...progress,
      card: card?.card ?? null,
      reasons: card?.reasons ?? [],
    };
  });
  const carded: Record<Card, ProjectLine[]> = { red: [], yellow: [], blue: [] };
  for (const p of projects) if (p.card) carded[p.card].push(p);
  return {
    month: input.month,
    total: group('全县', projects),
    byTownship: groupBy(projects, (p) => p.township),
    byIndustry: groupBy(projects, (p) => p.industry),
    batches: fiveBatches(input.stageChanges, input.from, input.to),
    projects,
    carded,
    ranking: projects.filter((p) => p.completionRate !== null).sort((a, b) => b.completionRate! - a.completionRate! || a.name.localeCompare(b.name, 'zh')),
  };
}

function groupBy(projects: ProjectLine[], key: (p: ProjectLine) => string): GroupLine[] {
  const groups = new Map<string, ProjectLine[]>();
  for (const p of projects) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
  return [...groups].map(([unit, list]) => group(unit, list)).sort((a, b) => (b.completionRate ?? -1) - (a.completionRate ?? -1) || a.unit.localeCompare(b.unit, 'zh'));
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
