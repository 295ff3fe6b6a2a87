import { createRequire } from 'node:module';
import dayjs, { addLocalDays, localDay } from '../time.js';

/**
 * China's working-day calendar: statutory holidays and 调休 make-up workdays from the
 * `chinese-days` package (updated each year after the State Council publishes the next year's
 * arrangement; a county updates with `npm update chinese-days`). For a year the package does not
 * cover yet, weekends are the only days off and `coversYear` says so.
 */

const require = createRequire(import.meta.url);
const { isWorkday: listedWorkday } = require('chinese-days') as { isWorkday(day: string): boolean };
const table = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string> };
const covered = new Set(Object.keys(table.holidays).map((d) => Number(d.slice(0, 4))));

export function coversYear(year: number): boolean {
  return covered.has(year);
}

export function isWorkday(d: Date): boolean {
  const local = localDay(d);
  if (!coversYear(local.year)) return local.weekday !== 0 && local.weekday !== 6;
  return listedWorkday(local.ymd);
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
