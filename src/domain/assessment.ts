import type { Warning } from './warnings.js';
import { within, type Span } from './pause.js';
import type { Rules } from './rules.js';
import type { Period } from './period.js';
import { FIVE_BATCHES } from './lifecycle.js';
import { fiveBatches, type FiveBatchReport, type StageChange } from './five-batches.js';
import { landUseOf, type LandUse } from './approval-tier.js';
import { localDay } from '../time.js';
import { NO_PLAN } from './schedule.js';

export type UnitKind = 'township' | 'department';

/** A project as scoring sees it, with its figures as they stood at the period's end. */
export interface ScoredProject {
  name: string;
  township?: string | undefined;
  department?: string | undefined;
  category?: string | undefined;
  industry?: string | undefined;
  landUse?: LandUse | undefined;
  totalInvestment?: number | undefined;
  yearPlan: number | null;
  dueAtEnd: number | null;
  completed: number | null;
  trackedSince: Date | null;
  /** Confirmed report times, oldest first. */
  reports: Date[];
  /** Its 停工 (as they ended): a cycle due inside one is not 漏报. */
  pauses?: Span[];
}

export interface Adjustment {
  unit: string;
  points: number;
  reason: string;
  by: string;
  at: Date;
}

export interface Flag {
  unit: string;
  flag: 'top' | 'veto';
  reason: string;
  by: string;
  at: Date;
}

/** Everything a scorecard is computed from; the loader reads it from the store, the tests write it by hand. */
export interface AssessmentFacts {
  period: Period;
  units: Array<{ name: string; kind: UnitKind; targets: Record<string, number> }>;
  projects: ScoredProject[];
  /** Reporting cycles closing in the period, in time order: (start, due]. */
  cycles: Array<{ start: Date; due: Date }>;
  problems: Array<{ no: number; project: string; openedAt: Date; resolvedAt?: Date | undefined }>;
  warningsAtEnd: Map<string, Warning | null>;
  stageChanges: StageChange[];
  adjustments: Adjustment[];
  flags: Flag[];
  /** The share of a year plan due by the period's end when spread evenly (for targets without plans). */
  evenShare: number;
}

export type Component = 'investment' | 'batches' | 'problems' | 'reports' | 'cards' | 'bigProjects' | 'manual';

export interface ScoreLine {
  component: Component;
  points: number;
  /** The facts behind the points, in words a unit can check. */
  facts: string[];
}

export interface UnitScore {
  unit: string;
  kind: UnitKind;
  total: number;
  rank: number;
  band: 'top' | 'normal' | 'veto';
  flag: Flag | null;
  lines: ScoreLine[];
  /** Its projects that reported in none of the period's cycles (未报送); absent in scorecards published before it was kept. */
  silent?: string[];
}

export interface Scorecard {
  period: string;
  label: string;
  units: UnitScore[];
}

export const COMPONENT_NAMES: Record<Component, string> = {
  investment: '投资完成',
  batches: '五个一批',
  problems: '问题解决',
  reports: '按时报送',
  cards: '红黄牌',
  bigProjects: '大项目',
  manual: '督查调整',
};

type AssessmentRules = Rules['assessment'];

const r2 = (n: number) => Math.round(n * 100) / 100;
const pct = (n: number) => `${r2(n * 100)}%`;
/** M月D日 through the cached local day: a scorecard labels every cycle once for each unit. */
const day = (d: Date) => {
  const local = localDay(d);
  return `${local.month}月${local.date}日`;
};

/** Units are townships/开发区 (a project's 属地) and lead departments, listed or named by a project. */
function unitsOf(facts: AssessmentFacts): AssessmentFacts['units'] {
  const byName = new Map(facts.units.map((u) => [u.name, u]));
  for (const p of facts.projects) {
    if (p.township && !byName.has(p.township)) byName.set(p.township, { name: p.township, kind: 'township', targets: {} });
    if (p.department && !byName.has(p.department)) byName.set(p.department, { name: p.department, kind: 'department', targets: {} });
  }
  return [...byName.values()];
}

const belongs = (unit: { name: string; kind: UnitKind }) => (p: ScoredProject) => (unit.kind === 'township' ? p.township : p.department) === unit.name;

