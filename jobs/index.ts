import type { DailyJob, Job } from './context.js';
import type { Rules } from '../src/domain/rules.js';
import { lateReportReminder, reportReminder } from './report-reminder.js';
import { cardEvaluation } from './card-evaluation.js';
import { problemEscalation } from './escalation.js';
import { approvalOverdue } from './approval-overdue.js';
import { dailyDigest } from './daily-digest.js';
import { weeklySummary } from './weekly-summary.js';
import { monthlyBulletinJob } from './monthly-bulletin.js';
import { quarterlyReview } from './quarterly-review.js';
import { assessmentJob } from './assessment.js';
import { calendarCheck } from './calendar-check.js';

const timed: DailyJob[] = [cardEvaluation, dailyDigest, reportReminder, problemEscalation, approvalOverdue, weeklySummary, assessmentJob, monthlyBulletinJob, quarterlyReview, lateReportReminder];

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const dailyAt = (minutes: number) => `${minutes % 60} ${Math.floor(minutes / 60)} * * *`;

/**
 * Every scheduled job, registered with Agenda in production and run on a manual clock by simulate.
 * Each runs daily at the time its rule gives (README, 定时任务); the digest at the rules' digest time,
 * the same time its window is cut at, so no report falls between two digests. The calendar is
 * reloaded five minutes before the day's first job, so every job of the day sees the same calendar.
 */
export function jobs(rules: Rules): Job[] {
  const daily = timed.map((job) => ({ ...job, cron: dailyAt(minutesOf(job.time(rules))) }));
  const first = Math.min(...timed.map((job) => minutesOf(job.time(rules))));
  return [{ ...calendarCheck, cron: dailyAt(Math.max(0, first - 5)) }, ...daily];
}
