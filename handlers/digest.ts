import type { CommandHandler } from '../src/bot/context.js';
import { digestFacts } from '../src/domain/digest.js';
import { previousDigestAt } from '../src/domain/digest-window.js';
import { digestMessage } from '../cards/digest.js';
import { text } from '../cards/common.js';

export const handler: CommandHandler = {
  command: '日报',
  summary: '立即查看您的项目日报（自上次日报以来）',
  example: '/日报',
  async handle(ctx) {
    if (!ctx.person) return ctx.reply(text('您还没有登记为项目相关人员，没有日报。'));
    const { rules } = ctx.deps;
    const facts = digestFacts(await ctx.deps.digestSource(previousDigestAt(ctx.now, rules.digest.time), ctx.now), ctx.person, rules);
    return ctx.reply(digestMessage(facts, undefined, undefined, ctx.deps.links?.overview()));
  },
};
