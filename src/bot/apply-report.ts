import type { ReportDoc } from '../repo/reports.js';
import type { ProjectDoc } from '../repo/projects.js';
import { setStage } from '../repo/projects.js';
import { setApproval } from '../repo/approvals.js';
import type { Standing } from '../../cards/receipt.js';
import type { BotDeps } from './context.js';

/** Lifecycle order (domain.md); a report only moves a project forward. */
export const LIFECYCLE = ['谋划', '储备', '签约', '落地', '开工', '在建', '竣工', '投产', '达产'] as const;

export function isLaterStage(next: string, current: string | undefined): boolean {
  const a = LIFECYCLE.indexOf(next as (typeof LIFECYCLE)[number]);
  const b = current === undefined ? -1 : LIFECYCLE.indexOf(current as (typeof LIFECYCLE)[number]);
  return a > b;
}

/** What a confirmed report changes besides itself: stage, approvals, and the card (re-evaluated). */
export async function applyReport(deps: BotDeps, project: ProjectDoc, report: ReportDoc, actor: string, now: Date): Promise<Standing> {
  const { stage, approvals } = report.fields;
  if (stage && isLaterStage(stage, project.stage)) await setStage(deps.db, project, stage, actor, now);
  for (const a of approvals) await setApproval(deps.db, project.name, a.item, a.status, actor, now);
  return deps.standing(project, now, actor);
}
