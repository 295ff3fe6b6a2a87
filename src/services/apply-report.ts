import type { ReportDoc, ProjectDoc } from '../domain/records.js';
import type { Standing } from '../domain/standing.js';
import type { BotDeps } from '../bot/context.js';
import { isLaterStage } from '../domain/lifecycle.js';


/** What a confirmed report changes (a report only moves a project's stage forward) besides itself: stage, approvals, and the card (re-evaluated). */
export async function applyReport(deps: BotDeps, project: ProjectDoc, report: ReportDoc, actor: string, now: Date): Promise<Standing> {
  const { stage, approvals } = report.fields;
  if (stage && isLaterStage(stage, project.stage)) await deps.repos.projects.setStage(project, stage, actor, now);
  for (const a of approvals) await deps.repos.approvals.setApproval(project.name, a.item, a.status, actor, now);
  return deps.standing.evaluate(project, now, actor);
}
