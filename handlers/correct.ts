import type { BotContext, CommandHandler } from '../src/bot/context.js';
import { applyReport } from '../src/services/apply-report.js';
import { readText, PARSED_STAGES, type ParsedStage } from '../src/parser/index.js';
import { findMoney, findPercents } from '../src/parser/money.js';
import { normaliseWidth } from '../src/parser/normalise.js';
import type { ReportDoc } from '../src/domain/records.js';
import type { ReportFields } from '../src/domain/standing.js';
import { lines, text } from '../cards/common.js';
import { reportReceipt } from '../cards/receipt.js';
import dayjs from '../src/time.js';

type Field = 'completedThisPeriod' | 'completedThisYear' | 'completedTotal' | 'totalInvestment' | 'progressPercent' | 'stage';

/** Field names people type after /更正. */
const FIELD_NAMES: Array<[RegExp, Field]> = [
  [/^(?:本期|本月|本周|当月)(?:完成)?(?:投资)?$/, 'completedThisPeriod'],
  [/^(?:年度|今年|本年|年度累计)(?:完成)?(?:投资)?$/, 'completedThisYear'],
  [/^(?:累计|开工以来|开工以来累计)(?:完成)?(?:投资)?$/, 'completedTotal'],
  [/^(?:总投资|计划总投资)$/, 'totalInvestment'],
  [/^(?:形象进度|进度|百分比)$/, 'progressPercent'],
  [/^阶段$/, 'stage'],
];

const USAGE = '用法：/更正 字段 值，字段可为 本期、年度、累计、总投资、进度、阶段；例：/更正 本期 1300 或 /更正 进度 70%。也可整句重写：/更正 本月完成投资1300万元';

export const handler: CommandHandler = {
  command: '更正',
  summary: '更正您最近一条进度（保留原记录，以更正后的为准）',
  example: '/更正 本期 1300',
  async handle(ctx, args) {
    const project = ctx.bound;
    if (!project) return ctx.reply(text('请在项目工作群里更正本群项目的进度。'));
    const last = await ctx.deps.repos.reports.lastReportBy(project.name, ctx.event.userId);
    if (!last) return ctx.reply(text(`您在“${project.name}”还没有可更正的进度。`));
    if (args.trim() === '') return ctx.reply(text(USAGE));
    const change = readChange(ctx, args);
    if ('error' in change) return ctx.reply(text(lines(change.error, USAGE)));
    return applyCorrection(ctx, last, change.fields, `/更正 ${args}`);
  },
};

function readChange(ctx: BotContext, args: string): { fields: Partial<ReportFields> } | { error: string } {
  const [name = '', ...rest] = args.trim().split(' ');
  const field = FIELD_NAMES.find(([re]) => re.test(name))?.[1];
  if (!field) {
    const parsed = readText(args, dayjs(ctx.now).tz().format('YYYY-MM-DD'));
    const fields = Object.fromEntries(
      (['completedThisPeriod', 'completedThisYear', 'completedTotal', 'totalInvestment', 'progressPercent', 'stage'] as const)
        .filter((k) => parsed[k] !== null)
        .map((k) => [k, parsed[k]]),
    ) as Partial<ReportFields>;
    if (parsed.approvals.length > 0) fields.approvals = parsed.approvals;
    return Object.keys(fields).length > 0 ? { fields } : { error: `没有看懂“${args.slice(0, 30)}”。` };
  }
  const value = normaliseWidth(rest.join(''));
  if (field === 'stage') {
    return (PARSED_STAGES as readonly string[]).includes(value) ? { fields: { stage: value as ParsedStage } } : { error: `阶段应为 ${PARSED_STAGES.join('、')} 之一。` };
  }
  if (field === 'progressPercent') {
    // "-5%": the sign is the person's, never dropped; a negative progress is refused.
    const n = findPercents(value.endsWith('%') ? value : `${value}%`)[0]?.value;
    return n !== undefined && !value.startsWith('-') && n <= 100 ? { fields: { progressPercent: n } } : { error: '形象进度应为 0 到 100 之间的数。' };
  }
  const money = findMoney(/[元万亿]$/.test(value) ? value : `${value}万元`)[0];
  return money !== undefined ? { fields: { [field]: money.negative ? -money.value : money.value } } : { error: `“${value}”不是金额，例：1300 或 1300万元 或 1.3亿元。` };
}

async function applyCorrection(ctx: BotContext, last: ReportDoc, change: Partial<ReportFields>, note: string) {
  const project = await ctx.deps.repos.projects.projectByName(last.project);
  if (!project) return ctx.reply(text(`项目“${last.project}”已不在台账中。`));
  if (last.userId !== ctx.event.userId && !ctx.access.reports(project)) return ctx.reply(text('只能更正自己填报的进度。'));
  const fields: ReportFields = { ...last.fields, ...change };
  const next = await ctx.deps.repos.reports.supersede(last, { fields, msgId: ctx.event.msgId, by: ctx.event.userId, at: ctx.now, note });
  const standing = await applyReport(ctx.deps, project, next, ctx.event.userId, ctx.now);
  return ctx.reply(reportReceipt(next, [], standing, [], ctx.interactive, ctx.deps.links?.project(next.project)));
}
