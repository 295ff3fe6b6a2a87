import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import type { AuditRecord } from './audit.js';
import type { StageChange } from '../domain/five-batches.js';
import type { ProjectDoc } from '../domain/records.js';

const stageOf = (v: unknown): string | null => (v && typeof v === 'object' && typeof (v as { stage?: unknown }).stage === 'string' ? (v as { stage: string }).stage : null);

/**
 * Every change of a project's stage before `until`, from the audit trail (reports and re-imports
 * leave one). A project's registration is its starting point, not a milestone it reached.
 */
export async function stageChanges(db: Db, projects: ProjectDoc[], until: Date): Promise<StageChange[]> {
  const byName = new Map(projects.map((p) => [p.name, p]));
  const rows = await db
    .collection<AuditRecord>(collections.audit)
    .find({ entity: 'project', action: { $in: ['update', 'stage'] }, at: { $lt: until } }, { projection: { _id: 0, entityId: 1, at: 1, 'before.stage': 1, 'after.stage': 1 } })
    .sort({ at: 1 })
    .toArray();
  const out: StageChange[] = [];
  for (const r of rows) {
    const project = byName.get(r.entityId);
    const after = stageOf(r.after);
    const before = stageOf(r.before);
    if (!project || !after || after === before) continue;
    out.push({ project: project.name, township: project.township, industry: project.industry, before, after, at: r.at });
  }
  return out;
}
