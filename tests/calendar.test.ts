import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coversYear, dayNote, isWorkday, statutoryHolidays, useCountyCalendar } from '../src/domain/calendar.js';
import { CalendarFileError, readCalendarFile, yearsNeeded } from '../src/services/calendar.js';

const day = (ymd: string) => new Date(`${ymd}T10:00:00+08:00`);
afterEach(() => useCountyCalendar([]));

describe('county calendar', () => {
  it('uses the package for the years it covers', () => {
    expect(coversYear(2026)).toBe(true);
    expect(isWorkday(day('2026-10-01'))).toBe(false);
    expect(isWorkday(day('2026-10-08'))).toBe(true);
  });

  it('in a year nobody covers, is provisional and still keeps the statutory days off it can know', () => {
    expect(coversYear(2027)).toBe(false);
    expect([...statutoryHolidays(2027).keys()]).toEqual([
      '2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-04-05', '2027-05-01', '2027-06-09', '2027-09-15', '2027-10-01', '2027-10-02', '2027-10-03',
    ]);
    expect(isWorkday(day('2027-01-01'))).toBe(false);
    expect(isWorkday(day('2027-02-08'))).toBe(false);
    expect(isWorkday(day('2027-01-04'))).toBe(true);
    expect(isWorkday(day('2027-01-02'))).toBe(false);
    expect(dayNote(day('2027-09-15'))).toEqual({ kind: 'holiday', name: '中秋节' });
  });

  it("lets the county's entries win over the package and the fallback, and a year with entries counts as covered", () => {
    useCountyCalendar([
      { date: '2027-02-09', kind: 'holiday', name: '春节' },
      { date: '2027-02-20', kind: 'workday', name: '调休上班' },
      { date: '2026-10-08', kind: 'holiday', name: '县里补休' },
    ]);
    expect(coversYear(2027)).toBe(true);
    expect(isWorkday(day('2027-02-09'))).toBe(false);
    expect(isWorkday(day('2027-02-20'))).toBe(true);
    expect(isWorkday(day('2026-10-08'))).toBe(false);
    // Once the county covers the year, the fallback's guesses no longer apply.
    expect(isWorkday(day('2027-06-09'))).toBe(true);
  });

  it('needs next year from 1 November', () => {
    expect(yearsNeeded(day('2026-10-31'))).toEqual([2026]);
    expect(yearsNeeded(day('2026-11-01'))).toEqual([2026, 2027]);
  });

  it('reads a calendar file and names every bad entry', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cal-'));
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]));
    expect(readCalendarFile(good)).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([{ date: '2027-13-01', kind: 'holiday', name: '元旦' }, { date: '2027-01-02', kind: 'off', name: 'x' }, { date: '2027-01-03', kind: 'holiday', name: '' }, { date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2027-01-01', kind: 'holiday', name: '元旦' }]));
    expect(() => readCalendarFile(bad)).toThrow(CalendarFileError);
    const message = (() => { try { readCalendarFile(bad); } catch (e) { return (e as Error).message; } return ''; })();
    expect(message).toContain('4 处错误');
    expect(message).toContain('第 1 条：date 日期应为 YYYY-MM-DD');
    expect(message).toContain('第 2 条：kind');
    expect(message).toContain('第 3 条：name');
    expect(message).toContain('第 5 条：2027-01-01 重复');
    fs.writeFileSync(bad, '{not json');
    expect(() => readCalendarFile(bad)).toThrow(/不是 JSON/);
  });
});
