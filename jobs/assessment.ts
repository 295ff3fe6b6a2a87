import type { DailyJob, JobContext } from './context.js';
import type { OutboundMessage } from '../src/messages/outbound.js';
import { bulletinRecipients } from '../src/repo/projects.js';
import { isFirstWorkdayOf, provisionalYears } from '../src/domain/calendar.js';
import { provisionalNote } from '../cards/calendar.js';
import { periodOf, previousPeriod, type Period } from '../src/domain/period.js';
import { assessment, publishPeriod } from '../src/repo/assessments.js';
import { assessmentMessages } from '../src/bulletin/assessment.js';

/** The periods assessed on `now`'s morning: the month just closed, and the quarter and the year when they closed too. */
function closedPeriods(now: Date): Period[] {
  const out: Period[] = [];
  if (isFirstWorkdayOf(now, 'month')) out.push(previousPeriod(periodOf(now, 'month')));
  if (!isFirstWorkdayOf(now, 'quarter')) return out;
  out.push(previousPeriod(periodOf(now, 'quarter')));
  // The year's first working day is the first quarter's.
  if (periodOf(now, 'quarter').key.endsWith('Q1')) out.push(previousPeriod(periodOf(now, 'year')));
  return out;
}

/**
 * The first working morning of each month: last month's scores are published (frozen); on the
 * first of a quarter the quarter's 评比 and, in January, the year's 考核 are published and sent to
 * the leaders and the admins with the workbook and the chart.
 */
export const assessmentJob: DailyJob = {
  name: 'assessment',
  time: (rules) => rules.jobTimes.assessment,
  async run(ctx, now) {
    const periods = closedPeriods(now);
    if (periods.length === 0) return;
    for (const p of periods) await publishPeriod(ctx.db, p, ctx.rules, `system:${this.name}`, now);
    await ctx.outbox.enqueue(await assessmentBulletins(ctx, now));
    ctx.log.info({ job: this.name, periods: periods.map((p) => p.key) }, 'assessment published');
  },
};

/** The quarter's and the year's 评比 as the job sends them on `now` (the month's scores travel in the 月通报). */
export async function assessmentBulletins(ctx: Pick<JobContext, 'db' | 'rules'>, now: Date): Promise<OutboundMessage[]> {
  const recipients = await bulletinRecipients(ctx.db);
  if (recipients.length === 0) return [];
  const out: OutboundMessage[] = [];
  for (const p of closedPeriods(now).filter((x) => x.kind !== 'month')) {
    const a = await assessment(ctx.db, p, previousPeriod(p), ctx.rules);
    // The 漏报 it counts follow the calendar's due days: say so while they are provisional.
    const notes = [...a.notes, ...provisionalNote(provisionalYears(p.from, now))];
    out.push(...(await assessmentMessages({ ...a, notes }, { kind: 'app', userIds: recipients }, assessmentJob.name)));
  }
  return out;
}
