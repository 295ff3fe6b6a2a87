import type { CommandHandler } from '../src/bot/context.js';
import { resolveProject } from '../src/services/resolve-project.js';
import { detailLink, escapeUserText, lines, markdown, text } from '../cards/common.js';
import { LADDER } from '../src/domain/escalation.js';
import dayjs from '../src/time.js';


export const handler: CommandHandler = {
  command: '问题列表',
  summary: '未解决的问题（本群项目、指定项目，或“全部”=您负责的全部项目）',
  example: '/问题列表 全部',
  async handle(ctx, args) {
    let names: string[];
    let title: string;
    if (args.trim() === '全部' || (!ctx.bound && args.trim() === '')) {
      names = (await ctx.deps.repos.projects.allProjects()).filter((p) => ctx.access.reads(p)).map((p) => p.name);
      title = '您负责项目的未解决问题';
      if (names.length === 0) return ctx.reply(text('您名下没有项目。查看某个项目：/问题列表 项目名'));
    } else {
      const resolved = await resolveProject(ctx, args);
      if (resolved && 'answer' in resolved) return ctx.reply(resolved.answer);
      if (!resolved) return ctx.reply(text(`请写项目名，例如：${this.example}`));
      names = [resolved.project.name];
      title = `${resolved.project.name} · 未解决问题`;
    }
    const open = await ctx.deps.repos.problems.openProblems(names);
    if (open.length === 0) return ctx.reply(text(`${title}：无。`));
    const now = dayjs(ctx.now);
    return ctx.reply(
      markdown(
        lines(
          `**${escapeUserText(title, 40)}**（${open.length} 个）`,
          ...open.map((p) => `#${p.no} ${names.length > 1 ? `【${escapeUserText(p.project, 16)}】` : ''}${escapeUserText(p.text, 60)} · ${now.diff(dayjs(p.openedAt), 'day')} 天 · ${LADDER[p.level] ?? LADDER.at(-1)}`),
          '销号：/解决 编号 说明',
          detailLink(ctx.deps.links?.problems()),
        ),
      ),
    );
  },
};