function investment(unit: AssessmentFacts['units'][number], projects: ScoredProject[], facts: AssessmentFacts, rules: AssessmentRules): ScoreLine {
  const planned = projects.filter((p) => p.yearPlan !== null && p.yearPlan > 0);
  const sumPlan = planned.reduce((n, p) => n + p.yearPlan!, 0);
  const target = unit.targets.investment ?? 0;
  const basis = target > 0 ? target : sumPlan;
  if (basis <= 0) return { component: 'investment', points: 0, facts: ['无年度投资目标，也无项目年度计划'] };
  // Against a unit's own target every project counts; against its projects' plans, only the planned ones.
  const completed = (target > 0 ? projects : planned).reduce((n, p) => n + (p.completed ?? 0), 0);
  const unplanned = projects.filter((p) => p.yearPlan === null);
  const share = sumPlan > 0 ? planned.reduce((n, p) => n + (p.dueAtEnd ?? 0), 0) / sumPlan : facts.evenShare;
  const rate = completed / basis;
  const ratio = share > 0 ? Math.min(1, rate / share) : 1;
  return {
    component: 'investment',
    points: r2(rules.investmentPoints * ratio),
    facts: [
      `累计完成 ${r2(completed)} 万元 / ${target > 0 ? '年度目标' : '项目年度计划合计'} ${r2(basis)} 万元 = 完成率 ${pct(rate)}`,
      `序时进度 ${pct(share)}；得分 ${rules.investmentPoints} × min(1, ${pct(rate)} ÷ ${pct(share)})`,
      ...(target === 0 && unplanned.length > 0 ? [`${NO_PLAN}：${unplanned.map((p) => p.name).join('、')}（不计入项目年度计划合计）`] : []),
    ],
  };
}

function batches(unit: AssessmentFacts['units'][number], reached: FiveBatchReport, facts: AssessmentFacts, rules: AssessmentRules): ScoreLine {
  const shares: number[] = [];
  const lines: string[] = [];
  for (const b of FIVE_BATCHES) {
    const target = ((unit.targets[b.label] ?? 0) * facts.period.months) / 12;
    if (target <= 0) continue;
    const count = reached.total[b.label];
    shares.push(Math.min(1, count / target));
    lines.push(`${b.label} ${count}/${r2(target)}${count > 0 ? `（${reached.projects[b.label].join('、')}）` : ''}`);
  }
  if (shares.length === 0) return { component: 'batches', points: 0, facts: ['无五个一批目标'] };
  const share = shares.reduce((a, b) => a + b, 0) / shares.length;
  return { component: 'batches', points: r2(rules.batchesPoints * share), facts: [...lines, `完成度 ${pct(share)}（各项封顶 100% 后平均）`] };
}

