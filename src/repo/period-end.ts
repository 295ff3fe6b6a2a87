import type { Db } from 'mongodb';
import { allProjects } from './projects.js';
import type { PeriodEnd } from '../domain/records.js';
import { latestFiguresOf } from './reports.js';
import { stageChanges } from './stage-history.js';
import { latestWarnings } from './warnings.js';
import type { Period } from '../domain/period.js';
import dayjs from '../time.js';

/** What the 月通报 and the 考核 of a period (month, quarter or year) both start from. */
export async function periodEnd(db: Db, period: Period): Promise<PeriodEnd> {
  const projects = await allProjects(db);
  const [figures, cards, changes] = await Promise.all([
    latestFiguresOf(db, projects.map((p) => p.name), dayjs(period.from).tz().startOf('year').toDate(), period.to),
    latestWarnings(db, { until: period.to }),
    stageChanges(db, projects, period.to),
  ]);
  return { projects, figures, cards, stageChanges: changes };
}
