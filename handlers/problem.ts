import type { CommandHandler } from '../src/bot/context.js';
import { resolveProject } from '../src/services/resolve-project.js';
import { registerProblem } from '../src/services/problems.js';
import { escapeUserText, text } from '../cards/common.js';

export const handler: CommandHandler = {
  command: '问题',
  summary: '登记一个需要协调的问题（群内记到本群项目；私聊时先写项目名）',
  example: '/问题 校门口道路征迁未完成，需城关镇协调',
  async handle(ctx, args) {
    let content = args.trim();
    let project = ctx.bound;
    if (!project) {
      const [name = '', ...rest] = content.split(' ');
      const resolved = await resolveProject(ctx, name);
      if (resolved && 'answer' in resolved) return ctx.reply(resolved.answer);
      project = resolved?.project ?? null;
      content = rest.join(' ').trim();
    }
    if (!project) return ctx.reply(text('请写明项目，例如：/问题 冷链项目 冷库设备未到货'));
    if (content === '') return ctx.reply(text(`请写上问题内容，例如：${this.example}`));
    const p = await registerProblem(ctx.deps, project, { sourceKey: `${ctx.event.msgId}#0`, text: content, reportedBy: ctx.event.userId, chatId: ctx.event.chatId, openedAt: ctx.now });
    const owner = `责任单位：${p.unit ?? '未登记'}${project.department && project.department !== p.unit ? `；牵头部门：${project.department}` : ''}`;
    return ctx.reply(text(`已登记问题 #${p.no}（${project.name}）：${escapeUserText(p.text, 120)}\n${owner}。解决后发送 /解决 ${p.no} 说明`));
  },
};
