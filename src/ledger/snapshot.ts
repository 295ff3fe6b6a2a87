import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import { personSchema, projectFieldsSchema, unitSchema, type ProjectInput, type Setup } from '../domain/setup.js';
import { planAt, progressOf, type Planned } from '../domain/schedule.js';
import { approvalTier } from '../domain/approval-tier.js';
import { latestFiguresOf } from '../repo/reports.js';
import { openProblems } from '../repo/problems.js';
import { checklist } from '../repo/approvals.js';
import { latestWarnings } from '../repo/warnings.js';
import { WARNING_NAMES } from '../domain/warnings.js';
import { LADDER } from '../domain/escalation.js';
import type { ProblemDoc, ProjectDoc } from '../domain/records.js';
import dayjs, { localDay } from '../time.js';
import type { Table, FigureRow } from './write.js';

export interface LedgerSnapshot {
  setup: Setup;
  figures: Map<string, FigureRow>;
  extras: Table[];
}

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

/** The 问题台账 sheet: the export's and the 驾驶舱's download are the same table. */
export function problemTable(problems: ProblemDoc[], projects: Map<string, ProjectDoc>, now: Date): Table {
  return {
    name: '问题台账',
    headers: ['编号', '项目', '问题', '状态', '提出日期', '已过天数', '提出人', '责任单位', '协调层级'],
    rows: problems.map((x) => [x.no, x.project, x.text, x.status, dayjs(x.openedAt).tz().format('YYYY-MM-DD'), dayjs(now).diff(x.openedAt, 'day'), x.reportedBy, x.unit ?? projects.get(x.project)?.department ?? null, LADDER[x.level] ?? LADDER.at(-1)!]),
  };
}

/** The 台账's plan columns hold the plan of the export's year; `plans` keeps every year's. */
function withPlanOf(p: ProjectInput, stored: Planned, now: Date): ProjectInput {
  const plan = planAt(stored, now);
  const { yearPlan, monthlyPlan, planYear, ...fields } = p;
  if (!plan) return fields;
  return { ...fields, planYear: localDay(now).year, ...(plan.yearPlan != null && { yearPlan: plan.yearPlan }), ...(plan.monthlyPlan && { monthlyPlan: plan.monthlyPlan }) };
}

/**
 * Everything the exported 台账 shows, read from the store as of `now`. `keep`: only these projects,
 * with their problems, approvals, and the people and units they name (a 驾驶舱 download in someone's scope).
 */
export async function ledgerSnapshot(db: Db, now: Date, keep?: (p: ProjectDoc) => boolean): Promise<LedgerSnapshot> {
  const [projectRows, peopleRows, unitRows] = await Promise.all(
    [collections.projects, collections.people, collections.units].map((name) => db.collection(name).find({}, { projection: { _id: 0 } }).sort({ name: 1, userid: 1 }).toArray()),
  );
  // The stored documents carry bookkeeping (createdAt…); the schemas keep exactly the registry's fields.
  const kept = projectRows!.map((p) => withPlanOf(projectFieldsSchema.parse(p), p as Planned, now)).filter((p) => !keep || keep(p));
  const named = new Set(kept.flatMap((p) => [p.leader, p.specialist, p.department, p.township, ...p.liaisons]));
  const setup: Setup = {
    projects: kept,
    people: peopleRows!.map((p) => personSchema.parse(p)).filter((p) => !keep || named.has(p.userid)),
    units: unitRows!.map((u) => unitSchema.parse(u)).filter((u) => !keep || named.has(u.name)),
  };
  const names = setup.projects.map((p) => p.name);
  const [problems, latestOf, cards] = await Promise.all([
    openProblems(db, keep ? names : undefined),
    latestFiguresOf(db, names, dayjs(now).tz().startOf('year').toDate()),
    latestWarnings(db, { projects: names }),
  ]);
  const openCount = new Map<string, number>();
  for (const x of problems) openCount.set(x.project, (openCount.get(x.project) ?? 0) + 1);
  const figures = new Map<string, FigureRow>();
  const approvalRows: Table['rows'] = [];
  for (const p of setup.projects) {
    const latest = latestOf.get(p.name)!;
    const progress = progressOf(p, latest.completedThisYear, now, latest.yearThrough);
    const card = cards.get(p.name);
    const tier = approvalTier(p);
    figures.set(p.name, {
      values: [
        latest.completedThisYear,
        round1(progress.completionRate),
        round1(progress.scheduleRate),
        round1(progress.lagPoints),
        card?.card ? WARNING_NAMES[card.card] : '无',
        card?.reasons.join('；') ?? null,
        openCount.get(p.name) ?? 0,
        tier.tier ?? `待定：${tier.basis}`,
        latest.lastReportAt ? dayjs(latest.lastReportAt).tz().format('YYYY-MM-DD HH:mm') : null,
      ],
    });
    for (const a of await checklist(db, p.name)) {
      if (a.status !== '未启动') approvalRows.push([p.name, a.item, a.status, a.since ? dayjs(a.since).tz().format('YYYY-MM-DD') : null]);
    }
  }
  return {
    setup,
    figures,
    extras: [
      problemTable(problems, new Map(setup.projects.map((p) => [p.name, p])), now),
      { name: '前期手续', headers: ['项目', '事项', '状态', '状态日期'], rows: approvalRows },
    ],
  };
}
