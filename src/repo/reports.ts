import { ObjectId, type Db, type Collection } from 'mongodb';
import { collections } from '../db/collections.js';
import type { ReportFields } from '../domain/standing.js';
import { audit } from './audit.js';
import type { LatestFigures, ReportDoc } from '../domain/records.js';
import { isDuplicateKey } from '../db/errors.js';
import { addLaterPeriods, figuresFrom, type PeriodFigure } from '../domain/figures.js';
import { localDay } from '../time.js';
import { groupBy } from '../domain/group-by.js';

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
    // Stored by an attempt that died before its audit row: the row is written now, once.
    await auditCreate(db, existing);
    return { report: existing, created: false };
  }
  await auditCreate(db, report);
  return { report, created: true };
}

const auditCreate = (db: Db, report: ReportDoc) =>
  audit(db, { entity: 'report', entityId: report._id, at: report.reportedAt, actor: report.userId, action: 'create', before: null, after: report }, `report:${report._id}:create`);

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

/** The newest report of a project waiting because a figure in it is absurd: only the admin confirms it as it stands. */
export async function lastAbsurdPending(db: Db, project: string): Promise<ReportDoc | null> {
  return reports(db).findOne({ project, status: 'pending', 'absurd.0': { $exists: true } }, { sort: { reportedAt: -1 } });
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
  const confirmed = after ?? (await findReport(db, report._id));
  if (!confirmed) return report;
  // Confirmed by this very message (maybe by an attempt that died before its audit row): told once.
  if (confirmed.confirmedByMsg === msgId) {
    await audit(db, { entity: 'report', entityId: report._id, at: confirmed.confirmedAt ?? at, actor: confirmed.confirmedBy ?? by, action: 'confirm', before: { status: 'pending' }, after: { status: 'confirmed' } }, `report:${report._id}:confirm`);
  }
  return confirmed;
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
  // A correction is what the person says the figures are: it no longer waits as absurd.
  delete next.absurd;
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

/** What figures are read from: a report's time, its figures and the periods they cover. */
const FIGURE_FIELDS = {
  _id: 0,
  project: 1,
  reportedAt: 1,
  'fields.completedThisPeriod': 1,
  'fields.completedThisYear': 1,
  'fields.completedTotal': 1,
  'fields.progressPercent': 1,
  'fields.periods': 1,
} as const;

/** The newest value of each figure among a project's confirmed reports (this year's figure only from this year). */
export async function latestFigures(db: Db, project: string, yearStart: Date): Promise<LatestFigures> {
  const rows = await reports(db).find({ project, status: 'confirmed' }, { projection: FIGURE_FIELDS }).sort({ reportedAt: -1 }).limit(200).toArray();
  return figuresFrom(rows as ReportDoc[], yearStart);
}

/**
 * latestFigures for many projects (a run over the whole registry), as they stood before `until`: for
 * each figure one row a project, computed by the server. The years before this one are read only for
 * what a project still lacks (its newest report, 累计, 形象进度), the year before first, the last two
 * through partial indexes holding only the reports that carry them.
 */
export async function latestFiguresOf(db: Db, projects: string[], yearStart: Date, until?: Date): Promise<Map<string, LatestFigures>> {
  const floor = until && until < yearStart ? until : yearStart;
  const year = { $gte: floor, ...(until ? { $lt: until } : {}) };
  const [last, thisYear, total, pct] = await Promise.all([
    newest(db, projects, year),
    newest(db, projects, year, 'completedThisYear', localDay(yearStart).ymd),
    newest(db, projects, year, 'completedTotal'),
    newest(db, projects, year, 'progressPercent'),
  ]);
  const lacking = (found: Map<string, unknown>) => projects.filter((p) => !found.has(p));
  const [periods, lastBefore, totalBefore, pctBefore] = await Promise.all([
    laterPeriodFigures(db, projects, until, thisYear, last),
    newestBefore(db, lacking(last), floor),
    newestBefore(db, lacking(total), floor, 'completedTotal'),
    newestBefore(db, lacking(pct), floor, 'progressPercent'),
  ]);
  const yearOf = (p: string) => {
    const base = thisYear.get(p);
    return base ? addLaterPeriods({ value: base.value!, at: base.at, through: base.through ?? null }, periods.get(p) ?? []) : { completedThisYear: null, yearThrough: null };
  };
  return new Map(projects.map((p) => [p, {
    ...yearOf(p),
    completedTotal: (total.get(p) ?? totalBefore.get(p))?.value ?? null,
    progressPercent: (pct.get(p) ?? pctBefore.get(p))?.value ?? null,
    lastReportAt: (last.get(p) ?? lastBefore.get(p))?.at ?? null,
  }]));
}

// Matching a long name list costs more than grouping the other projects' rows too, which are dropped.
const NAME_FILTER_MAX = 50;
const byNames = (projects: string[]) => (projects.length <= NAME_FILTER_MAX ? { project: { $in: projects } } : {});

/**
 * Each project's newest confirmed report in a time window (with `field` set, if named): its time and
 * that figure. `periodFrom`: a figure whose period ended before this day is not taken (as `ofYear` says).
 */
async function newest(db: Db, projects: string[], window: { $gte?: Date; $lt?: Date }, field?: 'completedThisYear' | 'completedTotal' | 'progressPercent', periodFrom?: string): Promise<Map<string, { at: Date; value?: number; through?: string | null }>> {
  if (projects.length === 0) return new Map();
  const rows = await reports(db)
    .aggregate<{ _id: string; at: Date; value?: number; through?: string | null }>([
      {
        $match: {
          ...byNames(projects),
          status: 'confirmed',
          reportedAt: window,
          // As the partial indexes state it, so that mongod (and memory://) read only the reports carrying the figure.
          ...(field ? { [`fields.${field}`]: { $type: 'number' } } : {}),
          ...(periodFrom ? { [`fields.periods.${field}.to`]: { $not: { $lt: periodFrom } } } : {}),
        },
      },
      { $sort: { reportedAt: -1 } },
      {
        $group: {
          _id: '$project',
          at: { $first: '$reportedAt' },
          ...(field ? { value: { $first: `$fields.${field}` } } : {}),
          ...(field === 'completedThisYear' ? { through: { $first: '$fields.periods.completedThisYear.to' } } : {}),
        },
      },
    ])
    .toArray();
  const wanted = new Set(projects);
  return new Map(rows.filter((r) => wanted.has(r._id)).map((r) => [r._id, r]));
}

const YEAR_MS = 366 * 86_400_000;

/**
 * Each project's newest report before `floor`: from the year before it, then from all earlier
 * years only for the projects that year leaves lacking; so that early in a year, when every project
 * lacks this year's, the read does not grow with the years stored.
 */
async function newestBefore(db: Db, projects: string[], floor: Date, field?: 'completedTotal' | 'progressPercent'): Promise<Map<string, { at: Date; value?: number }>> {
  const yearBefore = new Date(floor.getTime() - YEAR_MS);
  const recent = await newest(db, projects, { $gte: yearBefore, $lt: floor }, field);
  const older = await newest(db, projects.filter((p) => !recent.has(p)), { $lt: yearBefore }, field);
  return new Map([...older, ...recent]);
}

/**
 * This year's 本期 figures reported after each project's 年度累计 (`base`), newest first: what that
 * 年度累计 is carried forward by. A project whose newest report is its 年度累计 has none to read, so
 * only the others' are read, and only from the earliest of their bases on.
 */
async function laterPeriodFigures(
  db: Db,
  projects: string[],
  until: Date | undefined,
  base: Map<string, { at: Date }>,
  last: Map<string, { at: Date }>,
): Promise<Map<string, PeriodFigure[]>> {
  const behind = projects.filter((p) => base.has(p) && last.get(p)!.at > base.get(p)!.at);
  if (behind.length === 0) return new Map();
  const since = behind.reduce((min, p) => (base.get(p)!.at < min ? base.get(p)!.at : min), base.get(behind[0]!)!.at);
  const wanted = new Set(behind);
  const rows = await reports(db)
    .find(
      {
        ...byNames(behind),
        status: 'confirmed',
        reportedAt: { $gt: since, ...(until ? { $lt: until } : {}) },
        'fields.completedThisPeriod': { $type: 'number' },
      },
      { projection: { _id: 0, project: 1, reportedAt: 1, 'fields.completedThisPeriod': 1, 'fields.periods.completedThisPeriod': 1 } },
    )
    .sort({ reportedAt: -1 })
    .toArray();
  return groupBy(rows.filter((r) => wanted.has(r.project)), (r) => r.project, (r) => r as PeriodFigure);
}

/** Every version of every report of a project, oldest first (the 驾驶舱's project page). */
export async function reportsOfProject(db: Db, project: string): Promise<ReportDoc[]> {
  return reports(db).find({ project }).sort({ reportedAt: 1, _id: 1 }).toArray();
}
