import type { CommandHandler } from '../src/bot/context.js';
import { commandProject } from '../src/services/resolve-project.js';
import { text } from '../cards/common.js';

export const handler: CommandHandler = {
  command: '复工',
  summary: '提前结束停工',
  example: '/复工',
  async handle(ctx, args) {
    const found = await commandProject(ctx, args);
    if (!found) return ctx.reply(text('请在项目群里发送，或写项目名，例如：/复工 冷链项目'));
    if ('answer' in found) return ctx.reply(found.answer);
    const { project } = found;
    if (!ctx.access.reports(project)) return ctx.reply(text(`只有管理员或“${project.name}”的联络员、服务专员可以登记复工。`));
    const ended = await ctx.deps.repos.pauses.endPause(project.name, ctx.event.userId, ctx.now);
    if (!ended) return ctx.reply(text(`“${project.name}”没有在停工。`));
    return ctx.reply(text(`“${project.name}”已复工，从下一个报送周期起恢复提醒和漏报统计。`));
  },
};
