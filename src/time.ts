import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import timezone from 'dayjs/plugin/timezone.js';

dayjs.extend(utc);
dayjs.extend(timezone);
/** Every wall-clock reading in the bot is in the county's time zone. */
dayjs.tz.setDefault('Asia/Shanghai');

export default dayjs;

/** The county-local calendar day an instant falls on. */
export interface LocalDay {
  ymd: string;
  year: number;
  /** 1–12 */
  month: number;
  date: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
  daysInMonth: number;
  startOfDay: Date;
}

const QUARTER_HOUR = 15 * 60_000;
const HALF_DAY = 12 * 3_600_000;
const DAY = 2 * HALF_DAY;
const localDays = new Map<number, LocalDay>();

/**
 * Time-zone conversion is the cost of a run over the whole registry, and such a run asks about
 * the same few days again and again. Every offset in use is a multiple of 15 minutes, so all
 * instants of one UTC quarter hour share a local day: that is the cache key.
 */
export function localDay(d: Date): LocalDay {
  const bucket = Math.floor(d.getTime() / QUARTER_HOUR);
  let day = localDays.get(bucket);
  if (!day) {
    const t = dayjs(bucket * QUARTER_HOUR).tz();
    day = { ymd: t.format('YYYY-MM-DD'), year: t.year(), month: t.month() + 1, date: t.date(), weekday: t.day(), daysInMonth: t.daysInMonth(), startOfDay: t.startOf('day').toDate() };
    if (localDays.size > 50_000) localDays.clear();
    localDays.set(bucket, day);
  }
  return day;
}

/** Local midnight `n` days after the local day of `d` (n may be negative); safe across DST changes. */
export function addLocalDays(d: Date, n: number): Date {
  return localDay(new Date(localDay(d).startOfDay.getTime() + n * DAY + HALF_DAY)).startOfDay;
}
