import dayjs from '../time.js';
import { isWorkday } from './calendar.js';

/** The digest before the one at `now`: the previous working day at the digest time (covers weekends and holidays). */
export function previousDigestAt(now: Date, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  let t = dayjs(now).tz().hour(h).minute(m).second(0).millisecond(0);
  if (!t.isBefore(now)) t = t.subtract(1, 'day');
  for (let i = 0; i < 40 && !isWorkday(t.toDate()); i++) t = t.subtract(1, 'day');
  return t.toDate();
}
