import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import { insertOnce } from '../db/errors.js';

export type AuditEntity = 'project' | 'report' | 'problem' | 'card' | 'binding' | 'approval' | 'person' | 'unit' | 'assessment' | 'calendar' | 'pause' | 'leave';

export interface AuditRecord {
  entity: AuditEntity;
  entityId: string;
  at: Date;
  /** userid of the person, or "system:<job>" / "cli" for the bot's own changes. */
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

/**
 * Every change to a project, report, problem or card leaves who, when, what before and after.
 * With `key` (the change's own id, e.g. from the message that made it) the row is written once,
 * however often an event handled again after a crash tells of the same change.
 */
export async function audit(db: Db, record: AuditRecord, key?: string): Promise<void> {
  const rows = db.collection<AuditRecord & { _id?: string }>(collections.audit);
  if (key === undefined) await rows.insertOne({ ...record });
  else await insertOnce(rows, { _id: key, ...record });
}
