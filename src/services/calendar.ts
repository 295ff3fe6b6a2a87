import fs from 'node:fs';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { calendarEntrySchema, coversYear, useCountyCalendar, type CalendarEntry } from '../domain/calendar.js';
import { calendarEntries } from '../repo/calendar.js';
import { localDay } from '../time.js';

export class CalendarFileError extends Error {
  override name = 'CalendarFileError';
}

/** Reads a calendar file (`[{date, kind, name}]`), naming every bad entry; duplicates of a date are refused. */
export function readCalendarFile(file: string): CalendarEntry[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CalendarFileError(`节假日文件 ${file} 无法读取或不是 JSON：${(err as Error).message}`);
  }
  const parsed = z.array(z.unknown(), { message: '节假日文件应为数组：[{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, …]' }).safeParse(raw);
  if (!parsed.success) throw new CalendarFileError(parsed.error.issues[0]!.message);
  const problems: string[] = [];
  const seen = new Set<string>();
  const entries: CalendarEntry[] = [];
  parsed.data.forEach((item, i) => {
    const one = calendarEntrySchema.safeParse(item);
    if (!one.success) return void problems.push(`第 ${i + 1} 条：${one.error.issues.map((x) => `${x.path.join('.') || '内容'} ${x.message}`).join('；')}`);
    if (seen.has(one.data.date)) return void problems.push(`第 ${i + 1} 条：${one.data.date} 重复`);
    seen.add(one.data.date);
    entries.push(one.data);
  });
  if (problems.length > 0) throw new CalendarFileError(`节假日文件 ${file} 有 ${problems.length} 处错误：\n${problems.join('\n')}`);
  return entries;
}

/** The years at `now` whose arrangement must be known: this one, and from 1 November the next. */
export function yearsNeeded(now: Date): number[] {
  const { year, month } = localDay(now);
  return month >= 11 ? [year, year + 1] : [year];
}

/** The needed years that neither the package nor the county covers (the calendar is provisional for them). */
export function uncoveredYears(now: Date): number[] {
  return yearsNeeded(now).filter((y) => !coversYear(y));
}

/**
 * Puts the county's calendar in force: the stored entries, then the calendar file's (which win).
 * Returns the needed years that neither the package nor the county covers (provisional).
 */
export async function loadCountyCalendar(db: Db, file: string | undefined, now: Date): Promise<number[]> {
  const stored = await calendarEntries(db);
  const fromFile = file ? readCalendarFile(file) : [];
  const byDate = new Map([...stored, ...fromFile].map((e) => [e.date, e]));
  useCountyCalendar([...byDate.values()]);
  return uncoveredYears(now);
}

/** How an admin adds a year the calendar does not cover, for logs and messages. */
export const HOW_TO_ADD_YEAR = '按国务院办公厅通知整理该年放假和调休上班日期，执行 npm run -s cli -- calendar import 文件.json（或设置 CALENDAR_FILE）';
