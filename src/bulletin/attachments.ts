import { type Warning, WARNING_NAMES } from '../domain/warnings.js';
import { FIVE_BATCHES } from '../domain/lifecycle.js';
import { emptyCounts, type BatchCounts } from '../domain/five-batches.js';
import { tableWorkbook, type Table } from '../ledger/write.js';
import { renderBarChart } from '../charts/bar-chart.js';
import type { GroupLine, MonthlyBulletin } from '../domain/bulletin/monthly.js';
import type { MonthProblems } from '../domain/bulletin/problems.js';

const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const cardName = (c: Warning | null) => (c ? WARNING_NAMES[c] : '');

function groupTable(name: string, unitHeader: string, rows: GroupLine[], total: GroupLine): Table {
  return {
    name,
    headers: [unitHeader, '项目数', '年度计划（万元）', '序时计划（万元）', '累计完成（万元）', '投资完成率（%）', '序时进度（%）'],
    rows: [...rows, total].map((g) => [g.unit, g.projects, g.yearPlan, r1(g.due), g.completed, r1(g.completionRate), r1(g.scheduleRate)]),
  };
}

function problemTable(p: MonthProblems): Table {
  const kinds = [['本月新增', p.opened], [`超过 ${p.overdueDays} 天未解决`, p.overdue], ['本月解决', p.solved]] as const;
  return {
    name: '问题',
    headers: ['类别', '编号', '项目', '问题', '责任单位', '天数', '月末所在层级'],
    rows: kinds.flatMap(([kind, list]) => list.map((x) => [kind, x.no, x.project, x.text, x.unit ?? '', x.days, x.rung])),
  };
}

function batchTable(name: string, unitHeader: string, counts: Map<string, BatchCounts>): Table {
  const rows = [...counts].sort(([a], [b]) => a.localeCompare(b, 'zh'));
  const total = emptyCounts();
  for (const [, c] of rows) for (const b of FIVE_BATCHES) total[b.label] += c[b.label];
  return { name, headers: [unitHeader, ...FIVE_BATCHES.map((b) => b.label)], rows: [...rows, ['合计', total] as const].map(([u, c]) => [u, ...FIVE_BATCHES.map((b) => c[b.label])]) };
}

/** The 月通报's workbook: by township, department and industry, 五个一批, every project with its card, the problems, who did not report. */
export async function monthlyWorkbook(b: MonthlyBulletin, problems: MonthProblems): Promise<Buffer> {
  const rank = new Map(b.ranking.map((p, i) => [p, i + 1]));
  return tableWorkbook([
    groupTable('分属地', '属地', b.byTownship, b.total),
    groupTable('分牵头部门', '牵头部门', b.byDepartment, b.total),
    groupTable('分行业', '行业', b.byIndustry, b.total),
    batchTable('五个一批（分属地）', '属地', b.batches.byTownship),
    batchTable('五个一批（分行业）', '行业', b.batches.byIndustry),
    {
      name: '项目明细',
      headers: ['排名', '项目', '属地', '行业', '年度计划（万元）', '累计完成（万元）', '投资完成率（%）', '序时进度（%）', '落后（百分点）', '预警', '预警原因'],
      rows: b.projects
        .map((p) => [rank.get(p) ?? null, p.name, p.township, p.industry, p.yearPlan, p.completed, r1(p.completionRate), r1(p.scheduleRate), r1(p.lagPoints), cardName(p.card), p.reasons.join('；')])
        .sort((x, y) => ((x[0] as number | null) ?? Infinity) - ((y[0] as number | null) ?? Infinity)),
    },
    problemTable(problems),
    { name: '本月未报送', headers: ['项目', '属地', '牵头部门'], rows: b.unreported.map((p) => [p.name, p.township, p.department]) },
  ]);
}

/** The chart: each township's 完成率 beside its 序时进度. */
export function monthlyChart(b: MonthlyBulletin): Buffer {
  const [year, month] = b.month.split('-').map(Number) as [number, number];
  const rows = b.byTownship.slice(0, 20);
  return renderBarChart({
    title: `${year}年${month}月 各属地投资完成率与序时进度`,
    categories: rows.map((g) => g.unit),
    unit: '%',
    series: [
      { name: '投资完成率', values: rows.map((g) => r1(g.completionRate)), colour: '#0969da' },
      { name: '序时进度', values: rows.map((g) => r1(g.scheduleRate)), colour: '#d4a72c' },
    ],
  });
}
