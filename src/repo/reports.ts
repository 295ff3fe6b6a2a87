import { ObjectId, type Db, type Collection } from 'mongodb';
import { collections } from '../db/collections.js';
import type { ReportFields } from '../domain/standing.js';
import { audit } from './audit.js';
import type { LatestFigures, ReportDoc } from '../domain/records.js';
import { isDuplicateKey } from '../db/errors.js';

const reports = (db: Db): Collection<ReportDoc> => db.collection<ReportDoc>(collections.reports);

/**
 * Stores a report once per WeCom message: a retried callback finds the first one. Returns the
 * stored document and whether this call created it.
 */
export async function storeReport(db: Db, doc: Omit<ReportDoc, '_id'> & { _id?: string }): Promise<{ report: ReportDoc; created: boolean }> {
  const report: ReportDoc = { ...doc, _id: doc._id ?? new ObjectId().toHexString() };
  try {
    await reports(db).insertOne(report);
  } catch (err) {
    if (!isDuplicateKey(err) || doc.msgId === null) throw err;
    const existing = await reports(db).findOne({ msgId: doc.msgId });
    if (!existing) throw err;
    return { report: existing, created: false };
  }
  await audit(db, { entity: 'report', entityId: report._id, at: doc.reportedAt, actor: doc.userId, action: 'create', before: null, after: report });
  return { report, created: true };
}

export async function findReport(db: Db, id: string): Promise<ReportDoc | null> {
  return reports(db).findOne({ _id: id });
}

/** The newest report a person gave for a project that is still current (not superseded). */
export async function lastReportBy(db: Db, project: string, userId: string): Promise<ReportDoc | null> {
  return reports(db).findOne({ project, userId, status: { $ne: 'superseded' } }, { sort: { reportedAt: -1 } });
}

/** The newest pending report in a chat (for a bare "确认"). */
export async function lastPendingIn(db: Db, chatId: string | null, userId: string): Promise<ReportDoc | null> {
  return reports(db).findOne({ chatId, userId, status: 'pending' }, { sort: { reportedAt: -1 } });
}

/** The newest report of a project waiting because its sender may not report for it. */
export async function lastOutsiderPending(db: Db, project: string): Promise<ReportDoc | null> {
  return reports(db).findOne({ project, status: 'pending', unregistered: true }, { sort: { reportedAt: -1 } });
}

/** The report a given 确认 message confirmed, if it did. */
export async function confirmedByMessage(db: Db, msgId: string): Promise<ReportDoc | null> {
  return reports(db).findOne({ confirmedByMsg: msgId });
}

export async function confirmReport(db: Db, report: ReportDoc, by: string, at: Date, msgId: string): Promise<ReportDoc> {
  const after = await reports(db).findOneAndUpdate(
    { _id: report._id, status: 'pending' },
    { $set: { status: 'confirmed', confirmedBy: by, confirmedAt: at, confirmedByMsg: msgId } },
    { returnDocument: 'after' },
  );
  if (!after) return (await findReport(db, report._id)) ?? report;
  await audit(db, { entity: 'report', entityId: report._id, at, actor: by, action: 'confirm', before: { status: report.status }, after: { status: 'confirmed' } });
  return after;
}

/**
 * A correction is a new confirmed version; the old one is kept and marked superseded, never
 * rewritten. Keyed by the correcting message's id, so handling it twice makes one version.
 */
export async function supersede(db: Db, old: ReportDoc, change: { fields: ReportFields; msgId: string; by: string; at: Date; note: string }): Promise<ReportDoc> {
  const next: ReportDoc = {
    ...old,
    _id: new ObjectId().toHexString(),
    msgId: change.msgId,
    text: change.note,
    fields: change.fields,
    flags: [],
    confidence: 1,
    status: 'confirmed',
    confirmedBy: change.by,
    confirmedAt: change.at,
    supersedes: old._id,
  };
  delete next.supersededBy;
  const { report, created } = await storeReport(db, next);
  if (!created) return report;
  await reports(db).updateOne({ _id: old._id }, { $set: { status: 'superseded', supersededBy: report._id } });
  await audit(db, { entity: 'report', entityId: old._id, at: change.at, actor: change.by, action: 'correct', before: old.fields, after: { id: report._id, fields: change.fields } });
  return report;
}

/** Confirmed reports of many projects in a window (digests, bulletins). */
export async function reportsBetween(db: Db, projects: string[], from: Date, to: Date): Promise<ReportDoc[]> {
  return reports(db)
    .find({ project: { $in: projects }, status: 'confirmed', reportedAt: { $gte: from, $lt: to } })
    .sort({ reportedAt: 1 })
    .toArray();
}

/** The newest value of each figure among a project's confirmed reports (this year's figure only from this year). */
export async function latestFigures(db: Db, project: string, yearStart: Date): Promise<LatestFigures> {
  return figuresFrom(await reports(db).find({ project, status: 'confirmed' }).sort({ reportedAt: -1 }).limit(200).toArray(), yearStart);
}

const NAME_FILTER_MAX = 50;

/** latestFigures for many projects in one query (a run over the whole registry), as they stood before `until`. */
export async function latestFiguresOf(db: Db, projects: string[], yearStart: Date, until?: Date): Promise<Map<string, LatestFigures>> {
  // Matching a long name list costs more than reading the other projects' rows, which are dropped below.
  const byName = projects.length <= NAME_FILTER_MAX ? { project: { $in: projects } } : {};
  const rows = await reports(db)
    .find({ ...byName, status: 'confirmed', ...(until ? { reportedAt: { $lt: until } } : {}) })
    .sort({ reportedAt: -1 })
    .toArray();
  const byProject = new Map<string, ReportDoc[]>(projects.map((p) => [p, []]));
  for (const r of rows) byProject.get(r.project)?.push(r);
  return new Map([...byProject].map(([p, list]) => [p, figuresFrom(list, yearStart)]));
}

/** `rows` newest first. */
function figuresFrom(rows: ReportDoc[], yearStart: Date): LatestFigures {
  const first = <T>(pick: (r: ReportDoc) => T | null, since?: Date) =>
    rows.find((r) => pick(r) !== null && (!since || r.reportedAt >= since)) ?? null;
  const year = first((r) => r.fields.completedThisYear, yearStart);
  const total = first((r) => r.fields.completedTotal);
  const pct = first((r) => r.fields.progressPercent);
  return {
    completedThisYear: year?.fields.completedThisYear ?? null,
    completedTotal: total?.fields.completedTotal ?? null,
    progressPercent: pct?.fields.progressPercent ?? null,
    lastReportAt: rows[0]?.reportedAt ?? null,
  };
}

/** Every version of every report of a project, oldest first (the 驾驶舱's project page). */
export async function reportsOfProject(db: Db, project: string): Promise<ReportDoc[]> {
  return reports(db).find({ project }).sort({ reportedAt: 1, _id: 1 }).toArray();
}
