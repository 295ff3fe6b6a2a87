import type { CommandHandler } from '../src/bot/context.js';
import { escapeUserText, text } from '../cards/common.js';
import { notInThisGroup } from '../cards/problems.js';

export const handler: CommandHandler = {
  command: '解决',
  summary: '问题销号（编号见 /问题列表）',
  example: '/解决 12 已完成征迁协议签订',
  async handle(ctx, args) {
    const m = /^#?(\d+)\s*(.*)$/.exec(args.trim());
    if (!m) return ctx.reply(text(`请写上问题编号，例如：${this.example}`));
    const problem = await ctx.deps.repos.problems.findProblem(Number(m[1]));
    if (ctx.bound && problem?.project !== ctx.bound.name) {
      // Numbers are county-wide: in a project's group, only that project's problems can be closed.
      const own = await ctx.deps.repos.problems.openProblems([ctx.bound.name]);
      return ctx.reply(notInThisGroup(Number(m[1]), ctx.bound.name, own));
    }
    if (!problem) return ctx.reply(text(`没有编号为 #${m[1]} 的问题。`));
    const project = await ctx.deps.repos.projects.projectByName(problem.project);
    if (!project || !ctx.access.handles(problem, project)) {
      return ctx.reply(text(`问题 #${problem.no} 属于“${problem.project}”，只有该项目的联络员、服务专员、牵头部门、责任单位、分管领导或县级领导、管理员可以销号。`));
    }
    if (problem.status === '已解决') return ctx.reply(text(`问题 #${problem.no} 已于之前销号。`));
    const note = m[2]!.trim();
    await ctx.deps.repos.problems.resolveProblem(problem, ctx.event.userId, note, ctx.now);
    return ctx.reply(text(`问题 #${problem.no} 已销号（${problem.project}）：${escapeUserText(problem.text, 60)}${note ? `\n说明：${escapeUserText(note, 100)}` : ''}`));
  },
};
