import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';

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

/** Every change to a project, report, problem or card leaves who, when, what before and after. */
export async function audit(db: Db, record: AuditRecord): Promise<void> {
  await db.collection<AuditRecord>(collections.audit).insertOne({ ...record });
}
