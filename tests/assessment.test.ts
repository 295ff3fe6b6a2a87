import { describe, expect, it } from 'vitest';
import { scorecard, type AssessmentFacts, type ScoredProject } from '../src/domain/assessment.js';
import { parsePeriod, previousPeriod, periodOf, type Period } from '../src/domain/period.js';
import { defaultRules } from '../src/domain/rules.js';

const rules = defaultRules.assessment;
const at = (s: string) => new Date(`${s}+08:00`);
const friday = (d: string) => at(`${d}T17:00:00`);

/** Weekly due times (Friday 17:00; the National Day week's due moved to Wed 30 Sep), as the calendar gives them. */
const DUES = ['2026-09-18', '2026-09-25', '2026-09-30', '2026-10-09', '2026-10-16', '2026-10-23', '2026-10-30', '2026-11-06', '2026-11-13', '2026-11-20', '2026-11-27', '2026-12-04', '2026-12-11', '2026-12-18', '2026-12-25'].map(friday);
const cyclesIn = (p: Period) => DUES.flatMap((due, i) => (i > 0 && due >= p.from && due < p.to ? [{ start: DUES[i - 1]!, due }] : []));

function project(p: Partial<ScoredProject> & Pick<ScoredProject, 'name'>): ScoredProject {
  return { yearPlan: null, dueAtEnd: null, completed: null, trackedSince: at('2026-09-28T09:00:00'), reports: [], ...p };
}

/**
 * The fixture county. 城关镇 has A and B (both led by 县经信局), 东河镇 has C (no lead department),
 * 西岭镇 is listed with targets of 0 and has no project.
 */
function county(period: Period, end: { dueA: number; dueB: number; dueC: number; evenShare: number }): AssessmentFacts {
  return {
    period,
    units: [
      { name: '城关镇', kind: 'township', targets: { investment: 3000, 签约: 12, 开工: 24 } },
      { name: '东河镇', kind: 'township', targets: {} },
      { name: '西岭镇', kind: 'township', targets: { investment: 0 } },
    ],
    projects: [
      project({ name: 'A', township: '城关镇', department: '县经信局', yearPlan: 1200, dueAtEnd: end.dueA, completed: 900, reports: ['2026-10-09', '2026-10-16', '2026-10-30'].map((d) => at(`${d}T10:00:00`)) }),
      project({ name: 'B', township: '城关镇', department: '县经信局', yearPlan: 1800, dueAtEnd: end.dueB, completed: 1500, landUse: '工业', totalInvestment: 80_000, reports: ['2026-10-08', '2026-10-15', '2026-10-22', '2026-10-29'].map((d) => at(`${d}T10:00:00`)) }),
      project({ name: 'C', township: '东河镇', yearPlan: 600, dueAtEnd: end.dueC, completed: 200, trackedSince: at('2026-10-20T09:00:00') }),
    ],
    cycles: cyclesIn(period),
    problems: [
      { no: 1, project: 'A', openedAt: at('2026-10-05T10:00:00'), resolvedAt: at('2026-10-12T10:00:00') },
      { no: 2, project: 'B', openedAt: at('2026-10-03T10:00:00') },
      { no: 3, project: 'A', openedAt: at('2026-10-25T10:00:00') },
      { no: 4, project: 'C', openedAt: at('2026-10-01T10:00:00'), resolvedAt: at('2026-10-20T10:00:00') },
    ],
    warningsAtEnd: new Map([['A', 'yellow'], ['B', null], ['C', 'red']] as const),
    stageChanges: [
      { project: 'B', township: '城关镇', before: '签约', after: '落地', at: at('2026-10-12T10:00:00') },
      { project: 'A', township: '城关镇', before: '落地', after: '开工', at: at('2026-10-20T10:00:00') },
    ],
    adjustments: period.kind === 'month' ? [{ unit: '城关镇', points: -2, reason: '督查发现台账与现场不符', by: 'admin', at: at('2026-10-28T10:00:00') }] : [],
    flags: [],
    evenShare: end.evenShare,
  };
}

