import type { Job } from './context.js';
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

/** Every scheduled job, registered with Agenda in production and run on a manual clock by simulate. */
export const jobs: Job[] = [cardEvaluation, dailyDigest, reportReminder, problemEscalation, approvalOverdue, weeklySummary, assessmentJob, monthlyBulletinJob, quarterlyReview, calendarCheck];
