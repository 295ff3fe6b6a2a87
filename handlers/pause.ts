import type { CommandHandler } from '../src/bot/context.js';
import { commandProject } from '../src/services/resolve-project.js';
import { readDaySpan } from '../src/parser/days.js';
import { lastDay } from '../src/domain/pause.js';
import { escapeUserText, text } from '../cards/common.js';

export const handler: CommandHandler = {
  command: '停工',
  summary: '项目停工：期间不提醒、不计漏报',
  example: '/停工 至12月15日 原因 重污染天气管控',
  async handle(ctx, args) {
    const found = await commandProject(ctx, args);
    if (!found) return ctx.reply(text(`请在项目群里发送，或先写项目名，例如：/停工 冷链项目 至12月15日 原因 重污染天气管控`));
    if ('answer' in found) return ctx.reply(found.answer);
    const { project, rest } = found;
    if (!ctx.access.reports(project)) return ctx.reply(text(`只有管理员或“${project.name}”的联络员、服务专员可以登记停工。`));
    const span = readDaySpan(rest, ctx.now);
    if (!span) return ctx.reply(text(`请写明停工到哪天，例如：${this.example}`));
    const reason = span.rest.replace(/^(?:原因|因|由于)\s*[:：]?\s*/, '').trim();
    if (reason === '') return ctx.reply(text(`请写明停工原因，例如：${this.example}`));
    const from = span.from < ctx.now ? ctx.now : span.from;
    const pause = await ctx.deps.repos.pauses.startPause(`pause:${ctx.event.msgId}`, project.name, { from, until: span.until }, reason, ctx.event.userId, ctx.now);
    return ctx.reply(text(`已登记“${project.name}”停工至${lastDay(pause)}，原因：${escapeUserText(pause.reason, 60)}。停工期间不提醒报送、不计漏报，到期自动恢复；提前复工请发送 /复工。`));
  },
};
