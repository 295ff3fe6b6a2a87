import { CronExpressionParser } from 'cron-parser';
/** Anything run on a cron in Asia/Shanghai: a ScheduledJob (src/scheduler.ts). */
interface OnCron {
  cron: string;
}

export interface DueRun<J extends OnCron> {
  job: J;
  at: Date;
}

/**
 * Every run of `jobs` that falls due in (from, to], in time order (ties in list order): what Agenda
 * would have run had the clock moved from `from` to `to`. Used when a simulated clock jumps.
 */
export function dueRuns<J extends OnCron>(jobs: J[], from: Date, to: Date, timezone: string): DueRun<J>[] {
  const runs: (DueRun<J> & { order: number })[] = [];
  jobs.forEach((job, order) => {
    const it = CronExpressionParser.parse(job.cron, { currentDate: from, endDate: to, tz: timezone });
    while (it.hasNext()) {
      const at = it.next().toDate();
      if (at.getTime() > from.getTime() && at.getTime() <= to.getTime()) runs.push({ job, at, order });
    }
  });
  runs.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  return runs.map(({ job, at }) => ({ job, at }));
}

/** The latest time `job` was due at or before `now` (its current period); null if its cron never fired in the last year. */
export function lastDueAt(job: OnCron, now: Date, timezone: string): Date | null {
  const it = CronExpressionParser.parse(job.cron, { currentDate: new Date(now.getTime() + 1), tz: timezone });
  const at = it.prev().toDate();
  return now.getTime() - at.getTime() <= YEAR_MS ? at : null;
}

/** The next time `job` is due after `at`. */
export function nextDueAt(job: OnCron, at: Date, timezone: string): Date {
  return CronExpressionParser.parse(job.cron, { currentDate: at, tz: timezone }).next().toDate();
}

const YEAR_MS = 366 * 86_400_000;
