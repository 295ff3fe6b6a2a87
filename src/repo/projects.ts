import type { Db, Collection } from 'mongodb';
import { collections } from '../db/collections.js';
import { audit } from './audit.js';
import type { Stage } from '../domain/lifecycle.js';
import type { PersonDoc, ProjectDoc, Role } from '../domain/records.js';
import { unitSchema, type Setup } from '../domain/setup.js';

const projects = (db: Db): Collection<ProjectDoc> => db.collection<ProjectDoc>(collections.projects);
const people = (db: Db): Collection<PersonDoc> => db.collection<PersonDoc>(collections.people);
const NO_ID = { projection: { _id: 0 } } as const;

export async function projectByChat(db: Db, chatId: string): Promise<ProjectDoc | null> {
  return projects(db).findOne({ chatId }, NO_ID);
}

export async function projectByName(db: Db, name: string): Promise<ProjectDoc | null> {
  return projects(db).findOne({ name }, NO_ID);
}

export async function allProjects(db: Db): Promise<ProjectDoc[]> {
  return projects(db).find({}, NO_ID).sort({ name: 1 }).toArray();
}

export async function personById(db: Db, userid: string): Promise<PersonDoc | null> {
  return people(db).findOne({ userid }, NO_ID);
}

export async function allPeople(db: Db): Promise<PersonDoc[]> {
  return people(db).find({}, NO_ID).sort({ userid: 1 }).toArray();
}

export async function peopleByRole(db: Db, role: Role): Promise<PersonDoc[]> {
  return people(db).find({ role }, NO_ID).sort({ userid: 1 }).toArray();
}

/** Who gets the county-wide bulletins: the leaders, then the admins. */
export async function bulletinRecipients(db: Db): Promise<string[]> {
  return [...(await peopleByRole(db, 'leader')), ...(await peopleByRole(db, 'admin'))].map((p) => p.userid);
}

export type BindResult = { ok: true; previous: string | null } | { ok: false; reason: 'taken'; by: string };

/** Binds a group chat to a project (one project per group, one group per project). */
export async function bindChat(db: Db, project: ProjectDoc, chatId: string, actor: string, at: Date): Promise<BindResult> {
  const holder = await projectByChat(db, chatId);
  if (holder && holder.name !== project.name) return { ok: false, reason: 'taken', by: holder.name };
  await projects(db).updateOne({ name: project.name }, { $set: { chatId, updatedAt: at } });
  await audit(db, { entity: 'binding', entityId: project.name, at, actor, action: 'bind', before: { chatId: project.chatId ?? null }, after: { chatId } });
  return { ok: true, previous: project.chatId ?? null };
}

export async function unbindChat(db: Db, chatId: string, actor: string, at: Date): Promise<ProjectDoc | null> {
  const project = await projectByChat(db, chatId);
  if (!project) return null;
  await projects(db).updateOne({ name: project.name }, { $set: { chatId: null, updatedAt: at } });
  await audit(db, { entity: 'binding', entityId: project.name, at, actor, action: 'unbind', before: { chatId }, after: { chatId: null } });
  return project;
}

/** `key`: the change's own id; its audit row goes first, so a change made again after a crash is told once. */
export async function setStage(db: Db, project: ProjectDoc, stage: Stage, actor: string, at: Date, key: string): Promise<void> {
  await audit(db, { entity: 'project', entityId: project.name, at, actor, action: 'stage', before: { stage: project.stage ?? null }, after: { stage } }, key);
  await projects(db).updateOne({ name: project.name }, { $set: { stage, updatedAt: at } });
}

/** The people of departments or townships (role department, `department` = the unit's name), each once. */
export async function peopleOfUnits(db: Db, units: Array<string | undefined>): Promise<string[]> {
  const names = [...new Set(units.filter((u): u is string => Boolean(u)))];
  if (names.length === 0) return [];
  const found = await people(db).find({ role: 'department', department: { $in: names } }, NO_ID).sort({ userid: 1 }).toArray();
  return found.map((p) => p.userid);
}

/** The people named, each once, in userid order (unknown ids are left out). */
export async function peopleByIds(db: Db, userids: Array<string | undefined>): Promise<PersonDoc[]> {
  const ids = [...new Set(userids.filter((u): u is string => Boolean(u)))];
  if (ids.length === 0) return [];
  return people(db).find({ userid: { $in: ids } }, NO_ID).sort({ userid: 1 }).toArray();
}

/** The registered units (townships, departments) with their year targets, by name. */
export async function allUnits(db: Db): Promise<Setup['units']> {
  const rows = await db.collection(collections.units).find({}, NO_ID).sort({ name: 1 }).toArray();
  return rows.map((u) => unitSchema.parse(u));
}