const points = (card: ReturnType<typeof scorecard>, unit: string) => {
  const u = card.units.find((x) => x.unit === unit)!;
  return { total: u.total, rank: u.rank, ...Object.fromEntries(u.lines.map((l) => [l.component, l.points])) };
};

describe('考核 scorecards computed by hand', () => {
  it('October 2026 (a month)', () => {
    const card = scorecard(county(parsePeriod('2026-10')!, { dueA: 1000, dueB: 1500, dueC: 500, evenShare: 10 / 12 }), rules);
    // 城关镇: investment basis = target 3000; done 900 + 1500 = 2400 → 80%; 序时 (1000+1500)/(1200+1800) = 83.33%;
    //   40 × min(1, 0.8 / 0.8333) = 38.4. 五个一批 month targets 签约 12/12 = 1, 开工 24/12 = 2; reached 签约 0
    //   (B went 签约 → 落地), 开工 1 (A) → (0 + 0.5) / 2 × 30 = 7.5. Problems: #1 in 7 days, #2 open past 15 days,
    //   #3 not yet due → 1/2 × 10 = 5. Reports: A missed the 23 Oct cycle → 20 − 1 = 19. Cards: A yellow → −1.
    //   B (工业, 8亿) landed → +3. Adjustment −2. Total 38.4 + 7.5 + 5 + 19 − 1 + 3 − 2 = 69.9.
    expect(points(card, '城关镇')).toEqual({ total: 69.9, rank: 1, investment: 38.4, batches: 7.5, problems: 5, reports: 19, cards: -1, bigProjects: 3, manual: -2 });
    // 东河镇: no targets → basis = C's plan 600; 200/600 = 33.3% against 500/600 = 83.3% → 40 × 0.4 = 16.
    //   No 五个一批 targets → 0. #4 took 19 days → 0. C tracked from 20 Oct: only the 30 Oct cycle counts, missed → 19.
    //   C red → −2. Total 16 + 0 + 0 + 19 − 2 = 33.
    expect(points(card, '东河镇')).toEqual({ total: 33, rank: 2, investment: 16, batches: 0, problems: 0, reports: 19, cards: -2, bigProjects: 0, manual: 0 });
    // 西岭镇: targets of 0 and no project: investment and 五个一批 give 0 (nothing to score, no division);
    //   no problem fell due → 10; no cycle missed → 20. Total 30.
    expect(points(card, '西岭镇')).toEqual({ total: 30, rank: 3, investment: 0, batches: 0, problems: 10, reports: 20, cards: 0, bigProjects: 0, manual: 0 });
    // 县经信局 (A and B, no targets of its own): 2400/3000 against 83.33% → 38.4; no 五个一批 targets → 0; problems 5;
    //   reports 19; cards −1; big project +3. Total 64.4, first among departments.
    expect(points(card, '县经信局')).toEqual({ total: 64.4, rank: 1, investment: 38.4, batches: 0, problems: 5, reports: 19, cards: -1, bigProjects: 3, manual: 0 });
    const why = card.units.find((u) => u.unit === '城关镇')!.lines;
    expect(why.find((l) => l.component === 'reports')!.facts).toEqual(['漏报 1 次：A 10月23日']);
    expect(why.find((l) => l.component === 'problems')!.facts).toEqual(['15 天内解决 1/2', '未按时解决：#2']);
    expect(why.find((l) => l.component === 'manual')!.facts[0]).toContain('督查发现台账与现场不符');
    expect(card.units.find((u) => u.unit === '西岭镇')!.lines[0]!.facts).toEqual(['无年度投资目标，也无项目年度计划']);
  });

  it('2026-Q4 (a quarter)', () => {
    const card = scorecard(county(parsePeriod('2026-Q4')!, { dueA: 1200, dueB: 1800, dueC: 600, evenShare: 1 }), rules);
    // 城关镇 at 31 Dec: 2400/3000 = 80% against 序时 100% → 32. Quarter targets 签约 3, 开工 6: (0 + 1/6) / 2 × 30 = 2.5.
    //   Problems: #3 is now past its 15 days and open → 1/3 × 10 = 3.33. Reports: 12 cycles from 9 Oct to 25 Dec;
    //   A missed 23 Oct and the 8 in Nov–Dec (9), B the 8 in Nov–Dec → 20 − 17 = 3. Cards −1, big +3.
    //   Total 32 + 2.5 + 3.33 + 3 − 1 + 3 = 42.83.
    expect(points(card, '城关镇')).toEqual({ total: 42.83, rank: 1, investment: 32, batches: 2.5, problems: 3.33, reports: 3, cards: -1, bigProjects: 3, manual: 0 });
    // 西岭镇 (30) now beats 东河镇: 200/600 against 100% → 13.33; C missed 30 Oct and 8 more → 11; red −2 → 22.33.
    expect(points(card, '西岭镇')).toMatchObject({ total: 30, rank: 2 });
    expect(points(card, '东河镇')).toEqual({ total: 22.33, rank: 3, investment: 13.33, batches: 0, problems: 0, reports: 11, cards: -2, bigProjects: 0, manual: 0 });
  });

  it('2026 (the year): cycles before a project was registered do not count against it', () => {
    const card = scorecard(county(parsePeriod('2026')!, { dueA: 1200, dueB: 1800, dueC: 600, evenShare: 1 }), rules);
    // As the quarter, but the year targets (签约 12, 开工 24) → (0 + 1/24) / 2 × 30 = 0.625 → 0.63, and the
    //   18 and 25 Sep cycles began before A and B were registered (28 Sep) and are not counted.
    //   Total 32 + 0.63 + 3.33 + 3 − 1 + 3 = 40.96.
    expect(points(card, '城关镇')).toEqual({ total: 40.96, rank: 1, investment: 32, batches: 0.63, problems: 3.33, reports: 3, cards: -1, bigProjects: 3, manual: 0 });
  });

  it('ties share a rank; 一票评优 lifts a unit to the top band, 一票否优 puts it below everyone', () => {
    const facts = county(parsePeriod('2026-10')!, { dueA: 1000, dueB: 1500, dueC: 500, evenShare: 10 / 12 });
    facts.units.push({ name: '南湖街道', kind: 'township', targets: { investment: 0 } });
    const tied = scorecard(facts, rules);
    expect(['城关镇', '东河镇', '西岭镇', '南湖街道'].map((u) => points(tied, u).rank)).toEqual([1, 2, 3, 3]);
    facts.flags.push({ unit: '东河镇', flag: 'top', reason: '重大项目招引成效突出', by: 'admin', at: at('2026-10-30T10:00:00') });
    facts.flags.push({ unit: '城关镇', flag: 'veto', reason: '发生安全生产事故', by: 'admin', at: at('2026-10-30T10:00:00') });
    const flagged = scorecard(facts, rules);
    expect(flagged.units.filter((u) => u.kind === 'township').map((u) => [u.unit, u.rank])).toEqual([
      ['东河镇', 1],
      ['南湖街道', 2],
      ['西岭镇', 2],
      ['城关镇', 4],
    ]);
  });
});

describe('periods', () => {
  it('reads months, quarters and years with local bounds, and steps back', () => {
    const q = parsePeriod('2026-Q1')!;
    expect([q.from.toISOString(), q.to.toISOString(), q.months, q.label]).toEqual(['2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z', 3, '2026年第1季度']);
    expect(previousPeriod(q).key).toBe('2025-Q4');
    expect(previousPeriod(parsePeriod('2026-01')!).key).toBe('2025-12');
    expect(periodOf(at('2026-07-01T00:30:00'), 'quarter').key).toBe('2026-Q3');
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('2026-Q5')).toBeNull();
  });
});
