import type { BotContext } from '../src/bot/context.js';
import { applyReport } from '../src/services/apply-report.js';
import { confirmReport, findReport, lastPendingIn } from '../src/repo/reports.js';
import { projectByName } from '../src/repo/projects.js';
import { mayReport } from '../src/domain/access.js';
import { openProblems } from '../src/repo/problems.js';
import { text } from '../cards/common.js';
import { receiptFor } from './report.js';

/** "确认" or the card's 确认 button: the pending report counts from now on. */
export async function handleConfirm(ctx: BotContext, reportId: string | null): Promise<void> {
  const { db } = ctx.deps;
  const report = reportId ? await findReport(db, reportId) : await lastPendingIn(db, ctx.event.chatId, ctx.event.userId);
  if (!report) {
    await ctx.reply(text('没有待确认的进度。'));
    return;
  }
  const project = await projectByName(db, report.project);
  if (!project) {
    await ctx.reply(text(`项目“${report.project}”已不在台账中，无法确认。`));
    return;
  }
  if (report.userId !== ctx.event.userId && !mayReport(ctx.person, project)) {
    await ctx.reply(text('只有填报人或本项目的联络员、服务专员可以确认这条进度。'));
    return;
  }
  if (report.status !== 'pending') {
    await ctx.reply(text(report.status === 'confirmed' ? '这条进度已经确认过了。' : '这条进度已被更正，以更正后的为准。'));
    return;
  }
  const confirmed = await confirmReport(db, report, ctx.event.userId, ctx.now);
  const standing = await applyReport(ctx.deps, project, confirmed, ctx.event.userId, ctx.now);
  const problems = (await openProblems(db, [project.name])).filter((p) => p.sourceKey.startsWith(`${report.msgId}#`));
  await ctx.reply(receiptFor(ctx, confirmed, project, problems, standing, []));
}
