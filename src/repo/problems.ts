import type { Db, Collection } from 'mongodb';
import { collections } from '../db/collections.js';
import { audit } from './audit.js';
import { nextNumber } from './counters.js';
import type { ProblemDoc } from '../domain/records.js';
import { isDuplicateKey } from '../db/errors.js';

const problems = (db: Db): Collection<ProblemDoc> => db.collection<ProblemDoc>(collections.problems);

export async function addProblem(db: Db, p: Pick<ProblemDoc, 'sourceKey' | 'project' | 'text' | 'reportedBy' | 'chatId' | 'openedAt' | 'unit'>): Promise<ProblemDoc> {
  const existing = await problems(db).findOne({ sourceKey: p.sourceKey });
  if (existing) return existing;
  const no = await nextNumber(db, 'problem');
  const doc: ProblemDoc = { _id: `P${no}`, no, ...p, status: '待协调', level: 0, escalations: [] };
  try {
    await problems(db).insertOne(doc);
  } catch (err) {
    // Two instances handling the same retried message: the other one stored it first.
    const raced = isDuplicateKey(err) ? await problems(db).findOne({ sourceKey: p.sourceKey }) : null;
    if (raced) return raced;
    throw err;
  }
  await audit(db, { entity: 'problem', entityId: doc._id, at: p.openedAt, actor: p.reportedBy, action: 'open', before: null, after: doc });
  return doc;
}

export async function findProblem(db: Db, no: number): Promise<ProblemDoc | null> {
  return problems(db).findOne({ no });
}

export async function resolveProblem(db: Db, problem: ProblemDoc, by: string, note: string, at: Date): Promise<ProblemDoc> {
  const after = await problems(db).findOneAndUpdate(
    { _id: problem._id, status: { $ne: '已解决' } },
    { $set: { status: '已解决', resolvedAt: at, resolvedBy: by, resolution: note } },
    { returnDocument: 'after' },
  );
  if (!after) return problem;
  await audit(db, { entity: 'problem', entityId: problem._id, at, actor: by, action: 'resolve', before: { status: problem.status }, after: { status: '已解决', resolution: note } });
  return after;
}

export async function openProblems(db: Db, projects?: string[]): Promise<ProblemDoc[]> {
  return problems(db)
    .find({ status: { $ne: '已解决' }, ...(projects ? { project: { $in: projects } } : {}) })
    .sort({ no: 1 })
    .toArray();
}

/** Moves a problem one rung up the ladder once; false when another instance already did. */
export async function escalate(db: Db, problem: ProblemDoc, level: number, at: Date): Promise<boolean> {
  const res = await problems(db).updateOne(
    { _id: problem._id, level: { $lt: level }, status: { $ne: '已解决' } },
    { $set: { level, status: '协调中' }, $push: { escalations: { level, at } } },
  );
  if (res.modifiedCount === 0) return false;
  await audit(db, { entity: 'problem', entityId: problem._id, at, actor: 'system:escalation', action: 'escalate', before: { level: problem.level }, after: { level } });
  return true;
}

/** A project's problems, open and resolved, by number. */
export async function problemsOfProject(db: Db, project: string): Promise<ProblemDoc[]> {
  return problems(db).find({ project }).sort({ no: 1 }).toArray();
}

/** The problems a period saw: opened before its end and not solved before its start. */
export async function problemsDuring(db: Db, from: Date, to: Date): Promise<ProblemDoc[]> {
  return problems(db)
    .find({ openedAt: { $lt: to }, $or: [{ resolvedAt: { $exists: false } }, { resolvedAt: { $gte: from } }] })
    .sort({ no: 1 })
    .toArray();
}
