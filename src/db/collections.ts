import { MongoServerError, type Collection, type Db, type Document, type IndexDescription } from 'mongodb';
import type { Logger } from '../log.js';
import { defaultRules, type Rules } from '../domain/rules.js';

/** Every collection the bot owns, by purpose. Agenda keeps its own (`agendaJobs`). */
export const collections = {
  projects: 'projects',
  people: 'people',
  units: 'units',
  reports: 'reports',
  problems: 'problems',
  /** 红黄蓝牌 changes; the collection keeps the name counties' data already has. */
  warnings: 'cards',
  approvals: 'approvals',
  audit: 'audit',
  inbound: 'inbound',
  nonces: 'nonces',
  outbox: 'outbox',
  counters: 'counters',
  leases: 'leases',
  assessments: 'assessments',
  scorecards: 'scorecards',
  /** The county's own holidays and 调休 workdays, keyed by date (_id). */
  calendar: 'calendar',
  /** 停工: a project's reporting paused, by the message that paused it (_id). */
  pauses: 'pauses',
  /** 请假: a person away and who reports instead, by the message that recorded it (_id). */
  leaves: 'leaves',
  /** One entry per scheduled job and period (src/repo/job-runs.ts). */
  jobRuns: 'jobRuns',
} as const;

export type CollectionName = (typeof collections)[keyof typeof collections];

const DAY = 86_400;

/**
 * The one place indexes are declared; applied at start-up by `ensureIndexes`. An index whose key or
 * options change gets a new name (`…_v2`, `…_v3`): MongoDB refuses a changed spec under a name it has
 * (code 86) and the same key under another name (85), so ensureIndexes drops the old index first.
 * The TTL of done records follows the rules' retention and is named by it (`done_ttl_90d`), so a
 * county that changes its retention gets the old index dropped and the new one built.
 */
export const declaredIndexes = (retention: Rules['retention'] = defaultRules.retention): Record<CollectionName, IndexDescription[]> => ({
  projects: [
    { key: { name: 1 }, name: 'name_unique', unique: true },
    { key: { chatId: 1 }, name: 'chatId_unique', unique: true, partialFilterExpression: { chatId: { $type: 'string' } } },
    { key: { aliases: 1 }, name: 'aliases' },
  ],
  people: [{ key: { userid: 1 }, name: 'userid_unique', unique: true }],
  units: [{ key: { name: 1 }, name: 'name_unique', unique: true }],
  reports: [
    { key: { msgId: 1 }, name: 'msgId_unique', unique: true, partialFilterExpression: { msgId: { $type: 'string' } } },
    { key: { project: 1, reportedAt: -1 }, name: 'project_time_v2' },
    { key: { chatId: 1, userId: 1, status: 1, reportedAt: -1 }, name: 'chat_user_status' },
    { key: { reportedAt: -1 }, name: 'time' },
    // The newest 累计 and 形象进度 of a project that gave none this year: only the reports carrying one are read.
    { key: { reportedAt: -1 }, name: 'total_time', partialFilterExpression: { 'fields.completedTotal': { $type: 'number' } } },
    { key: { reportedAt: -1 }, name: 'percent_time', partialFilterExpression: { 'fields.progressPercent': { $type: 'number' } } },
  ],
  problems: [
    { key: { no: 1 }, name: 'no_unique', unique: true },
    { key: { sourceKey: 1 }, name: 'source_unique', unique: true },
    { key: { project: 1, status: 1 }, name: 'project_status_v2' },
  ],
  cards: [
    { key: { project: 1, at: -1 }, name: 'project_time_v2' },
    // One transition out of each state: two instances evaluating at once record one change.
    { key: { from: 1 }, name: 'from_unique', unique: true },
  ],
  approvals: [{ key: { project: 1, item: 1 }, name: 'project_item_unique_v2', unique: true }],
  audit: [{ key: { entity: 1, entityId: 1, at: -1 }, name: 'entity_time' }],
  inbound: [
    { key: { msgId: 1 }, name: 'msgId_unique', unique: true },
    // Only a handled event has doneAt: a pending or failed one stays until it is handled.
    { key: { doneAt: 1 }, name: `done_ttl_${retention.days}d`, expireAfterSeconds: retention.days * DAY },
  ],
  nonces: [
    { key: { nonce: 1 }, name: 'nonce_unique', unique: true },
    { key: { at: 1 }, name: 'ttl', expireAfterSeconds: DAY },
  ],
  outbox: [
    { key: { key: 1 }, name: 'key_unique', unique: true },
    { key: { status: 1, nextAttemptAt: 1 }, name: 'due' },
    // Only a sent entry has sentAt: one still to send or given up stays.
    { key: { sentAt: 1 }, name: `sent_ttl_${retention.days}d`, expireAfterSeconds: retention.days * DAY },
  ],
  counters: [],
  leases: [],
  assessments: [{ key: { period: 1, unit: 1 }, name: 'period_unit' }],
  // Published scorecards are keyed by period (_id), so a period is published once.
  scorecards: [],
  calendar: [],
  pauses: [{ key: { project: 1, from: -1 }, name: 'project_from' }],
  leaves: [{ key: { userid: 1, from: -1 }, name: 'userid_from' }],
  jobRuns: [{ key: { job: 1, period: -1 }, name: 'job_period' }, { key: { status: 1, period: 1 }, name: 'status_period' }],
});

/** The indexes with the default retention. */
export const indexes = declaredIndexes();

/** What an index is, as declared or as listed by MongoDB: its key (in order) and the options we declare. */
const specOf = (index: IndexDescription | Document): string =>
  JSON.stringify([Object.entries(index.key), Boolean(index.unique), Boolean(index.sparse), index.partialFilterExpression ?? null, index.expireAfterSeconds ?? null]);

/** A collection's indexes; none before the collection exists (MongoDB answers NamespaceNotFound). */
async function existingIndexes(collection: Collection): Promise<Document[]> {
  try {
    return await collection.listIndexes().toArray();
  } catch (err) {
    if (err instanceof MongoServerError && err.code === 26) return [];
    throw err;
  }
}

/**
 * Brings each collection's indexes to the declared ones: drops every index (but `_id_`) that is no
 * longer declared or is declared differently, then creates the declared ones (a no-op for those
 * that exist). What was dropped is one log line.
 */
export async function ensureIndexes(db: Db, log: Logger, retention?: Rules['retention']): Promise<void> {
  const dropped: string[] = [];
  for (const [name, specs] of Object.entries(declaredIndexes(retention))) {
    const collection = db.collection(name);
    const declared = new Map(specs.map((spec) => [spec.name, specOf(spec)]));
    for (const index of await existingIndexes(collection)) {
      if (index.name === '_id_' || declared.get(index.name) === specOf(index)) continue;
      await collection.dropIndex(index.name);
      dropped.push(`${name}.${index.name}`);
    }
    if (specs.length > 0) await collection.createIndexes(specs);
  }
  if (dropped.length > 0) log.info({ dropped }, 'indexes dropped: no longer declared, or declared differently');
}
