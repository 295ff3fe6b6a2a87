import type { BotContext, ConfirmHandler } from '../src/bot/context.js';
import { applyReport } from '../src/services/apply-report.js';
import { registerReportProblems } from '../src/services/problems.js';
import { readText } from '../src/parser/index.js';
import dayjs from '../src/time.js';
import { text } from '../cards/common.js';
import { reportReceipt } from '../cards/receipt.js';

/** "确认" or the card's 确认 button: the pending report counts from now on. */
export const handler: ConfirmHandler = { handle: handleConfirm };

async function handleConfirm(ctx: BotContext, reportId: string | null): Promise<void> {
  const { repos } = ctx.deps;
  const report = reportId ? await repos.reports.findReport(reportId) : ((await repos.reports.confirmedByMessage(ctx.event.msgId)) ?? (await pendingFor(ctx)));
  if (!report) {
    await ctx.reply(text('没有待确认的进度。'));
    return;
  }
  const project = await repos.projects.projectByName(report.project);
  if (!project) {
    await ctx.reply(text(`项目“${report.project}”已不在台账中，无法确认。`));
    return;
  }
  // An outsider's report needs someone who reports for the project; one's own doubtful report, oneself.
  if (!ctx.access.reports(project) && (report.unregistered || report.userId !== ctx.event.userId)) {
    await ctx.reply(text(report.unregistered ? '这条进度须本项目的联络员、服务专员或县发改委确认。' : '只有填报人或本项目的联络员、服务专员可以确认这条进度。'));
    return;
  }
  // This very 确认, handled again after a crash: finish what it started (stage, approvals, receipt).
  const again = report.status === 'confirmed' && report.confirmedByMsg === ctx.event.msgId;
  if (report.status !== 'pending' && !again) {
    await ctx.reply(text(report.status === 'confirmed' ? '这条进度已经确认过了。' : '这条进度已被更正，以更正后的为准。'));
    return;
  }
  if (!again && report.absurd && report.absurd.length > 0 && ctx.person?.role !== 'admin') {
    await ctx.reply(text(`这条进度的数字明显不合理（${report.absurd.join('；')}），不能直接确认：请用 /更正 改正，或请县发改委管理员确认。`));
    return;
  }
  const confirmed = await repos.reports.confirmReport(report, ctx.event.userId, ctx.now, ctx.event.msgId);
  const standing = await applyReport(ctx.deps, project, confirmed, ctx.event.userId, ctx.now);
  // An outsider's problems were held back with the report; they are registered now.
  const problems = report.unregistered
    ? await registerReportProblems(ctx.deps, project, readText(report.text, dayjs(report.reportedAt).tz().format('YYYY-MM-DD')).problems, { msgId: report.msgId, userId: report.userId, chatId: report.chatId, at: ctx.now })
    : (await repos.problems.openProblems([project.name])).filter((p) => p.sourceKey.startsWith(`${report.msgId}#`));
  await ctx.reply(reportReceipt(confirmed, problems, standing, [], ctx.interactive, ctx.deps.links?.project(confirmed.project)));
}

/**
 * "确认" typed: one's own pending report in this chat; for who reports for the group's project, else
 * the newest outsider's; for the admin, else the newest one waiting on an absurd figure (only the admin may confirm those).
 */
async function pendingFor(ctx: BotContext) {
  const { reports } = ctx.deps.repos;
  const own = await reports.lastPendingIn(ctx.event.chatId, ctx.event.userId);
  if (own || !ctx.bound || !ctx.access.reports(ctx.bound)) return own;
  return (await reports.lastOutsiderPending(ctx.bound.name)) ?? (ctx.person?.role === 'admin' ? await reports.lastAbsurdPending(ctx.bound.name) : null);
}
