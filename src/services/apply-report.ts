import type { ReportDoc, ProjectDoc } from '../domain/records.js';
import { setStage } from '../repo/projects.js';
import { setApproval } from '../repo/approvals.js';
import type { Standing } from '../domain/standing.js';
import type { BotDeps } from '../bot/context.js';
import { isLaterStage } from '../domain/lifecycle.js';


/** What a confirmed report changes (a report only moves a project's stage forward) besides itself: stage, approvals, and the card (re-evaluated). */
export async function applyReport(deps: BotDeps, project: ProjectDoc, report: ReportDoc, actor: string, now: Date): Promise<Standing> {
  const { stage, approvals } = report.fields;
  if (stage && isLaterStage(stage, project.stage)) await setStage(deps.db, project, stage, actor, now);
  for (const a of approvals) await setApproval(deps.db, project.name, a.item, a.status, actor, now);
  return deps.standing(project, now, actor);
}
