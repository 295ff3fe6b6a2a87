import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import type { PersonDoc, ProjectDoc } from '../repo/projects.js';
import { allProjects, inScope } from '../repo/projects.js';
import { reportsBetween, latestFigures } from '../repo/reports.js';
import { openProblems } from '../repo/problems.js';
import { missedCycles } from '../domain/cycles.js';
import type { Rules } from '../domain/rules.js';
import type { CardDoc } from './standing.js';
import type { DigestInput } from '../../cards/digest.js';
import dayjs from '../time.js';

/** The facts of one person's digest over [from, to): only their own projects. */
export async function digestFacts(db: Db, person: PersonDoc, from: Date, to: Date, rules: Rules): Promise<DigestInput> {
  const projects = (await allProjects(db)).filter((p) => inScope(person, p));
  const names = projects.map((p) => p.name);
  const reports = await reportsBetween(db, names, from, to);
  const cardChanges = await db
    .collection<CardDoc>(collections.cards)
    .find({ project: { $in: names }, at: { $gte: from, $lt: to } })
    .sort({ at: 1 })
    .toArray();
  const open = await openProblems(db, names);
  const missing: string[] = [];
  for (const p of projects) if (await isMissing(db, p, to, rules)) missing.push(p.name);
  return {
    person: person.name,
    from,
    to,
    projectCount: projects.length,
    reports: reports.map((r) => ({ project: r.project, at: r.reportedAt, period: r.fields.completedThisPeriod, percent: r.fields.progressPercent })),
    cardChanges: cardChanges.map((c) => ({ project: c.project, card: c.card, reasons: c.reasons })),
    newProblems: open.filter((p) => p.openedAt >= from && p.openedAt < to).map((p) => ({ no: p.no, project: p.project, text: p.text })),
    overdueProblems: open
      .map((p) => ({ no: p.no, project: p.project, text: p.text, days: dayjs(to).diff(dayjs(p.openedAt), 'day') }))
      .filter((p) => p.days > rules.cards.yellowProblemDays),
    missingReports: missing,
  };
}

async function isMissing(db: Db, project: ProjectDoc, now: Date, rules: Rules): Promise<boolean> {
  const { lastReportAt } = await latestFigures(db, project.name, dayjs(now).tz().startOf('year').toDate());
  const trackedSince = project.createdAt ?? null;
  return missedCycles(lastReportAt, trackedSince, now, rules.reporting) > 0;
}
