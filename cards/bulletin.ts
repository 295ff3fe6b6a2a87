import type { OutboundBody } from '../src/messages/outbound.js';
import type { GroupLine, MonthlyBulletin, ProjectLine } from '../src/domain/bulletin/monthly.js';
import { FIVE_BATCHES } from '../src/domain/lifecycle.js';
import type { Scorecard } from '../src/domain/assessment.js';
import { WARNING_NAMES } from '../src/domain/warnings.js';
import { NO_PLAN } from '../src/domain/schedule.js';
import { escapeUserText, lines, markdown, pct, points, wan } from './common.js';

const rate = (v: number | null) => (v === null ? '—' : pct(v));
const name = (s: string) => escapeUserText(s, 24);

function groupRow(g: GroupLine): string {
  const behind = g.completionRate !== null && g.scheduleRate !== null && g.completionRate < g.scheduleRate;
  return `${name(g.unit)}：完成 ${wan(g.completed)}，完成率 ${rate(g.completionRate)} / 序时 ${rate(g.scheduleRate)}${behind ? ' ⚠' : ''}`;
}

function rankRow(p: ProjectLine, i: number): string {
  return `${i + 1}. ${name(p.name)} ${rate(p.completionRate)}${p.period ? `（${p.period}完成 ${wan(p.completed ?? 0)}，序时 ${wan(Math.round(p.due ?? 0))}）` : ''}${p.lagPoints !== null && p.lagPoints > 0 ? `（落后 ${points(p.lagPoints)} 个百分点）` : ''}`;
}

function scoreLines(scores: Scorecard): string[] {
  const row = (kind: 'township' | 'department', title: string) => {
    const units = scores.units.filter((u) => u.kind === kind);
    return units.length === 0 ? null : `${title}：${units.slice(0, 10).map((u) => `${u.rank}. ${name(u.unit)} ${u.total}`).join('；')}${units.length > 10 ? ' …' : ''}`;
  };
  return ['**考核得分**', row('township', '乡镇'), row('department', '部门'), '发送 /考核 单位名 查看得分依据'].filter((l): l is string => l !== null);
}

/**
 * The 月通报 as one markdown message, with the month's 考核 scores; the full tables travel as the
 * .xlsx and the chart beside it. `paused`: the projects 停工 during the month; `notes` close it.
 */
export function monthlyBulletinMessage(b: MonthlyBulletin, scores: Scorecard, paused: Array<{ project: string; mark: string }>, notes: string[]): OutboundBody {
  const [year, month] = b.month.split('-').map(Number) as [number, number];
  const t = b.total;
  const batches = FIVE_BATCHES.map((x) => `${x.label} ${b.batches.total[x.label]}`).join(' · ');
  const cardLine = (card: 'red' | 'yellow' | 'blue') =>
    b.carded[card].length === 0 ? null : `${WARNING_NAMES[card]} ${b.carded[card].length} 个：${b.carded[card].slice(0, 8).map((p) => name(p.name)).join('、')}${b.carded[card].length > 8 ? ' 等' : ''}`;
  // The bottom three, never repeating the top three when the list is short.
  const bottom = b.ranking.slice(Math.max(3, b.ranking.length - 3));
  return markdown(
    lines(
      `**${year}年${month}月 重点项目月通报**`,
      `全县 ${t.projects} 个项目，年度计划 ${wan(t.yearPlan)}，累计完成 ${wan(t.completed)}，完成率 ${rate(t.completionRate)}（序时进度 ${rate(t.scheduleRate)}）${b.silent.length > 0 ? `，${b.silent.length} 个未报送项目按完成 0 计` : ''}`,
      `**五个一批**：${batches}`,
      `**分属地**`,
      ...b.byTownship.slice(0, 12).map(groupRow),
      b.byTownship.length > 12 ? `…共 ${b.byTownship.length} 个属地，见附件` : null,
      `**分行业**`,
      ...b.byIndustry.slice(0, 12).map(groupRow),
      b.byIndustry.length > 12 ? `…共 ${b.byIndustry.length} 个行业，见附件` : null,
      `**预警**`,
      cardLine('red'),
      cardLine('yellow'),
      cardLine('blue'),
      b.carded.red.length + b.carded.yellow.length + b.carded.blue.length === 0 ? '本月无预警项目' : null,
      b.ranking.length > 0 ? `**完成率前三**` : null,
      ...b.ranking.slice(0, 3).map(rankRow),
      bottom.length > 0 ? `**完成率靠后**` : null,
      ...bottom.map((p) => rankRow(p, b.ranking.indexOf(p))),
      b.unplanned.length > 0 ? `**${NO_PLAN}（${b.unplanned.length} 个，不计入完成率）**：${b.unplanned.slice(0, 12).map((p) => name(p.name)).join('、')}${b.unplanned.length > 12 ? ' 等，见附件' : ''}` : null,
      b.silent.length > 0 ? `**未报送（${b.silent.length} 个）**：${b.silent.slice(0, 12).map((p) => name(p.name)).join('、')}${b.silent.length > 12 ? ' 等，见附件' : ''}` : null,
      ...scoreLines(scores),
      paused.length > 0 ? `**停工项目**` : null,
      ...paused.map((p) => `${name(p.project)}：${escapeUserText(p.mark, 60)}`),
      ...notes,
      `明细见附件《${year}年${month}月重点项目月通报.xlsx》`,
    ),
  );
}
