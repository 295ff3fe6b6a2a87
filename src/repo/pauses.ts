import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import { insertOnce } from '../db/errors.js';
import { pauseAt, pauseEnd, type PauseDoc, type Span } from '../domain/pause.js';
import { audit } from './audit.js';

const pauses = (db: Db) => db.collection<PauseDoc>(collections.pauses);

/**
 * Records a 停工 once per message (`id`, a re-handled message stores nothing twice); a pause already
 * in force is ended at `at` by the new one. The reason stays in the audit.
 */
export async function startPause(db: Db, id: string, project: string, span: Span, reason: string, by: string, at: Date): Promise<PauseDoc> {
  const doc: PauseDoc = { _id: id, project, from: span.from, until: span.until, reason, by, at, endedAt: null, endedBy: null };
  const previous = await activePause(db, project, at);
  if (!(await insertOnce(pauses(db), doc))) return (await pauses(db).findOne({ _id: id }))!;
  if (previous && previous._id !== id) await pauses(db).updateOne({ _id: previous._id }, { $set: { endedAt: at, endedBy: by } });
  await audit(db, { entity: 'pause', entityId: project, at, actor: by, action: 'start', before: previous, after: doc });
  return doc;
}

/** /复工: ends the pause in force; null when there is none. */
export async function endPause(db: Db, project: string, by: string, at: Date): Promise<PauseDoc | null> {
  const active = await activePause(db, project, at);
  if (!active) return null;
  await pauses(db).updateOne({ _id: active._id }, { $set: { endedAt: at, endedBy: by } });
  const ended = { ...active, endedAt: at, endedBy: by };
  await audit(db, { entity: 'pause', entityId: project, at, actor: by, action: 'end', before: active, after: ended });
  return ended;
}

export async function activePause(db: Db, project: string, at: Date): Promise<PauseDoc | null> {
  return pauseAt(await pauses(db).find({ project, from: { $lte: at }, until: { $gt: at } }).toArray(), project, at);
}

/** Every pause in force at some moment of [from, to), oldest first; of `projects` only when given. */
export async function pausesBetween(db: Db, from: Date, to: Date, projects?: string[]): Promise<PauseDoc[]> {
  const docs = await pauses(db).find({ from: { $lt: to }, until: { $gt: from }, ...(projects ? { project: { $in: projects } } : {}) }).sort({ from: 1 }).toArray();
  return docs.filter((p) => pauseEnd(p) > from);
}
