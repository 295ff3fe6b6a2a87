import type { Db, Collection } from 'mongodb';
import { collections } from '../db/collections.js';
import { APPROVAL_ITEMS, type ApprovalItem, type ApprovalStatus } from '../parser/index.js';
import { audit } from './audit.js';

export interface ApprovalDoc {
  project: string;
  item: ApprovalItem;
  status: ApprovalStatus;
  /** When the status last changed: "办理中 for 40 days" is measured from here. */
  since: Date;
  updatedBy: string;
}

const approvals = (db: Db): Collection<ApprovalDoc> => db.collection<ApprovalDoc>(collections.approvals);

/** Records a status; a repeat of the same status changes nothing (and keeps its `since`). */
/** `key`: the change's own id; its audit row goes first, so a change made again after a crash is told once. */
export async function setApproval(db: Db, project: string, item: ApprovalItem, status: ApprovalStatus, by: string, at: Date, key: string): Promise<boolean> {
  const before = await approvals(db).findOne({ project, item }, { projection: { _id: 0 } });
  if (before?.status === status) return false;
  await audit(db, { entity: 'approval', entityId: `${project}/${item}`, at, actor: by, action: 'set', before: before?.status ?? null, after: status }, key);
  await approvals(db).updateOne({ project, item }, { $set: { status, since: at, updatedBy: by } }, { upsert: true });
  return true;
}

/** The 11 canonical items of a project in checklist order; items never reported read 未启动. */
export async function checklist(db: Db, project: string): Promise<Array<{ item: ApprovalItem; status: ApprovalStatus; since: Date | null }>> {
  const rows = await approvals(db).find({ project }, { projection: { _id: 0 } }).toArray();
  const byItem = new Map(rows.map((r) => [r.item, r]));
  return APPROVAL_ITEMS.map((item) => {
    const row = byItem.get(item);
    return { item, status: row?.status ?? '未启动', since: row?.since ?? null };
  });
}

export async function stuckApprovals(db: Db, before: Date): Promise<ApprovalDoc[]> {
  return approvals(db).find({ status: '办理中', since: { $lt: before } }, { projection: { _id: 0 } }).toArray();
}
