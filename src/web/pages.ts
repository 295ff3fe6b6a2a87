import type { Db } from 'mongodb';
import type { Access } from '../domain/access.js';
import type { Rules } from '../domain/rules.js';
import type { PersonDoc, ProblemDoc, ProjectDoc, ReportDoc, WarningDoc } from '../domain/records.js';
import type { Standing } from '../domain/standing.js';
import type { Assessment, Scorecard } from '../domain/assessment.js';
import type { ApprovalItem, ApprovalStatus } from '../parser/index.js';
import { monthlyBulletin, type MonthlyBulletin } from '../domain/bulletin/monthly.js';
import { fiveBatches, emptyCounts, type BatchCounts, type FiveBatchReport } from '../domain/five-batches.js';
import { FIVE_BATCHES } from '../domain/lifecycle.js';
import { digestFacts, type DigestInput } from '../domain/digest.js';
import { LADDER } from '../domain/escalation.js';
import { approvalTier, type TierResult } from '../domain/approval-tier.js';
import { monthlyCurve, type MonthPoint } from '../domain/project-months.js';
import { planAt } from '../domain/schedule.js';
import { parsePeriod, periodOf, previousPeriod, type Period } from '../domain/period.js';
import { periodEnd } from '../repo/period-end.js';
import { reportsOfProject } from '../repo/reports.js';
import { warningHistory } from '../repo/warnings.js';
import { openProblems, problemsOfProject } from '../repo/problems.js';
import { allProjects, allUnits, peopleByIds, projectByName } from '../repo/projects.js';
import { checklist } from '../repo/approvals.js';
import { assessment, lastPublished } from '../repo/assessments.js';
import { ledgerSnapshot, problemTable } from '../ledger/snapshot.js';
import { ledgerWorkbook, tableWorkbook } from '../ledger/write.js';
import { scorecardTables } from '../../cards/assessment.js';
import type { StandingService } from '../services/standing.js';
import { digestSource } from '../services/digest.js';
import dayjs from '../time.js';

/** What the pages read from: the store, the rules, the standing service (read-only `view`). */
export interface PageDeps {
  db: Db;
  rules: Rules;
  standing: Pick<StandingService, 'view'>;
}

/** How far back 总览 counts a problem as new. */
const NEW_PROBLEM_DAYS = 7;

export interface OverviewModel {
  now: Date;
  /** The month so far, as the 月通报 computes it: totals, by township and industry, the cards. */
  bulletin: MonthlyBulletin;
  /** 五个一批 since 1 January, against the year's targets (null where no target applies). */
  batches: FiveBatchReport;
  targets: BatchCounts | null;
  /** New (last 7 days) and overdue problems, projects that missed this cycle: the digest's own facts. */
  digest: DigestInput;
  rungs: Array<{ rung: string; count: number }>;
  /** The last published 考核, only the units this person may see. */
  ranking: Scorecard | null;
}

/** A period that ends at `now`: the month so far. */
function soFar(now: Date): Period {
  return { ...periodOf(now, 'month'), to: new Date(now.getTime() + 1) };
}

/** Problems this person may see: of projects they read, or assigned to their unit. */
function visibleProblems(problems: ProblemDoc[], projects: Map<string, ProjectDoc>, access: Access): ProblemDoc[] {
  return problems.filter((x) => {
    const p = projects.get(x.project);
    return p !== undefined && access.handles(x, p);
  });
}

export async function overviewModel(deps: PageDeps, access: Access, person: PersonDoc, now: Date): Promise<OverviewModel> {
  const { db, rules } = deps;
  const period = soFar(now);
  const from = dayjs(now).subtract(NEW_PROBLEM_DAYS, 'day').toDate();
  const [end, units, open, published] = await Promise.all([periodEnd(db, period), allUnits(db), openProblems(db), lastPublished(db)]);
  const projects = end.projects.filter(access.reads);
  const names = new Set(projects.map((p) => p.name));
  const stageChanges = end.stageChanges.filter((c) => names.has(c.project));
  const bulletin = monthlyBulletin(period, { ...end, projects, stageChanges });
  const yearStart = dayjs(now).tz().startOf('year').toDate();
  const byName = new Map(end.projects.map((p) => [p.name, p]));
  const problems = visibleProblems(open, byName, access);
  const digest = digestFacts(await digestSource(db, from, period.to, { projects: end.projects, figures: end.figures, open: problems }), person, rules);
  const rungs = LADDER.map((rung, level) => ({ rung, count: problems.filter((x) => Math.min(x.level, LADDER.length - 1) === level).length }));
  return {
    now,
    bulletin,
    batches: fiveBatches(stageChanges, yearStart, period.to),
    targets: targetsOf(units, access, person),
    digest,
    rungs,
    ranking: published ? visibleCard(published.card, access) : null,
  };
}

/** The county's targets are its townships' together (each project has one 属地); a unit's are its own. */
function targetsOf(units: Awaited<ReturnType<typeof allUnits>>, access: Access, person: PersonDoc): BatchCounts | null {
  const mine = access.county ? units.filter((u) => u.kind === 'township') : units.filter((u) => u.name === person.department && access.role === 'unit');
  if (mine.length === 0) return null;
  const total = emptyCounts();
  for (const u of mine) for (const b of FIVE_BATCHES) total[b.label] += u.yearTargets[b.label] ?? 0;
  return total;
}

