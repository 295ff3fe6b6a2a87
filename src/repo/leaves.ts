import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import { insertOnce } from '../db/errors.js';
import type { LeaveDoc } from '../domain/pause.js';
import { audit } from './audit.js';

const leaves = (db: Db) => db.collection<LeaveDoc>(collections.leaves);

/** Records a 请假 once per message (its `_id`); audited. */
export async function recordLeave(db: Db, leave: LeaveDoc): Promise<LeaveDoc> {
  if (!(await insertOnce(leaves(db), leave))) return (await leaves(db).findOne({ _id: leave._id }))!;
  await audit(db, { entity: 'leave', entityId: leave.userid, at: leave.at, actor: leave.userid, action: 'create', before: null, after: leave });
  return leave;
}

/** Every leave in force at `at`. */
export async function leavesAt(db: Db, at: Date): Promise<LeaveDoc[]> {
  return leaves(db).find({ from: { $lte: at }, until: { $gt: at } }).toArray();
}

/** The people `deputy` reports for at `at` (their leaves name them as deputy). */
export async function standingInFor(db: Db, deputy: string, at: Date): Promise<string[]> {
  const docs = await leaves(db).find({ deputy, from: { $lte: at }, until: { $gt: at } }).toArray();
  return docs.map((l) => l.userid);
}
