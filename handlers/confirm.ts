import type { BotContext, ConfirmHandler } from '../src/bot/context.js';
import { applyReport } from '../src/services/apply-report.js';
import { mayReport } from '../src/domain/access.js';
import { text } from '../cards/common.js';
import { reportReceipt } from '../cards/receipt.js';

/** "确认" or the card's 确认 button: the pending report counts from now on. */
export const handler: ConfirmHandler = { handle: handleConfirm };

async function handleConfirm(ctx: BotContext, reportId: string | null): Promise<void> {
  const { repos } = ctx.deps;
  const report = reportId ? await repos.reports.findReport(reportId) : await repos.reports.lastPendingIn(ctx.event.chatId, ctx.event.userId);
  if (!report) {
    await ctx.reply(text('没有待确认的进度。'));
    return;
  }
  const project = await repos.projects.projectByName(report.project);
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
  const confirmed = await repos.reports.confirmReport(report, ctx.event.userId, ctx.now);
  const standing = await applyReport(ctx.deps, project, confirmed, ctx.event.userId, ctx.now);
  const problems = (await repos.problems.openProblems([project.name])).filter((p) => p.sourceKey.startsWith(`${report.msgId}#`));
  await ctx.reply(reportReceipt(confirmed, problems, standing, [], ctx.interactive));
}
