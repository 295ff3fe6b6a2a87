import { createRequire } from 'node:module';
import dayjs, { addLocalDays, localDay } from '../time.js';

import { z } from 'zod';

/**
 * China's working-day calendar, owned by the county: statutory holidays and 调休 make-up workdays
 * from the `chinese-days` package, overridden by the county's own entries (the 台账's calendar, a
 * calendar file, `cli calendar import`), which win. The State Council publishes next year's
 * arrangement around November, before any package release, so the county can enter it itself.
 * A year covered by neither is provisional: weekends and the statutory days that need no notice
 * (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆 1–3) are off, and `coversYear` says it is provisional.
 */

const require = createRequire(import.meta.url);
const chineseDays = require('chinese-days') as {
  isWorkday(day: string): boolean;
  getSolarDateFromLunar(lunar: string): { date: string };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
};
const table = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const packaged = new Set(Object.keys(table.holidays).map((d) => Number(d.slice(0, 4))));

export const calendarEntrySchema = z.object({
  date: z.iso.date({ message: '日期应为 YYYY-MM-DD' }),
  kind: z.enum(['holiday', 'workday'], { message: 'kind 应为 holiday（放假）或 workday（调休上班）' }),
  name: z.string().trim().min(1, '请写上名称，如 元旦、调休上班'),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

/** The county's entries by date; set at start-up from the store and the calendar file. */
let county = new Map<string, CalendarEntry>();
let countyYears = new Set<number>();

/** Replaces the county's own entries (start-up, after an import; tests reset with []). */
export function useCountyCalendar(entries: CalendarEntry[]): void {
  county = new Map(entries.map((e) => [e.date, e]));
  countyYears = new Set(entries.filter((e) => e.kind === 'holiday').map((e) => Number(e.date.slice(0, 4))));
}

/** The year's arrangement is known (the package's or the county's); otherwise the calendar is provisional. */
export function coversYear(year: number): boolean {
  return packaged.has(year) || countyYears.has(year);
}

/** The years from `from`'s to `to`'s that neither the package nor the county covers: what a bulletin over them says is provisional. */
export function provisionalYears(from: Date, to: Date): number[] {
  const years: number[] = [];
  for (let y = localDay(from).year; y <= localDay(to).year; y++) if (!coversYear(y)) years.push(y);
  return years;
}

const statutory = new Map<number, Map<string, string>>();

/** Days off the law fixes without a notice, by date: 元旦, 春节 初一–初三, 清明, 劳动节, 端午, 中秋, 国庆 1–3. */
export function statutoryHolidays(year: number): Map<string, string> {
  let days = statutory.get(year);
  if (!days) {
    const lunar = (md: string) => chineseDays.getSolarDateFromLunar(`${year}-${md}`).date;
    const spring = lunar('01-01');
    const after = (ymd: string, n: number) => dayjs.tz(ymd).add(n, 'day').format('YYYY-MM-DD');
    days = new Map([
      [`${year}-01-01`, '元旦'],
      [spring, '春节'],
      [after(spring, 1), '春节'],
      [after(spring, 2), '春节'],
      [chineseDays.getSolarTermDate(year, 4, 'pure_brightness'), '清明节'],
      [`${year}-05-01`, '劳动节'],
      [lunar('05-05'), '端午节'],
      [lunar('08-15'), '中秋节'],
      [`${year}-10-01`, '国庆节'],
      [`${year}-10-02`, '国庆节'],
      [`${year}-10-03`, '国庆节'],
    ]);
    statutory.set(year, days);
  }
  return days;
}

/** What a day is and why: 'holiday' or 'workday' with its name, or an ordinary day (null). */
export function dayNote(d: Date): { kind: CalendarEntry['kind']; name: string } | null {
  const { ymd, year } = localDay(d);
  const own = county.get(ymd);
  if (own) return { kind: own.kind, name: own.name };
  if (packaged.has(year)) {
    const listed = table.holidays[ymd] ?? table.workdays[ymd];
    if (!listed) return null;
    return { kind: table.holidays[ymd] ? 'holiday' : 'workday', name: listed.split(',')[1] ?? listed };
  }
  const name = countyYears.has(year) ? undefined : statutoryHolidays(year).get(ymd);
  return name ? { kind: 'holiday', name } : null;
}

export function isWorkday(d: Date): boolean {
  const local = localDay(d);
  const own = county.get(local.ymd);
  if (own) return own.kind === 'workday';
  if (packaged.has(local.year)) return chineseDays.isWorkday(local.ymd);
  const weekday = local.weekday !== 0 && local.weekday !== 6;
  // A year the county entered is exactly what it entered; one nobody covers keeps the statutory days.
  return weekday && (countyYears.has(local.year) || !statutoryHolidays(local.year).has(local.ymd));
}

/** `hh:mm` on the first working day at or after `from`'s date whose moment is not before `from`. */
export function nextWorkdayAt(from: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  let t = dayjs(from).tz().hour(h).minute(m).second(0).millisecond(0);
  if (t.isBefore(from)) t = t.add(1, 'day');
  for (let i = 0; i < 40 && !isWorkday(t.toDate()); i++) t = t.add(1, 'day');
  return t.toDate();
}

/**
 * True on the first working day of its week, month or quarter: weekly and monthly bulletins go
 * out then, so a period that starts on a holiday is reported on the next working morning.
 */
export function isFirstWorkdayOf(now: Date, unit: 'week' | 'month' | 'quarter'): boolean {
  if (!isWorkday(now)) return false;
  const local = localDay(now);
  const sinceStart =
    unit === 'week' ? (local.weekday + 6) % 7 : unit === 'month' ? local.date - 1 : dayjs(local.startOfDay).tz().diff(dayjs(local.startOfDay).tz().month(Math.floor((local.month - 1) / 3) * 3).date(1), 'day');
  for (let back = 1; back <= sinceStart; back++) if (isWorkday(addLocalDays(now, -back))) return false;
  return true;
}
