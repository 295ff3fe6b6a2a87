import dayjs, { addLocalDays, localDay } from '../time.js';
import { normaliseWidth } from './normalise.js';

/** A span of local days: from the start of the first to the start of the day after the last. */
export interface DaySpan {
  from: Date;
  until: Date;
}

const DATE = /(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/g;

/** A date without a year is the next such day on or after `today` (a 停工 to 1月5日 written in December means next January). */
function dayOf(m: RegExpExecArray, today: Date): Date | null {
  const [, y, mo, d] = m;
  const t = localDay(today);
  let day = dayjs.tz(`${y ?? t.year}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`, 'Asia/Shanghai');
  if (!day.isValid() || day.month() + 1 !== Number(mo) || day.date() !== Number(d)) return null;
  if (!y && day.toDate() < t.startOfDay) day = day.add(1, 'year');
  return day.toDate();
}

/**
 * The days a 停工 or 请假 covers, read from what people write: `至12月15日`, `12月8日至12月12日`,
 * `2027年1月4日到1月8日`, `下周`, `明天`, `本周`. A span with one date ending is from today.
 * Null when no day is named or the end is before the start.
 */
export function readDaySpan(input: string, today: Date): (DaySpan & { rest: string }) | null {
  const text = normaliseWidth(input);
  const dates = [...text.matchAll(DATE)].flatMap((m) => {
    const day = dayOf(m, today);
    return day ? [{ day, index: m.index, length: m[0].length }] : [];
  });
  const start = localDay(today).startOfDay;
  const strip = (ranges: Array<{ index: number; length: number }>) => {
    let rest = text;
    for (const r of [...ranges].sort((a, b) => b.index - a.index)) rest = rest.slice(0, r.index) + rest.slice(r.index + r.length);
    return rest.replace(/^[\s:：,，]*(?:从|自)?\s*(?:至|到|~|—|-)?\s*/, '').trim();
  };
  if (dates.length >= 2) {
    const [a, b] = dates as [(typeof dates)[0], (typeof dates)[0]];
    const span = { from: a.day, until: addLocalDays(b.day < a.day ? dayjs(b.day).add(1, 'year').toDate() : b.day, 1) };
    const between = text.slice(a.index + a.length, b.index);
    return { ...span, rest: strip([a, b, { index: a.index + a.length, length: between.length }]) };
  }
  if (dates.length === 1) {
    const [a] = dates as [(typeof dates)[0]];
    const until = addLocalDays(a.day, 1);
    if (until <= start) return null;
    return { from: start, until, rest: strip([a]) };
  }
  const weekday = (localDay(today).weekday + 6) % 7;
  const named: Array<[RegExp, Date, Date]> = [
    [/下周|下个?星期|下礼拜/, addLocalDays(today, 7 - weekday), addLocalDays(today, 14 - weekday)],
    [/本周|这周|这个?星期/, start, addLocalDays(today, 7 - weekday)],
    [/明天|明日/, addLocalDays(today, 1), addLocalDays(today, 2)],
    [/今天|今日/, start, addLocalDays(today, 1)],
  ];
  for (const [re, from, until] of named) {
    const m = re.exec(text);
    if (m) return { from, until, rest: strip([{ index: m.index, length: m[0].length }]) };
  }
  return null;
}
