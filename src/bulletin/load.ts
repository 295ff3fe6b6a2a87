import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import { allProjects } from '../repo/projects.js';
import { latestFiguresOf } from '../repo/reports.js';
import { stageChanges } from '../repo/stage-history.js';
import type { CardDoc } from '../bot/standing.js';
import type { MonthInput } from './monthly.js';
import type { Period } from '../domain/period.js';
import dayjs from '../time.js';

/** Everything a 月通报 needs, as it stood at the end of the period: figures and cards recorded before then. */
export async function loadMonth(db: Db, period: Period): Promise<MonthInput> {
  const { key: month, from, to } = period;
  const projects = await allProjects(db);
  const names = projects.map((p) => p.name);
  const [figures, cardRows, changes] = await Promise.all([
    latestFiguresOf(db, names, dayjs(from).tz().startOf('year').toDate(), to),
    db.collection<CardDoc>(collections.cards).find({ project: { $in: names }, at: { $lt: to } }).sort({ at: -1 }).toArray(),
    stageChanges(db, projects, to),
  ]);
  const cards: MonthInput['cards'] = new Map();
  for (const c of cardRows) if (!cards.has(c.project)) cards.set(c.project, { card: c.card, reasons: c.reasons });
  return { month, from, to, projects, figures, cards, stageChanges: changes };
}
