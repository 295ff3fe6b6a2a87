import type { CommandHandler } from '../src/bot/context.js';
import { text } from '../cards/common.js';

export const handler: CommandHandler = {
  command: '解绑',
  summary: '解除本群与项目的绑定',
  example: '/解绑',
  async handle(ctx) {
    const chatId = ctx.event.chatId;
    if (!chatId) return ctx.reply(text('请在项目工作群里使用 /解绑。'));
    if (!ctx.bound) return ctx.reply(text('本群没有绑定项目。'));
    if (!ctx.access.reports(ctx.bound)) return ctx.reply(text(`只有管理员或“${ctx.bound.name}”的联络员、服务专员可以解绑。`));
    await ctx.deps.repos.projects.unbindChat(chatId, ctx.event.userId, ctx.now);
    ctx.deps.matchers.invalidate();
    return ctx.reply(text(`本群已解除与“${ctx.bound.name}”的绑定。`));
  },
};
