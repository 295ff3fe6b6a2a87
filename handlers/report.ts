import { CONFIRM_BELOW, parseReport, type ParsedReport } from '../src/parser/index.js';
import type { BotContext, TextHandler } from '../src/bot/context.js';
import { applyReport } from '../src/services/apply-report.js';
import type { ProjectDoc, ReportDoc } from '../src/domain/records.js';
import { registerReportProblems } from '../src/services/problems.js';
import { outsiderReportNotice } from '../cards/access.js';
import { reportFields } from '../src/domain/standing.js';
import { coveredPeriods, figureDoubts } from '../src/domain/figures.js';
import { alreadyRecorded, askProject, flagText, reportReceipt } from '../cards/receipt.js';
import { notAReport } from '../cards/help.js';
import { recordLeaveFrom, saysLeave } from '../src/services/leave.js';
import dayjs from '../src/time.js';

/** Free text: a progress report if the parser reads one; otherwise what the bot understood and what to send. */
export const handler: TextHandler = {
  summary: '直接发送进度，机器人识别后回执',
  example: '本月完成投资1250万元，年度累计8600万元，形象进度65%，问题：…',
  handle: handleReport,
};

async function handleReport(ctx: BotContext, text: string): Promise<void> {
  const matcher = await ctx.deps.matchers.get();
  const parsed = parseReport({ text, boundProject: ctx.bound?.name ?? null, date: dayjs(ctx.now).tz().format('YYYY-MM-DD') }, matcher);
  if (!parsed.isReport) {
    if (saysLeave(text, ctx.now)) return ctx.reply(await recordLeaveFrom(ctx, text));
    ctx.deps.metrics.parsed('not-report');
    // Group messages reach the bot only when they @-mention it, so every one gets an answer.
    await ctx.reply(notAReport());
    return;
  }
  const project = parsed.project === null ? null : await ctx.deps.repos.projects.projectByName(parsed.project);
  if (!project) {
    await ctx.reply(askProject(parsed.candidates.map((c) => c.name)));
    return;
  }
  const repeated = await repeatOf(ctx, project, text);
  if (repeated) return ctx.reply(alreadyRecorded(repeated.reportedAt));
  const outsider = !ctx.access.reports(project);
  const fields = { ...reportFields(parsed), periods: coveredPeriods(parsed.periods, parsed, ctx.event.receivedAt, ctx.deps.rules.reporting) };
  const latest = await ctx.deps.repos.reports.latestFigures(project.name, dayjs(ctx.now).tz().startOf('year').toDate());
  const checks = figureDoubts(fields, project, latest, ctx.deps.rules.figures);
  const absurd = checks.filter((c) => c.absurd).map((c) => c.reason);
  const doubts = [...(outsider ? [OUTSIDER_DOUBT] : []), ...doubtsAbout(parsed, project, ctx, checks.map((c) => c.reason))];
  const { report, created } = await ctx.deps.repos.reports.storeReport({
    msgId: ctx.event.msgId,
    project: project.name,
    userId: ctx.event.userId,
    chatId: ctx.event.chatId,
    text,
    fields,
    confidence: parsed.confidence.overall,
    flags: parsed.flags,
    status: doubts.length > 0 ? 'pending' : 'confirmed',
    reportedAt: ctx.event.receivedAt,
    unregistered: outsider,
    ...(absurd.length > 0 ? { absurd } : {}),
  });
  if (created) ctx.deps.metrics.parsed(report.status === 'pending' ? 'pending' : 'confirmed');
  // An outsider's report counts for nothing until confirmed: its problems wait too (confirm registers them).
  const problems = outsider ? [] : await registerReportProblems(ctx.deps, project, parsed.problems, { msgId: ctx.event.msgId, userId: ctx.event.userId, chatId: ctx.event.chatId, at: ctx.now });
  if (outsider) await noticeLiaisons(ctx, project, report);
  // Not only when created: an event handled again after a crash completes the stage, approvals and warning (each idempotent).
  const standing = report.status === 'confirmed' ? await applyReport(ctx.deps, project, report, ctx.event.userId, ctx.now) : await ctx.deps.standing.evaluate(project, ctx.now, ctx.event.userId);
  await ctx.reply(reportReceipt(report, problems, standing, doubts, ctx.interactive, ctx.deps.links?.project(project.name)));
}

/** The parser's size checks, judged instead against the rules' bounds (figureDoubts). */
const BOUNDED: ReadonlySet<string> = new Set(['completedExceedsInvestment', 'implausibleAmount', 'percentOver100']);

/** Why a person should look again before the report counts; `figures`: what the county would question in the figures. */
function doubtsAbout(parsed: ParsedReport, project: ProjectDoc, ctx: BotContext, figures: string[]): string[] {
  const doubts = [...parsed.flags.filter((f) => !BOUNDED.has(f)), ...parsed.readingFlags].map(flagText);
  doubts.push(...figures);
  const named = parsed.confidence.project ?? 1;
  if (ctx.bound?.name !== project.name && named < 1) doubts.push(`项目名称按“${project.name}”理解`);
  if (ctx.bound && ctx.bound.name !== project.name) doubts.push(`本群绑定的是“${ctx.bound.name}”，这条记到“${project.name}”`);
  if (doubts.length === 0 && parsed.confidence.overall < CONFIRM_BELOW) doubts.push('识别把握不大');
  return doubts;
}

const DAY_MS = 86_400_000;
const same = (a: string, b: string) => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/** The sender's last report for the project, when this message repeats it within a day (a resend, not a retry). */
async function repeatOf(ctx: BotContext, project: ProjectDoc, text: string): Promise<ReportDoc | null> {
  const last = await ctx.deps.repos.reports.lastReportBy(project.name, ctx.event.userId);
  if (!last || last.msgId === ctx.event.msgId || !same(last.text, text)) return null;
  return ctx.now.getTime() - last.reportedAt.getTime() < DAY_MS ? last : null;
}

const OUTSIDER_DOUBT = '您不是本项目登记的联络员或服务专员，须本项目联络员或县发改委确认后才计入';

/** The project's liaisons and 服务专员 hear of a report that waits for them, once. */
async function noticeLiaisons(ctx: BotContext, project: ProjectDoc, report: ReportDoc): Promise<void> {
  const to = [...new Set([...project.liaisons, ...(project.specialist ? [project.specialist] : [])])];
  if (to.length === 0) return;
  const sender = ctx.person ? `${ctx.person.name}（${ctx.person.userid}）` : ctx.event.userId;
  await ctx.deps.outbox.enqueue({ key: `outsider:${report._id}`, target: { kind: 'app', userIds: to }, body: outsiderReportNotice(report, project, sender), origin: { msgId: ctx.event.msgId } });
}
