import type { Job } from './context.js';
import { peopleByRole } from '../src/repo/projects.js';
import { isFirstWorkdayOf } from '../src/domain/calendar.js';
import { uncoveredYears } from '../src/services/calendar.js';
import { calendarMissing } from '../cards/calendar.js';
import { localDay } from '../src/time.js';

/** From 1 November, weekly until it is imported: next year's (or this year's) arrangement is missing. */
export const calendarCheck: Job = {
  name: 'calendar-check',
  cron: '5 9 * * *',
  async run(ctx, now) {
    if (!isFirstWorkdayOf(now, 'week')) return;
    const missing = uncoveredYears(now);
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
