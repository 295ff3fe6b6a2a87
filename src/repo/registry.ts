import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import type { Setup } from '../domain/setup.js';
import { audit } from './audit.js';
import { saveCalendar } from './calendar.js';

export interface ImportSummary {
  projects: { created: number; updated: number };
  people: number;
  units: number;
  calendar: number;
}

/**
 * Loads a validated registry: projects by name, people by userid, units by name. Idempotent:
 * a re-import updates, never duplicates; every project change is audited with before and after.
 */
export async function importSetup(db: Db, setup: Setup, actor: string, at: Date): Promise<ImportSummary> {
  const projects = db.collection(collections.projects);
  const summary: ImportSummary = { projects: { created: 0, updated: 0 }, people: 0, units: 0, calendar: 0 };
  for (const p of setup.projects) {
    const before = await projects.findOne({ name: p.name }, { projection: { _id: 0 } });
    await projects.updateOne({ name: p.name }, { $set: { ...p, updatedAt: at }, $setOnInsert: { createdAt: at } }, { upsert: true });
    summary.projects[before ? 'updated' : 'created']++;
    await audit(db, { entity: 'project', entityId: p.name, at, actor, action: before ? 'update' : 'create', before, after: p });
  }
  for (const person of setup.people) {
    await db.collection(collections.people).updateOne({ userid: person.userid }, { $set: person }, { upsert: true });
    summary.people++;
  }
  for (const unit of setup.units) {
    await db.collection(collections.units).updateOne({ name: unit.name }, { $set: unit }, { upsert: true });
    summary.units++;
  }
  summary.calendar = await saveCalendar(db, setup.calendar ?? [], actor, at);
  return summary;
}
