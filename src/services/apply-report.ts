import type { ReportDoc, ProjectDoc } from '../domain/records.js';
import type { Standing } from '../domain/standing.js';
import type { BotDeps } from '../bot/context.js';
import { isLaterStage } from '../domain/lifecycle.js';


/** What a confirmed report changes (a report only moves a project's stage forward) besides itself: stage, approvals, and the card (re-evaluated). */
export async function applyReport(deps: BotDeps, project: ProjectDoc, report: ReportDoc, actor: string, now: Date): Promise<Standing> {
  const { stage, approvals } = report.fields;
  const moved = stage && isLaterStage(stage, project.stage) ? stage : null;
  if (moved) await deps.repos.projects.setStage(project, moved, actor, now, `report:${report._id}:stage`);
  for (const a of approvals) await deps.repos.approvals.setApproval(project.name, a.item, a.status, actor, now, `report:${report._id}:approval:${a.item}`);
  // The card is judged on the project as this report left it: a 开工 report is no longer 未开工.
  return deps.standing.evaluate(moved ? { ...project, stage: moved } : project, now, actor);
}