function problems(projects: ScoredProject[], facts: AssessmentFacts, rules: AssessmentRules): ScoreLine {
  const mine = new Set(projects.map((p) => p.name));
  const windowMs = rules.problemDays * 86_400_000;
  const { from, to } = facts.period;
  // A problem counts once its window has closed in the period, or once it is resolved.
  const due = facts.problems.filter((p) => mine.has(p.project) && p.openedAt >= from && p.openedAt < to && (p.resolvedAt !== undefined ? p.resolvedAt < to : p.openedAt.getTime() + windowMs < to.getTime()));
  if (due.length === 0) return { component: 'problems', points: rules.problemsPoints, facts: ['本期无到期的问题'] };
  const inTime = (p: AssessmentFacts['problems'][number]) => p.resolvedAt !== undefined && p.resolvedAt.getTime() - p.openedAt.getTime() <= windowMs;
  const onTime = due.filter(inTime);
  const late = due.filter((p) => !inTime(p));
  return {
    component: 'problems',
    points: r2((rules.problemsPoints * onTime.length) / due.length),
    facts: [`${rules.problemDays} 天内解决 ${onTime.length}/${due.length}`, ...(late.length > 0 ? [`未按时解决：${late.map((p) => `#${p.no}`).join('、')}`] : [])],
  };
}

/** The 按时报送 line, and the projects due in at least one cycle that reported in none (未报送). */
function reports(projects: ScoredProject[], facts: AssessmentFacts, rules: AssessmentRules): { line: ScoreLine; silent: string[] } {
  const missed: string[] = [];
  const silent: string[] = [];
  const labels = facts.cycles.map((c) => day(c.due));
  // As milliseconds: comparing Dates converts both on every comparison, a million times at county scale.
  const starts = facts.cycles.map((c) => c.start.getTime());
  const dues = facts.cycles.map((c) => c.due.getTime());
  for (const p of projects) {
    if (!p.trackedSince) continue;
    const tracked = p.trackedSince.getTime();
    const times = p.reports;
    // Both lists are in time order: one sweep finds, for each cycle, whether a report fell in (start, due].
    let r = 0;
    let due = 0;
    let mine = 0;
    for (let i = 0; i < starts.length; i++) {
      while (r < times.length && times[r]!.getTime() <= starts[i]!) r++;
      if (tracked > starts[i]! || p.pauses?.some((span) => within(span, facts.cycles[i]!.due))) continue;
      due++;
      if (r < times.length && times[r]!.getTime() <= dues[i]!) continue;
      mine++;
      missed.push(`${p.name} ${labels[i]}`);
    }
    if (due > 0 && mine === due) silent.push(p.name);
  }
  const line: ScoreLine = {
    component: 'reports',
    points: r2(Math.max(0, rules.reportsPoints - rules.perMissedCycle * missed.length)),
    facts: [
      missed.length === 0 ? '每个报送周期都按时报送' : `漏报 ${missed.length} 次：${missed.join('、')}`,
      ...(silent.length > 0 ? [`未报送（本期各周期均未报送）：${silent.join('、')}`] : []),
    ],
  };
  return { line, silent };
}

function cards(projects: ScoredProject[], facts: AssessmentFacts, rules: AssessmentRules): ScoreLine {
  const of = (card: Warning) => projects.filter((p) => facts.warningsAtEnd.get(p.name) === card).map((p) => p.name);
  const red = of('red');
  const yellow = of('yellow');
  return {
    component: 'cards',
    points: r2(0 - (rules.perRedCard * red.length + rules.perYellowCard * yellow.length)),
    facts: red.length + yellow.length === 0 ? ['期末无红牌、黄牌项目'] : [...(red.length ? [`红牌：${red.join('、')}`] : []), ...(yellow.length ? [`黄牌：${yellow.join('、')}`] : [])],
  };
}

function bigProjects(projects: ScoredProject[], reached: FiveBatchReport, rules: AssessmentRules): ScoreLine {
  const mine = new Map(projects.map((p) => [p.name, p]));
  const landed = reached.projects.落地;
  const tiers = [...rules.bigProjects].sort((a, b) => b.minInvestment - a.minInvestment);
  let points = 0;
  const lines: string[] = [];
  for (const name of landed) {
    const p = mine.get(name)!;
    const tier = landUseOf(p) === '工业' ? tiers.find((t) => (p.totalInvestment ?? 0) >= t.minInvestment) : undefined;
    if (!tier) continue;
    points += tier.points;
    lines.push(`${name}（工业，总投资 ${p.totalInvestment} 万元）落地 +${tier.points}`);
  }
  return { component: 'bigProjects', points: r2(points), facts: lines.length > 0 ? lines : ['本期无落地的大项目'] };
}

function manual(unit: string, facts: AssessmentFacts): ScoreLine {
  const mine = facts.adjustments.filter((a) => a.unit === unit);
  return {
    component: 'manual',
    points: r2(mine.reduce((n, a) => n + a.points, 0)),
    facts: mine.length > 0 ? mine.map((a) => `${a.points > 0 ? '+' : ''}${a.points}：${a.reason}（${a.by}，${day(a.at)}）`) : ['无'],
  };
}

const BAND_ORDER = { top: 0, normal: 1, veto: 2 } as const;
const KIND_ORDER = { township: 0, department: 1 } as const;

/**
 * The period's scorecard: each unit's points per component with the facts behind them, a total,
 * and a rank among units of its kind (townships with townships, departments with departments).
 * 一票评优 puts a unit in the top band and 一票否优 below everyone; inside a band the total decides,
 * and equal totals share a rank.
 */
export function scorecard(facts: AssessmentFacts, rules: AssessmentRules): Scorecard {
  const scored = unitsOf(facts).map((unit) => {
    const projects = facts.projects.filter(belongs(unit));
    const names = new Set(projects.map((p) => p.name));
    const reached = fiveBatches(facts.stageChanges.filter((c) => names.has(c.project)), facts.period.from, facts.period.to);
    const reported = reports(projects, facts, rules);
    const lines = [
      investment(unit, projects, facts, rules),
      batches(unit, reached, facts, rules),
      problems(projects, facts, rules),
      reported.line,
      cards(projects, facts, rules),
      bigProjects(projects, reached, rules),
      manual(unit.name, facts),
    ];
    const flag = facts.flags.filter((f) => f.unit === unit.name).at(-1) ?? null;
    return { unit: unit.name, kind: unit.kind, total: r2(lines.reduce((n, l) => n + l.points, 0)), band: flag?.flag ?? ('normal' as const), flag, lines, silent: reported.silent, rank: 0 };
  });
  const ahead = (o: (typeof scored)[number], s: (typeof scored)[number]) => BAND_ORDER[o.band] < BAND_ORDER[s.band] || (o.band === s.band && o.total > s.total);
  scored.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || BAND_ORDER[a.band] - BAND_ORDER[b.band] || b.total - a.total || a.unit.localeCompare(b.unit, 'zh'));
  for (const s of scored) s.rank = 1 + scored.filter((o) => o.kind === s.kind && ahead(o, s)).length;
  return { period: facts.period.key, label: facts.period.label, units: scored };
}

export interface Assessment {
  card: Scorecard;
  /** When it was published (frozen); null while it is still live. */
  publishedAt: Date | null;
  /** A live preview of a period not yet over: the moment its facts stop (only cycles closed by then count). */
  asOf: Date | null;
  /** Units whose published score in the previous period no longer matches the facts (a later correction). */
  notes: string[];
}
