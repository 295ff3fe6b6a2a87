import type { CommandHandler } from '../src/bot/context.js';
import { resolveProject } from '../src/services/resolve-project.js';
import { text } from '../cards/common.js';

export const handler: CommandHandler = {
  command: '绑定',
  summary: '把本群绑定到一个项目（管理员或该项目的联络员、服务专员）',
  example: '/绑定 第二实验小学新建工程',
  async handle(ctx, args) {
    const chatId = ctx.event.chatId;
    if (!chatId) return ctx.reply(text('请在项目工作群里 @我 发送 /绑定 项目名。'));
    if (!ctx.person) return ctx.reply(text('您还没有登记为项目人员，不能绑定群。请联系县发改委管理员登记。'));
    if (args.trim() === '') return ctx.reply(text(`请写项目名，例如：${this.example}`));
    const resolved = await resolveProject(ctx, args);
    if (!resolved) return;
    if ('answer' in resolved) return ctx.reply(resolved.answer);
    const { project } = resolved;
    if (!ctx.access.reports(project)) {
      return ctx.reply(text(`只有管理员或“${project.name}”的联络员、服务专员可以绑定。`));
    }
    const result = await ctx.deps.repos.projects.bindChat(project, chatId, ctx.event.userId, ctx.now);
    if (!result.ok) return ctx.reply(text(`本群已绑定“${result.by}”。如需改绑，请先发送 /解绑。`));
    ctx.deps.matchers.invalidate();
    const moved = result.previous && result.previous !== chatId ? '（原绑定的群已解除）' : '';
    return ctx.reply(text(`本群已绑定“${project.name}”${moved}。之后在群里 @我 发进度即可，不必再写项目名。`));
  },
};
