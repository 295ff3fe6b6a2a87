import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import { insertOnce } from '../db/errors.js';
import type { WarningDoc } from '../domain/records.js';

const warnings = (db: Db) => db.collection<WarningDoc>(collections.warnings);

/** Each project's newest warning record: of the projects named, or of all, as it stood before `until`; one row a project, from the server. */
export async function latestWarnings(db: Db, opts: { projects?: string[]; until?: Date }): Promise<Map<string, WarningDoc>> {
  const rows = await warnings(db)
    .aggregate<Omit<WarningDoc, 'project'> & { id: string }>([
      { $match: { ...(opts.projects ? { project: { $in: opts.projects } } : {}), ...(opts.until ? { at: { $lt: opts.until } } : {}) } },
      { $sort: { at: -1 } },
      { $group: { _id: '$project', id: { $first: '$_id' }, card: { $first: '$card' }, reasons: { $first: '$reasons' }, at: { $first: '$at' }, from: { $first: '$from' } } },
    ])
    .toArray();
  return new Map(rows.map((r) => [r._id, { _id: r.id, project: r._id, card: r.card, reasons: r.reasons, at: r.at, from: r.from }]));
}

/**
 * Records a change of warning once: the unique `from` index lets one change out of each state
 * through, so two instances judging at once record (and announce) it once. True when this call did.
 */
export function recordWarningChange(db: Db, change: WarningDoc): Promise<boolean> {
  return insertOnce(warnings(db), change);
}

/** The warning changes recorded in [from, to), oldest first. */
export function warningChangesBetween(db: Db, from: Date, to: Date): Promise<WarningDoc[]> {
  return warnings(db).find({ at: { $gte: from, $lt: to } }).sort({ at: 1 }).toArray();
}

/** A project's warning changes, oldest first. */
export function warningHistory(db: Db, project: string): Promise<WarningDoc[]> {
  return warnings(db).find({ project }).sort({ at: 1 }).toArray();
}
