import { describe, expect, it } from 'vitest';
import { planDueBy, progressOf } from '../src/domain/schedule.js';
import { evaluateWarning } from '../src/domain/warnings.js';
import { dueTimes, missedCycles } from '../src/domain/cycles.js';
import { isWorkday, nextWorkdayAt, coversYear } from '../src/domain/calendar.js';
import { escalationLevel } from '../src/domain/escalation.js';
import { defaultRules, loadRules } from '../src/domain/rules.js';

const at = (s: string) => new Date(`${s}+08:00`);

describe('plan and 序时进度', () => {
  it('spreads the year plan evenly by month, this month pro rata by day', () => {
    expect(planDueBy({ yearPlan: 1200 }, at('2026-03-31T12:00:00'))).toBeCloseTo(300);
    expect(planDueBy({ yearPlan: 1200 }, at('2026-04-15T12:00:00'))).toBeCloseTo(350);
  });
  it('uses the monthly plan when given', () => {
    const monthlyPlan = { '1': 300, '2': 200, '3': 500 };
    expect(planDueBy({ monthlyPlan }, at('2026-02-28T10:00:00'))).toBeCloseTo(500);
    expect(planDueBy({ monthlyPlan }, at('2026-04-10T10:00:00'))).toBeCloseTo(1000);
  });
  it('counts February 29 in a leap year', () => {
    expect(planDueBy({ yearPlan: 1200 }, at('2028-02-29T10:00:00'))).toBeCloseTo(200);
    expect(planDueBy({ yearPlan: 1200 }, at('2028-02-28T10:00:00'))).toBeCloseTo(100 + (100 * 28) / 29);
  });
  it('gives completion rate, schedule rate and lag; no plan gives nulls (未下达年度计划), not NaN', () => {
    const p = progressOf({ yearPlan: 1000 }, 400, at('2026-06-30T12:00:00'));
    expect(p.scheduleRate).toBeCloseTo(50);
    expect(p.completionRate).toBeCloseTo(40);
    expect(p.lagPoints).toBeCloseTo(10);
    expect(progressOf({}, 400, at('2026-06-30T12:00:00'))).toEqual({ compared: null, completionRate: null, scheduleRate: null, lagPoints: null, unplanned: true });
    expect(progressOf({ yearPlan: 1000 }, null, at('2026-06-30T12:00:00')).lagPoints).toBeNull();
  });
  it('compares a figure with the plan due by the end of the period it covers, never beyond today', () => {
    const p = progressOf({ yearPlan: 1200 }, 900, at('2026-09-29T12:00:00'), '2026-08-31');
    expect(p.compared).toEqual({ label: '1-8月', completed: 900, due: 800 });
    expect(p.lagPoints).toBeLessThan(0);
    expect(progressOf({ yearPlan: 1200 }, 900, at('2026-09-29T12:00:00'), '2026-10-09').compared?.label).toBe('截至9月29日');
  });
});

describe('红黄蓝牌', () => {
  const facts = { lagPoints: null, missedCycles: 0, openProblemDays: [], startOverdue: false };
  it.each([
    [4.9, null],
    [5, 'blue'],
    [9.9, 'blue'],
    [10, 'yellow'],
    [19.9, 'yellow'],
    [20, 'red'],
  ])('lag %d points → %s', (lag, card) => {
    expect(evaluateWarning({ ...facts, lagPoints: lag }, defaultRules.cards).warning).toBe(card);
  });
  it.each([
    [1, null],
    [2, 'blue'],
    [3, 'yellow'],
  ])('%d missed cycles → %s', (missed, card) => {
    expect(evaluateWarning({ ...facts, missedCycles: missed }, defaultRules.cards).warning).toBe(card);
  });
  it.each([
    [15, null],
    [16, 'yellow'],
    [31, 'red'],
  ])('a problem open %d days → %s', (days, card) => {
    expect(evaluateWarning({ ...facts, openProblemDays: [days] }, defaultRules.cards).warning).toBe(card);
  });
  it('the worst rule wins and keeps its reasons', () => {
    const r = evaluateWarning({ lagPoints: 6, missedCycles: 0, openProblemDays: [3], startOverdue: true }, defaultRules.cards);
    expect(r).toEqual({ warning: 'red', reasons: ['已过计划开工日期仍未开工'] });
  });
  it('thresholds come from the rules', () => {
    expect(evaluateWarning({ ...facts, lagPoints: 6 }, { ...defaultRules.cards, blueLagPoints: 8 }).warning).toBeNull();
  });
});

