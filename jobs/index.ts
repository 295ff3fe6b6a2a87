import type { Job } from './context.js';
import type { Rules } from '../src/domain/rules.js';
import { reportReminder } from './report-reminder.js';
import { cardEvaluation } from './card-evaluation.js';
import { problemEscalation } from './escalation.js';
import { approvalOverdue } from './approval-overdue.js';
import { dailyDigest } from './daily-digest.js';
import { weeklySummary } from './weekly-summary.js';
import { monthlyBulletinJob } from './monthly-bulletin.js';
import { quarterlyReview } from './quarterly-review.js';
import { assessmentJob } from './assessment.js';
import { calendarCheck } from './calendar-check.js';

const all: Job[] = [cardEvaluation, dailyDigest, reportReminder, problemEscalation, approvalOverdue, weeklySummary, assessmentJob, monthlyBulletinJob, quarterlyReview, calendarCheck];

/** `hh:mm` as a daily cron expression. */
const daily = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return `${m} ${h} * * *`;
};

/**
 * Every scheduled job, registered with Agenda in production and run on a manual clock by simulate.
 * The digest runs at the rules' digest time, the same time its window is cut at, so no report falls
 * between two digests.
 */
export function jobs(rules: Rules): Job[] {
  return all.map((job) => (job === dailyDigest ? { ...job, cron: daily(rules.digest.time) } : job));
}
