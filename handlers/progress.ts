import type { BotContext, CommandHandler } from '../src/bot/context.js';
import { resolveProject } from '../src/services/resolve-project.js';
import type { ProjectDoc } from '../src/domain/records.js';
import { scopeList, statusCard } from '../cards/status.js';
import { text } from '../cards/common.js';
import dayjs from '../src/time.js';
import { approvalTier } from '../src/domain/approval-tier.js';
import { pauseAt, pauseMark } from '../src/domain/pause.js';
import { planAt, yearPlanOf } from '../src/domain/schedule.js';

export const handler: CommandHandler = {
  command: '进度',
  summary: '查看项目进度（群内默认本群项目；私聊不写项目名则列出您负责的项目）',
  example: '/进度 冷链项目',
  async handle(ctx, args) {
    const resolved = await resolveProject(ctx, args);
    if (resolved && 'answer' in resolved) return ctx.reply(resolved.answer);
    if (resolved) return ctx.reply(await projectStatus(ctx, resolved.project));
    const mine = (await ctx.deps.repos.projects.allProjects()).filter((p) => ctx.access.reads(p));
    if (!ctx.person) return ctx.reply(text('您还没有登记为项目相关人员。请写项目名查询，例如：/进度 冷链项目'));
    const standings = await ctx.deps.standing.view(mine, ctx.now);
    const pauses = await ctx.deps.repos.pauses.pausesBetween(ctx.now, new Date(ctx.now.getTime() + 1), mine.map((p) => p.name));
    const rows = mine.map((p) => ({ name: p.name, completionRate: standings.get(p.name)!.completionRate, warning: standings.get(p.name)!.warning, unplanned: standings.get(p.name)!.unplanned, paused: pauseAt(pauses, p.name, ctx.now) !== null }));
    return ctx.reply(scopeList(`${ctx.person.name}负责的项目`, rows, ctx.deps.links?.overview()));
  },
};

export async function projectStatus(ctx: BotContext, project: ProjectDoc) {
  const { repos } = ctx.deps;
  const now = dayjs(ctx.now).tz();
  const figures = await repos.reports.latestFigures(project.name, now.startOf('year').toDate());
  const problems = await repos.problems.openProblems([project.name]);
  const approvals = await repos.approvals.checklist(project.name);
  const standing = (await ctx.deps.standing.view([project], ctx.now)).get(project.name)!;
  const pause = await repos.pauses.activePause(project.name, ctx.now);
  return statusCard({
    name: project.name,
    stage: project.stage ?? null,
    township: project.township ?? null,
    department: project.department ?? null,
    totalInvestment: project.totalInvestment ?? null,
    yearPlan: yearPlanOf(planAt(project, ctx.now)),
    completedThisYear: figures.completedThisYear,
    completedTotal: figures.completedTotal,
    progressPercent: figures.progressPercent,
    lastReport: figures.lastReportAt ? dayjs(figures.lastReportAt).tz().format('M月D日 HH:mm') : null,
    openProblems: problems.map((p) => ({ no: p.no, text: p.text, days: now.diff(dayjs(p.openedAt), 'day') })),
    approvalsDone: approvals.filter((a) => a.status === '已办结').length,
    approvalsTotal: approvals.length,
    approvalTier: approvalTier(project),
    standing,
    pause: pause ? pauseMark(pause) : null,
    detailUrl: ctx.deps.links?.project(project.name),
  });
}
