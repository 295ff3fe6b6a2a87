import type { Job } from './context.js';
import { peopleByRole } from '../src/repo/projects.js';
import { isFirstWorkdayOf } from '../src/domain/calendar.js';
import { loadCountyCalendar } from '../src/services/calendar.js';
import { calendarMissing } from '../cards/calendar.js';
import { localDay } from '../src/time.js';

/**
 * Each morning five minutes before the first job (jobs/index.ts): the county's calendar as stored now (an import made while the
 * bot runs takes effect the same day). From 1 November, on the week's first working day until it is
 * imported: a message that next year's (or this year's) arrangement is missing.
 */
export const calendarCheck: Omit<Job, 'cron'> = {
  name: 'calendar-check',
  async run(ctx, now) {
    const missing = await loadCountyCalendar(ctx.db, ctx.calendarFile, now);
    if (!isFirstWorkdayOf(now, 'week')) return;
    if (missing.length === 0) return;
    const admins = (await peopleByRole(ctx.db, 'admin')).map((p) => p.userid);
    if (admins.length === 0) return;
    await ctx.outbox.enqueue({
      key: `calendar:${missing.join(',')}:${localDay(now).ymd}`,
      target: { kind: 'app', userIds: admins },
      body: calendarMissing(missing),
      origin: { job: this.name },
    });
  },
};
