import type { CommandHandler } from '../src/bot/context.js';
import type { Period } from '../src/domain/period.js';
import { breakdownMessage, rankingMessage } from '../cards/assessment.js';
import { text } from '../cards/common.js';

const KINDS: Record<string, Period['kind']> = { 月: 'month', 季: 'quarter', 年: 'year' };

/** /考核 [月|季|年] [单位]: the ranking, or one unit's breakdown; outside the leaders, only one's own unit. */
export const handler: CommandHandler = {
  command: '考核',
  summary: '考核评比得分与依据（月、季、年）',
  example: '/考核 季 城关镇',
  async handle(ctx, args) {
    const words = args.split(/\s+/).filter(Boolean);
    const kind = KINDS[words.find((w) => w in KINDS) ?? '月']!;
    const named = words.filter((w) => !(w in KINDS)).join('');
    const own = ctx.person?.department;
    const unit = named || (ctx.access.county ? '' : (own ?? ''));
    if (!ctx.access.county && (!unit || !ctx.access.readsUnit(unit))) return ctx.reply(text(own ? `您只能查看本单位（${own}）的考核得分。` : '您还没有登记所属单位，无法查看考核得分。'));
    const a = await ctx.deps.repos.assessments.currentAssessment(kind, ctx.now, ctx.deps.rules);
    if (!unit) return ctx.reply(rankingMessage(a));
    const score = a.card.units.find((u) => u.unit === unit);
    if (!score) return ctx.reply(text(`没有找到考核单位“${unit}”。可查看的单位：${a.card.units.map((u) => u.unit).join('、') || '无'}`));
    return ctx.reply(breakdownMessage(a, score));
  },
};
