import type { Db } from 'mongodb';
import { warningChangesBetween } from '../repo/warnings.js';
import { allProjects } from '../repo/projects.js';
import { reportsBetween, latestFiguresOf } from '../repo/reports.js';
import { openProblems } from '../repo/problems.js';
import { pausesBetween } from '../repo/pauses.js';
import type { DigestSource } from '../domain/digest.js';
import dayjs from '../time.js';

/** What a caller has already read for [from, to) (the 驾驶舱's 总览 reads the registry and its figures for the month): not read again. */
export type KnownSource = Partial<Pick<DigestSource, 'projects' | 'figures' | 'open'>>;

export async function digestSource(db: Db, from: Date, to: Date, known: KnownSource = {}): Promise<DigestSource> {
  const projects = known.projects ?? (await allProjects(db));
  const names = projects.map((p) => p.name);
  const [reports, warningChanges, open, figures, pauses] = await Promise.all([
    reportsBetween(db, names, from, to),
    warningChangesBetween(db, from, to),
    known.open ?? openProblems(db),
    known.figures ?? latestFiguresOf(db, names, dayjs(to).tz().startOf('year').toDate(), to),
    pausesBetween(db, new Date(0), to),
  ]);
  return { from, to, projects, reports, warningChanges, open, figures, pauses };
}
