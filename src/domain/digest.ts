import type { LatestFigures, PersonDoc, ProblemDoc, ProjectDoc, ReportDoc, WarningDoc } from './records.js';
import type { Warning } from './warnings.js';
import type { Rules } from './rules.js';
import { accessOf } from './access.js';
import { missedCycles } from './cycles.js';
import { pauseAt, pauseMark, type PauseDoc } from './pause.js';
import { planAt } from './schedule.js';
import { groupBy } from './group-by.js';
import dayjs from '../time.js';

export interface DigestInput {
  person: string;
  from: Date;
  to: Date;
  projectCount: number;
  reports: Array<{ project: string; at: Date; period: number | null; /** What the 本期 figure covers ("本周（10月5日-10月11日）"). */ periodLabel: string | null; percent: number | null }>;
  warningChanges: Array<{ project: string; card: Warning | null; reasons: string[] }>;
  newProblems: Array<{ no: number; project: string; text: string }>;
  overdueProblems: Array<{ no: number; project: string; text: string; days: number }>;
  missingReports: string[];
  /** Projects 停工 at the digest's time, with the mark (until when, why). */
  paused: Array<{ project: string; mark: string }>;
  /** Projects without a plan for the digest's year: 未下达年度计划. */
  unplanned: string[];
}

/** Everything digests over [from, to) are cut from, read once however many people get one. */
export interface DigestSource {
  from: Date;
  to: Date;
  projects: ProjectDoc[];
  reports: ReportDoc[];
  warningChanges: WarningDoc[];
  open: ProblemDoc[];
  figures: Map<string, LatestFigures>;
  /** Every 停工 begun before `to`. */
  pauses: PauseDoc[];
}

type ByProject = Map<string, number[]>;

/** Where each project's rows are in the source's lists, found once however many people's digests are cut from it. */
const positions = new WeakMap<DigestSource, { reports: ByProject; warningChanges: ByProject; open: ByProject }>();

const positionsOf = (rows: Array<{ project: string }>): ByProject => groupBy(rows.keys(), (i) => rows[i]!.project);

/** The rows of the projects named, in the source's order. */
function rowsOf<T>(rows: T[], at: ByProject, projects: ProjectDoc[]): T[] {
  return projects.flatMap((p) => at.get(p.name) ?? []).sort((a, b) => a - b).map((i) => rows[i]!);
}

/** One person's digest: only their own projects. */
export function digestFacts(source: DigestSource, person: PersonDoc, rules: Rules): DigestInput {
  const { from, to } = source;
  const projects = accessOf(person, rules.access).readable(source.projects);
  let at = positions.get(source);
  if (!at) positions.set(source, (at = { reports: positionsOf(source.reports), warningChanges: positionsOf(source.warningChanges), open: positionsOf(source.open) }));
  const open = rowsOf(source.open, at.open, projects);
  return {
    person: person.name,
    from,
    to,
    projectCount: projects.length,
    reports: rowsOf(source.reports, at.reports, projects).map((r) => ({ project: r.project, at: r.reportedAt, period: r.fields.completedThisPeriod, periodLabel: r.fields.periods?.completedThisPeriod?.label ?? null, percent: r.fields.progressPercent })),
    warningChanges: rowsOf(source.warningChanges, at.warningChanges, projects).map((c) => ({ project: c.project, card: c.card, reasons: c.reasons })),
    newProblems: open.filter((p) => p.openedAt >= from && p.openedAt < to).map((p) => ({ no: p.no, project: p.project, text: p.text })),
    overdueProblems: open
      .map((p) => ({ no: p.no, project: p.project, text: p.text, days: dayjs(to).diff(dayjs(p.openedAt), 'day') }))
      .filter((p) => p.days > rules.cards.yellowProblemDays),
    missingReports: projects
      .filter((p) => missedCycles(source.figures.get(p.name)?.lastReportAt ?? null, p.createdAt ?? null, to, rules.reporting, (due) => pauseAt(source.pauses, p.name, due) !== null) > 0)
      .map((p) => p.name),
    paused: projects.flatMap((p) => {
      const pause = pauseAt(source.pauses, p.name, to);
      return pause ? [{ project: p.name, mark: pauseMark(pause) }] : [];
    }),
    unplanned: projects.filter((p) => !planAt(p, new Date(to.getTime() - 1))).map((p) => p.name),
  };
}
