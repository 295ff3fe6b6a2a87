import type { Db, IndexDescription } from 'mongodb';

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
} as const;

export type CollectionName = (typeof collections)[keyof typeof collections];

const DAY = 86_400;

/** The one place indexes are declared; applied idempotently at start-up by `ensureIndexes`. */
export const indexes: Record<CollectionName, IndexDescription[]> = {
  projects: [
    { key: { name: 1 }, name: 'name_unique', unique: true },
    { key: { chatId: 1 }, name: 'chatId_unique', unique: true, partialFilterExpression: { chatId: { $type: 'string' } } },
    { key: { aliases: 1 }, name: 'aliases' },
  ],
  people: [{ key: { userid: 1 }, name: 'userid_unique', unique: true }],
  units: [{ key: { name: 1 }, name: 'name_unique', unique: true }],
  reports: [
    { key: { msgId: 1 }, name: 'msgId_unique', unique: true, partialFilterExpression: { msgId: { $type: 'string' } } },
    { key: { project: 1, reportedAt: -1 }, name: 'project_time' },
    { key: { chatId: 1, userId: 1, status: 1, reportedAt: -1 }, name: 'chat_user_status' },
    { key: { reportedAt: -1 }, name: 'time' },
  ],
  problems: [
    { key: { no: 1 }, name: 'no_unique', unique: true },
    { key: { sourceKey: 1 }, name: 'source_unique', unique: true },
    { key: { project: 1, status: 1 }, name: 'project_status' },
  ],
  cards: [
    { key: { project: 1, at: -1 }, name: 'project_time' },
    // One transition out of each state: two instances evaluating at once record one change.
    { key: { from: 1 }, name: 'from_unique', unique: true },
  ],
  approvals: [{ key: { project: 1, item: 1 }, name: 'project_item_unique', unique: true }],
  audit: [{ key: { entity: 1, entityId: 1, at: -1 }, name: 'entity_time' }],
  inbound: [
    { key: { msgId: 1 }, name: 'msgId_unique', unique: true },
    { key: { receivedAt: 1 }, name: 'ttl', expireAfterSeconds: 30 * DAY },
  ],
  nonces: [
    { key: { nonce: 1 }, name: 'nonce_unique', unique: true },
    { key: { at: 1 }, name: 'ttl', expireAfterSeconds: DAY },
  ],
  outbox: [
    { key: { key: 1 }, name: 'key_unique', unique: true },
    { key: { status: 1, nextAttemptAt: 1 }, name: 'due' },
  ],
  counters: [],
  leases: [],
  assessments: [{ key: { period: 1, unit: 1 }, name: 'period_unit' }],
  // Published scorecards are keyed by period (_id), so a period is published once.
  scorecards: [],
};

export async function ensureIndexes(db: Db): Promise<void> {
  for (const [name, specs] of Object.entries(indexes)) {
    if (specs.length > 0) await db.collection(name).createIndexes(specs);
  }
}
