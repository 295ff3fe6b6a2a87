import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import type { ProjectInput, Setup } from '../domain/setup.js';
import type { ProjectDoc } from '../domain/records.js';
import { legacyPlanYear } from '../domain/schedule.js';
import { localDay } from '../time.js';
import { audit } from './audit.js';
import { saveCalendar } from './calendar.js';

type Plans = NonNullable<ProjectInput['plans']>;

export interface ImportSummary {
  projects: { created: number; updated: number };
  people: number;
  units: number;
  calendar: number;
}

/**
 * Loads a validated registry: projects by name, people by userid, units by name. Idempotent:
 * a re-import updates, never duplicates; every project change is audited with before and after.
 * Plans are kept by year: a 2027 台账 adds the 2027 plan and keeps 2026's.
 */
export async function importSetup(db: Db, setup: Setup, actor: string, at: Date): Promise<ImportSummary> {
  const projects = db.collection<ProjectDoc>(collections.projects);
  const summary: ImportSummary = { projects: { created: 0, updated: 0 }, people: 0, units: 0, calendar: 0 };
  const year = setup.year ?? localDay(at).year;
  for (const p of setup.projects) {
    const before = await projects.findOne({ name: p.name }, { projection: { _id: 0 } });
    const after = withPlansByYear(p, before, year);
    await projects.updateOne(
      { name: p.name },
      { $set: { ...after, updatedAt: at }, $unset: { yearPlan: '', monthlyPlan: '', planYear: '' }, $setOnInsert: { createdAt: at } },
      { upsert: true },
    );
    summary.projects[before ? 'updated' : 'created']++;
    await audit(db, { entity: 'project', entityId: p.name, at, actor, action: before ? 'update' : 'create', before, after });
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

/** The row as stored: its one-year plan (of `planYear`, else the 台账's year) merged into the plans it had. */
function withPlansByYear(p: ProjectInput, before: ProjectDoc | null, year: number): Omit<ProjectInput, 'yearPlan' | 'monthlyPlan' | 'planYear'> {
  const { yearPlan, monthlyPlan, planYear, plans, ...fields } = p;
  const own: Plans = yearPlan !== undefined || monthlyPlan !== undefined ? { [String(planYear ?? year)]: { ...(yearPlan !== undefined && { yearPlan }), ...(monthlyPlan && { monthlyPlan }) } } : {};
  const merged = { ...storedPlans(before, year), ...plans, ...own };
  return Object.keys(merged).length > 0 ? { ...fields, plans: merged } : fields;
}

/** The plans a stored project has, a one-year plan stored before plans were kept by year included. */
function storedPlans(doc: ProjectDoc | null, year: number): Plans {
  if (!doc) return {};
  if (doc.plans) return doc.plans;
  if (doc.yearPlan === undefined && doc.monthlyPlan === undefined) return {};
  return { [String(legacyPlanYear(doc) ?? year)]: { ...(doc.yearPlan !== undefined && { yearPlan: doc.yearPlan }), ...(doc.monthlyPlan && { monthlyPlan: doc.monthlyPlan }) } };
}
