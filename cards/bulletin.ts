import type { OutboundBody } from '../src/messages/outbound.js';
import type { GroupLine, MonthlyBulletin, ProjectLine } from '../src/domain/bulletin/monthly.js';
import { FIVE_BATCHES } from '../src/domain/lifecycle.js';
import type { Scorecard } from '../src/domain/assessment.js';
import type { MonthProblems, ProblemLine } from '../src/domain/bulletin/problems.js';
import { WARNING_NAMES } from '../src/domain/warnings.js';
import { NO_PLAN } from '../src/domain/schedule.js';
import { detailLink, escapeUserText, firstOf, lines, markdown, pct, points, wan } from './common.js';

const rate = (v: number | null) => (v === null ? '—' : pct(v));
const name = (s: string) => escapeUserText(s, 24);

/** "完成 1,000 万元，完成率 55.6% / 序时 83.3%", flagged when behind 序时. */
function groupFigures(g: GroupLine): string {
  const behind = g.completionRate !== null && g.scheduleRate !== null && g.completionRate < g.scheduleRate;
  return `完成 ${wan(g.completed)}，完成率 ${rate(g.completionRate)} / 序时 ${rate(g.scheduleRate)}${behind ? ' ⚠' : ''}`;
}

const groupRow = (g: GroupLine) => `${name(g.unit)}：${groupFigures(g)}`;

const GROUPS_SHOWN = 12;
const MEMBERS_SHOWN = 5;
const LIST_SHOWN = 5;

const memberRate = (p: ProjectLine) => (p.completionRate !== null ? rate(p.completionRate) : p.yearPlan ? '未报送' : NO_PLAN);

/** A township's or a department's own lines (the 亮晒): its rank, its figures against 序时, its projects. */
function unitRows(g: GroupLine): string[] {
  const members = g.members.slice(0, MEMBERS_SHOWN).map((p) => `${name(p.name)} ${memberRate(p)}`);
  return [
    `${g.rank === null ? '—' : `${g.rank}.`} ${name(g.unit)}：${g.projects} 个项目，${groupFigures(g)}`,
    `　项目：${members.join('、')}${g.members.length > MEMBERS_SHOWN ? ` 等 ${g.members.length} 个` : ''}`,
  ];
}

function unitSection(title: string, groups: GroupLine[], noun: string): string[] {
  return [
    `**${title}**（按完成率排名）`,
    ...groups.slice(0, GROUPS_SHOWN).flatMap(unitRows),
    ...(groups.length > GROUPS_SHOWN ? [`…共 ${groups.length} 个${noun}，见附件`] : []),
  ];
}

function problemRows(title: string, list: ProblemLine[], tail: (p: ProblemLine) => string): string | null {
  if (list.length === 0) return null;
  const shown = list.slice(0, LIST_SHOWN).map((p) => `#${p.no} ${name(p.project)}：${escapeUserText(p.text, 30)}（${tail(p)}）`);
  return `${title}：${shown.join('；')}${list.length > LIST_SHOWN ? ` 等 ${list.length} 个，见附件` : ''}`;
}

function problemLines(p: MonthProblems): string[] {
  const unit = (x: ProblemLine) => (x.unit ? `${name(x.unit)}，` : '');
  return [
    `**问题**：本月新增 ${p.opened.length} 个，解决 ${p.solved.length} 个；月末未解决 ${p.openAtEnd} 个，其中超过 ${p.overdueDays} 天 ${p.overdue.length} 个`,
    problemRows('新增', p.opened, (x) => `${unit(x)}${x.rung}`),
    problemRows('超期未解决', p.overdue, (x) => `${unit(x)}已 ${x.days} 天，${x.rung}`),
    problemRows('已解决', p.solved, (x) => `用时 ${x.days} 天`),
  ].filter((l): l is string => l !== null);
}

/** Who sent nothing in the month, with the township and the department answering for it; 停工 projects are listed apart. */
function unreportedLine(b: MonthlyBulletin): string | null {
  const list = b.unreported;
  if (list.length === 0) return null;
  return `**本月未报送（${list.length} 个）**：${firstOf(list, 20, (p) => `${name(p.name)}（${name(p.township)} · ${name(p.department)}）`)}`;
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
 * The 月通报 as one markdown message (the outbox sends it in parts, cut between lines, when it is longer
 * than an app message takes), with the month's 问题 and 考核 scores; the full tables travel as the
 * .xlsx and the chart beside it. `paused`: the projects 停工 during the month; `notes` close it;
 * `detailUrl`: the 驾驶舱 总览.
 */
export function monthlyBulletinMessage(b: MonthlyBulletin, scores: Scorecard, problems: MonthProblems, paused: Array<{ project: string; mark: string }>, notes: string[], detailUrl?: string): OutboundBody {
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
      `全县 ${t.projects} 个项目，年度计划 ${wan(t.yearPlan)}，累计完成 ${wan(t.completed)}，完成率 ${rate(t.completionRate)}（序时进度 ${rate(t.scheduleRate)}）${b.silent.length > 0 ? `，${b.silent.length} 个本年未报送项目按完成 0 计` : ''}`,
      `**五个一批**：${batches}`,
      ...unitSection('分属地', b.byTownship, '属地'),
      ...unitSection('分牵头部门', b.byDepartment, '部门'),
      `**分行业**`,
      ...b.byIndustry.slice(0, GROUPS_SHOWN).map(groupRow),
      b.byIndustry.length > GROUPS_SHOWN ? `…共 ${b.byIndustry.length} 个行业，见附件` : null,
      `**预警**`,
      cardLine('red'),
      cardLine('yellow'),
      cardLine('blue'),
      b.carded.red.length + b.carded.yellow.length + b.carded.blue.length === 0 ? '本月无预警项目' : null,
      b.ranking.length > 0 ? `**完成率前三**` : null,
      ...b.ranking.slice(0, 3).map(rankRow),
      bottom.length > 0 ? `**完成率靠后**` : null,
      ...bottom.map((p) => rankRow(p, b.ranking.indexOf(p))),
      b.unplanned.length > 0 ? `**${NO_PLAN}（${b.unplanned.length} 个，不计入完成率）**：${firstOf(b.unplanned, 12, (p) => name(p.name))}` : null,
      ...problemLines(problems),
      unreportedLine(b),
      ...scoreLines(scores),
      paused.length > 0 ? `**停工项目**` : null,
      ...paused.map((p) => `${name(p.project)}：${escapeUserText(p.mark, 60)}`),
      ...notes,
      `明细见附件《${year}年${month}月重点项目月通报.xlsx》`,
      detailLink(detailUrl),
    ),
  );
}
