import type { CommandHandler } from '../src/bot/context.js';
import { escapeUserText, lines, markdown, pct, text } from '../cards/common.js';
import { rankingMessage } from '../cards/assessment.js';
import { NO_PLAN, planAt, yearPlanOf } from '../src/domain/schedule.js';

/** /排名: 完成率 ranking of projects, or of townships / industries by their projects' combined figures. */
export const handler: CommandHandler = {
  command: '排名',
  summary: '年度投资完成率排名（可按 镇 或 行业 汇总）；/排名 考核 看本月考核评比',
  example: '/排名 镇',
  async handle(ctx, args) {
    if (args.trim() === '考核') {
      if (!ctx.access.county) return ctx.reply(text('考核排名只对县级领导和县发改委开放；查看本单位得分请发送 /考核。'));
      return ctx.reply(rankingMessage(await ctx.deps.repos.assessments.currentAssessment('month', ctx.now, ctx.deps.rules)));
    }
    const scope = (await ctx.deps.repos.projects.allProjects()).filter((p) => ctx.access.reads(p));
    const by = /镇|乡|属地/.test(args) ? 'township' : /行业/.test(args) ? 'industry' : null;
    const rows: Array<{ name: string; rate: number }> = [];
    const groups = new Map<string, { plan: number; done: number }>();
    const standings = await ctx.deps.standing.view(scope, ctx.now);
    // A project with a plan and no figure this year is named, and counts 0 in its township's or industry's total.
    const silent: string[] = [];
    // One without a plan for the year is named apart, in no rate and no total.
    const unplanned: string[] = [];
    for (const p of scope) {
      const s = standings.get(p.name)!;
      if (s.unplanned) unplanned.push(p.name);
      if (s.completionRate === null && s.scheduleRate === null) continue;
      if (s.completionRate === null) silent.push(p.name);
      const rate = s.completionRate ?? 0;
      if (!by) {
        if (s.completionRate !== null) rows.push({ name: p.name, rate });
        continue;
      }
      const key = p[by] ?? '未填';
      const g = groups.get(key) ?? { plan: 0, done: 0 };
      const plan = yearPlanOf(planAt(p, ctx.now)) ?? 0;
      g.plan += plan;
      g.done += (rate * plan) / 100;
      groups.set(key, g);
    }
    for (const [name, g] of groups) if (g.plan > 0) rows.push({ name, rate: (g.done / g.plan) * 100 });
    const unplannedLine = unplanned.length > 0 && `${NO_PLAN}（${unplanned.length} 个，不参与排名）：${unplanned.slice(0, 20).map((n) => escapeUserText(n, 30)).join('、')}${unplanned.length > 20 ? ' 等' : ''}`;
    if (rows.length === 0 && silent.length === 0) return ctx.reply(text(lines('还没有可排名的项目（需要年度计划和本年完成投资）。', unplannedLine)));
    rows.sort((a, b) => b.rate - a.rate);
    const title = by === 'township' ? '各镇（属地）' : by === 'industry' ? '各行业' : '项目';
    return ctx.reply(
      markdown(
        lines(
          `**${title}年度投资完成率排名**`,
          ...rows.slice(0, 30).map((r, i) => `${i + 1}. ${escapeUserText(r.name, 30)} ${pct(r.rate)}`),
          silent.length > 0 && `未报送（${silent.length} 个）：${silent.slice(0, 20).map((n) => escapeUserText(n, 30)).join('、')}${silent.length > 20 ? ' 等' : ''}${by ? '，按完成 0 计入汇总' : ''}`,
          unplannedLine,
        ),
      ),
    );
  },
};