describe('working days', () => {
  it('knows statutory holidays and 调休 make-up Saturdays', () => {
    expect(isWorkday(at('2026-10-01T10:00:00'))).toBe(false);
    expect(isWorkday(at('2026-10-10T10:00:00'))).toBe(true);
    expect(isWorkday(at('2026-12-05T10:00:00'))).toBe(false);
    expect(isWorkday(at('2026-12-07T10:00:00'))).toBe(true);
  });
  it('moves to the next working morning', () => {
    expect(nextWorkdayAt(at('2026-09-30T18:00:00'), '08:30')).toEqual(at('2026-10-08T08:30:00'));
    expect(nextWorkdayAt(at('2026-12-04T18:00:00'), '08:30')).toEqual(at('2026-12-07T08:30:00'));
  });
  it('says which years the data covers and falls back to weekends for others', () => {
    expect(coversYear(2026)).toBe(true);
    expect(isWorkday(at('2099-06-06T10:00:00'))).toBe(false);
    expect(isWorkday(at('2099-06-08T10:00:00'))).toBe(true);
  });
});

describe('reporting cycles', () => {
  const rules = defaultRules.reporting;
  it('are due Friday 17:00, moved to the last working day before a holiday Friday', () => {
    expect(dueTimes(at('2026-11-30T00:00:00'), at('2026-12-06T00:00:00'), rules)).toEqual([at('2026-12-04T17:00:00')]);
    // Thursday 1 and Friday 2 October 2026 are National Day holidays: Wednesday is due instead.
    expect(dueTimes(at('2026-09-28T00:00:00'), at('2026-10-04T00:00:00'), rules)).toEqual([at('2026-09-30T17:00:00')]);
    // After the holiday week, Friday 9 October is a working day again.
    expect(dueTimes(at('2026-10-05T00:00:00'), at('2026-10-11T00:00:00'), rules)).toEqual([at('2026-10-09T17:00:00')]);
  });
  it('counts cycles missed since the last report', () => {
    // The report of 20 November counts for that Friday's cycle; 27 November and 4 December are missed.
    expect(missedCycles(at('2026-11-20T10:00:00'), null, at('2026-12-05T10:00:00'), rules)).toBe(2);
    expect(missedCycles(null, at('2026-11-20T10:00:00'), at('2026-12-05T10:00:00'), rules)).toBe(3);
    expect(missedCycles(null, null, at('2026-12-05T10:00:00'), rules)).toBe(0);
  });
  it('never counts a cycle due while the project was 停工', () => {
    const paused = (due: Date) => due >= at('2026-11-25T00:00:00') && due < at('2026-12-01T00:00:00');
    expect(missedCycles(at('2026-11-20T10:00:00'), null, at('2026-12-05T10:00:00'), rules, paused)).toBe(1);
    expect(missedCycles(null, at('2026-11-20T10:00:00'), at('2026-12-05T10:00:00'), rules, paused)).toBe(2);
  });
});

describe('escalation ladder and rules file', () => {
  it.each([
    [6, 0],
    [7, 1],
    [15, 2],
    [30, 3],
  ])('%d days → rung %d', (days, level) => {
    expect(escalationLevel(days, [7, 15, 30])).toBe(level);
  });
  it('reads a partial rules file and names a bad field', () => {
    expect(loadRules('r.json', () => '{"cards": {"blueLagPoints": 3}}').cards).toMatchObject({ blueLagPoints: 3, redLagPoints: 20 });
    expect(() => loadRules('r.json', () => '{"cards": {"blueLagPoints": -1}}')).toThrow(/cards\.blueLagPoints/);
  });
});

describe('local days (memoised time-zone conversion)', () => {
  it('puts instants on either side of local midnight on their own days, and steps days across month ends', async () => {
    const { localDay, addLocalDays } = await import('../src/time.js');
    expect(localDay(new Date('2026-10-15T15:59:59.999Z')).ymd).toBe('2026-10-15');
    expect(localDay(new Date('2026-10-15T16:00:00.000Z'))).toMatchObject({ ymd: '2026-10-16', weekday: 5, daysInMonth: 31 });
    expect(localDay(new Date('2028-02-29T10:00:00+08:00'))).toMatchObject({ month: 2, date: 29, daysInMonth: 29 });
    expect(addLocalDays(new Date('2026-10-31T23:30:00+08:00'), 1).toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(addLocalDays(new Date('2026-03-02T09:00:00+08:00'), -7).toISOString()).toBe('2026-02-22T16:00:00.000Z');
  });
});
