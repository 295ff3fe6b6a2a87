import dayjs from '../time.js';

/** When scheduled pushes may reach people: `from`–`until` local time, every day (rules.quietHours). */
export interface PushWindow {
  from: string;
  until: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** `now` when it falls inside the window, else the window's next opening (a 22:40 push waits until 08:00). */
export function nextOpenAt(now: Date, window: PushWindow): Date {
  const local = dayjs(now).tz();
  const minute = local.hour() * 60 + local.minute();
  const from = minutesOf(window.from);
  if (minute >= from && minute < minutesOf(window.until)) return now;
  const opening = local.startOf('day').add(from, 'minute');
  return (minute < from ? opening : opening.add(1, 'day')).toDate();
}
