import type { Db } from 'mongodb';
import { allProjects, type ProjectDoc } from './projects.js';
import { latestFiguresOf, type LatestFigures } from './reports.js';
import { stageChanges } from './stage-history.js';
import { latestWarnings, type WarningDoc } from '../services/standing.js';
import type { StageChange } from '../domain/five-batches.js';
import type { Period } from '../domain/period.js';
import dayjs from '../time.js';

/** The registry as it stood at the end of a period: the figures, cards and stage changes recorded before then. */
export interface PeriodEnd {
  projects: ProjectDoc[];
  figures: Map<string, LatestFigures>;
  cards: Map<string, WarningDoc>;
  stageChanges: StageChange[];
}

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
