import type { Db } from 'mongodb';
import { warningChangesBetween } from '../repo/warnings.js';
import { allProjects } from '../repo/projects.js';
import { reportsBetween, latestFiguresOf } from '../repo/reports.js';
import { openProblems } from '../repo/problems.js';
import { pausesBetween } from '../repo/pauses.js';
import type { DigestSource } from '../domain/digest.js';
import dayjs from '../time.js';

export async function digestSource(db: Db, from: Date, to: Date): Promise<DigestSource> {
  const projects = await allProjects(db);
  const names = projects.map((p) => p.name);
  const [reports, warningChanges, open, figures, pauses] = await Promise.all([
    reportsBetween(db, names, from, to),
    warningChangesBetween(db, from, to),
    openProblems(db),
    latestFiguresOf(db, names, dayjs(to).tz().startOf('year').toDate(), to),
    pausesBetween(db, new Date(0), to),
  ]);
  return { from, to, projects, reports, warningChanges, open, figures, pauses };
}