function visibleCard(card: Scorecard, access: Access): Scorecard {
  return { ...card, units: card.units.filter((u) => access.readsUnit(u.unit)) };
}

export interface ReportLine {
  report: ReportDoc;
  sender: string;
  /** The version this one corrected: its figures before. */
  corrects: ReportDoc | null;
}

export interface ProjectModel {
  project: ProjectDoc;
  standing: Standing;
  months: MonthPoint[];
  reports: ReportLine[];
  cards: WarningDoc[];
  problems: ProblemDoc[];
  checklist: Array<{ item: ApprovalItem; status: ApprovalStatus; since: Date | null }>;
  tier: TierResult;
  people: Array<{ role: string; name: string; userid: string }>;
  names: Map<string, string>;
}

/** Null when the project does not exist or this person may not read it (the page says the same for both). */
export async function projectModel(deps: PageDeps, access: Access, name: string, now: Date): Promise<ProjectModel | null> {
  const { db } = deps;
  const project = await projectByName(db, name);
  if (!project || !access.reads(project)) return null;
  const [standings, reports, cards, problems, items] = await Promise.all([deps.standing.view([project], now), reportsOfProject(db, project.name), warningHistory(db, project.name), problemsOfProject(db, project.name), checklist(db, project.name)]);
  const ids = [project.leader, project.specialist, ...project.liaisons, ...reports.map((r) => r.userId), ...problems.flatMap((p) => [p.reportedBy, p.resolvedBy])];
  const people = await peopleByIds(db, ids);
  const names = new Map(people.map((p) => [p.userid, p.name]));
  const who = (id: string | undefined) => (id ? (names.get(id) ?? id) : '');
  const byId = new Map(reports.map((r) => [r._id, r]));
  return {
    project,
    standing: standings.get(project.name)!,
    months: monthlyCurve(planAt(project, now), reports, now),
    reports: reports.map((r) => ({ report: r, sender: who(r.userId), corrects: r.supersedes ? (byId.get(r.supersedes) ?? null) : null })).reverse(),
    cards: [...cards].reverse(),
    problems,
    checklist: items,
    tier: approvalTier(project),
    people: [
      ...(project.leader ? [{ role: '分管领导', name: who(project.leader), userid: project.leader }] : []),
      ...(project.department ? [{ role: '牵头部门', name: project.department, userid: '' }] : []),
      ...(project.specialist ? [{ role: '服务专员', name: who(project.specialist), userid: project.specialist }] : []),
      ...project.liaisons.map((l) => ({ role: '联络员', name: who(l), userid: l })),
    ],
    names,
  };
}

export interface ProblemFilter {
  unit?: string | undefined;
  rung?: number | undefined;
  minDays?: number | undefined;
}

export interface ProblemsModel {
  filter: ProblemFilter;
  problems: ProblemDoc[];
  /** Every unit and rung among the visible problems, for the filter's choices. */
  units: string[];
  projects: Map<string, ProjectDoc>;
}

export const unitOf = (x: ProblemDoc, projects: Map<string, ProjectDoc>): string => x.unit ?? projects.get(x.project)?.department ?? '未填写';

export async function problemsModel(deps: PageDeps, access: Access, filter: ProblemFilter, now: Date): Promise<ProblemsModel> {
  const [projects, open] = await Promise.all([allProjects(deps.db), openProblems(deps.db)]);
  const byName = new Map(projects.map((p) => [p.name, p]));
  const visible = visibleProblems(open, byName, access);
  const problems = visible.filter(
    (x) =>
      (filter.unit === undefined || unitOf(x, byName) === filter.unit) &&
      (filter.rung === undefined || Math.min(x.level, LADDER.length - 1) === filter.rung) &&
      (filter.minDays === undefined || dayjs(now).diff(x.openedAt, 'day') >= filter.minDays),
  );
  return { filter, problems, units: [...new Set(visible.map((x) => unitOf(x, byName)))].sort((a, b) => a.localeCompare(b, 'zh')), projects: byName };
}

export type AssessmentModel = { assessment: Assessment; period: Period; card: Scorecard } | { refused: string };

/** A period's scorecards (default: the last published, else this month so far); a unit sees only its own. */
export async function assessmentModel(deps: PageDeps, access: Access, periodKey: string | undefined, now: Date): Promise<AssessmentModel> {
  if (!access.county && access.role !== 'unit') return { refused: '考核得分只对县级领导和各乡镇、部门开放。' };
  const period = (periodKey ? parsePeriod(periodKey) : null) ?? parsePeriod((await lastPublished(deps.db))?._id ?? '') ?? periodOf(now, 'month');
  const a = await assessment(deps.db, period, previousPeriod(period), deps.rules, now);
  return { assessment: a, period, card: visibleCard(a.card, access) };
}

/** The 台账 of this person's projects: the workbook `cli export` writes. */
export async function ledgerDownload(deps: PageDeps, access: Access, now: Date): Promise<Buffer> {
  const snapshot = await ledgerSnapshot(deps.db, now, access.county ? undefined : access.reads);
  return ledgerWorkbook(snapshot.setup, snapshot.figures, snapshot.extras);
}

export async function problemsDownload(model: ProblemsModel, now: Date): Promise<Buffer> {
  return tableWorkbook([problemTable(model.problems, model.projects, now)]);
}

/** The scorecard workbook the 考核 message carries, with the units this person may see. */
export async function assessmentDownload(card: Scorecard): Promise<Buffer> {
  return tableWorkbook(scorecardTables(card));
}
