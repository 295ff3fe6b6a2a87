import dayjs, { addLocalDays, localDay } from '../time.js';
import { isWorkday } from './calendar.js';
import type { Rules } from './rules.js';

/**
 * Reporting due times (weekly, default Friday 17:00) in [from, to]. When the due day is a holiday
 * the last working day before it in that week is due instead; a week with no working day has none.
 */
export function dueTimes(from: Date, to: Date, rules: Rules['reporting']): Date[] {
  const out: Date[] = [];
  let monday = addLocalDays(from, -((localDay(from).weekday + 6) % 7));
  while (monday < to) {
    const due = weekDue(monday, rules);
    if (due && due >= from && due <= to) out.push(due);
    monday = addLocalDays(monday, 7);
  }
  return out;
}

// Every project asks about the same few weeks: a week's due time is computed once (a few dozen a year).
const dueByWeek = new Map<string, Date | null>();

function weekDue(monday: Date, rules: Rules['reporting']): Date | null {
  const key = `${monday.getTime()}|${rules.dueWeekday}|${rules.dueTime}`;
  let due = dueByWeek.get(key);
  if (due === undefined) {
    const [h, m] = rules.dueTime.split(':').map(Number) as [number, number];
    due = null;
    for (let d = rules.dueWeekday; d >= 1 && !due; d--) {
      const candidate = dayjs(addLocalDays(monday, d - 1)).tz().hour(h).minute(m).toDate();
      if (isWorkday(candidate)) due = candidate;
    }
    dueByWeek.set(key, due);
  }
  return due;
}

/**
 * Reporting cycles that closed without a report: a report counts for the first due time at or
 * after it, so only the due times after that one are missed. With no report yet, every due time
 * since tracking began is missed. A due time `excused` says (the project was 停工 then) is never missed.
 */
export function missedCycles(lastReportAt: Date | null, trackedSince: Date | null, now: Date, rules: Rules['reporting'], excused: (due: Date) => boolean = () => false): number {
  const since = lastReportAt ?? trackedSince;
  if (!since) return 0;
  const closed = dueTimes(since, now, rules).filter((d) => d > since);
  return (lastReportAt ? closed.slice(1) : closed).filter((d) => !excused(d)).length;
}
