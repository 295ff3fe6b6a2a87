import type { CommandHandler } from '../src/bot/context.js';
import { resolveProject } from '../src/services/resolve-project.js';
import { readText } from '../src/parser/index.js';
import { escapeUserText, lines, markdown, text } from '../cards/common.js';
import dayjs from '../src/time.js';


export const handler: CommandHandler = {
  command: '手续',
  summary: '前期手续清单；群内可直接更新一项',
  example: '/手续 环评 已办结',
  async handle(ctx, args) {
    // "/手续 环评 已办结" (or "/手续 项目名 环评已批复"): the approval reader finds item and status.
    const read = readText(args, dayjs(ctx.now).tz().format('YYYY-MM-DD'));
    const update = read.approvals;
    const name = update.length > 0 ? args.slice(0, read.spans.approvals[0]![0]).trim() : args;
    const resolved = await resolveProject(ctx, name);
    if (resolved && 'answer' in resolved) return ctx.reply(resolved.answer);
    if (!resolved) return ctx.reply(text('请写项目名，例如：/手续 冷链项目'));
    const { project } = resolved;
    if (update.length > 0) {
      if (!ctx.access.reports(project) && !ctx.access.reads(project)) {
        return ctx.reply(text(`只有“${project.name}”的联络员、服务专员、牵头部门或管理员可以更新手续。`));
      }
      for (const a of update) await ctx.deps.repos.approvals.setApproval(project.name, a.item, a.status, ctx.event.userId, ctx.now, `${ctx.event.msgId}:approval:${a.item}`);
      return ctx.reply(text(`已更新“${project.name}”手续：${update.map((a) => `${a.item} ${a.status}`).join('；')}`));
    }
    const list = await ctx.deps.repos.approvals.checklist(project.name);
    const now = dayjs(ctx.now);
    return ctx.reply(
      markdown(
        lines(
          `**${escapeUserText(project.name, 40)} · 前期手续**`,
          ...list.map((a) => `${a.item}：${a.status}${a.status === '办理中' && a.since ? `（${now.diff(dayjs(a.since), 'day')} 天）` : ''}`),
          '更新：/手续 环评 已办结',
        ),
      ),
    );
  },
};

