import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import type { PersonDoc, ProjectDoc } from '../repo/projects.js';
import { allProjects, inScope } from '../repo/projects.js';
import { reportsBetween, latestFiguresOf, type LatestFigures, type ReportDoc } from '../repo/reports.js';
import { openProblems, type ProblemDoc } from '../repo/problems.js';
import { missedCycles } from '../domain/cycles.js';
import type { Rules } from '../domain/rules.js';
import type { WarningDoc } from './standing.js';
import type { DigestInput } from '../../cards/digest.js';
import dayjs from '../time.js';

/** Everything digests over [from, to) are cut from, read once however many people get one. */
export interface DigestSource {
  from: Date;
  to: Date;
  projects: ProjectDoc[];
  reports: ReportDoc[];
  warningChanges: WarningDoc[];
  open: ProblemDoc[];
  figures: Map<string, LatestFigures>;
}

export async function digestSource(db: Db, from: Date, to: Date): Promise<DigestSource> {
  const projects = await allProjects(db);
  const names = projects.map((p) => p.name);
  const [reports, warningChanges, open, figures] = await Promise.all([
    reportsBetween(db, names, from, to),
    db.collection<WarningDoc>(collections.warnings).find({ at: { $gte: from, $lt: to } }).sort({ at: 1 }).toArray(),
    openProblems(db),
    latestFiguresOf(db, names, dayjs(to).tz().startOf('year').toDate(), to),
  ]);
  return { from, to, projects, reports, warningChanges, open, figures };
}

/** One person's digest: only their own projects. */
export function digestFacts(source: DigestSource, person: PersonDoc, rules: Rules): DigestInput {
  const { from, to } = source;
  const projects = source.projects.filter((p) => inScope(person, p));
  const mine = new Set(projects.map((p) => p.name));
  const open = source.open.filter((p) => mine.has(p.project));
  return {
    person: person.name,
    from,
    to,
    projectCount: projects.length,
    reports: source.reports.filter((r) => mine.has(r.project)).map((r) => ({ project: r.project, at: r.reportedAt, period: r.fields.completedThisPeriod, percent: r.fields.progressPercent })),
    warningChanges: source.warningChanges.filter((c) => mine.has(c.project)).map((c) => ({ project: c.project, card: c.card, reasons: c.reasons })),
    newProblems: open.filter((p) => p.openedAt >= from && p.openedAt < to).map((p) => ({ no: p.no, project: p.project, text: p.text })),
    overdueProblems: open
      .map((p) => ({ no: p.no, project: p.project, text: p.text, days: dayjs(to).diff(dayjs(p.openedAt), 'day') }))
      .filter((p) => p.days > rules.cards.yellowProblemDays),
    missingReports: projects.filter((p) => missedCycles(source.figures.get(p.name)?.lastReportAt ?? null, p.createdAt ?? null, to, rules.reporting) > 0).map((p) => p.name),
  };
}
