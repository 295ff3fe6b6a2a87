import type { DailyJob, JobContext } from './context.js';
import type { OutboundMessage } from '../src/messages/outbound.js';
import { allProjects, peopleByRole } from '../src/repo/projects.js';
import { isFirstWorkdayOf } from '../src/domain/calendar.js';
import { periodEnd } from '../src/repo/period-end.js';
import { periodOf, previousPeriod } from '../src/domain/period.js';
import { monthlyBulletin } from '../src/domain/bulletin/monthly.js';
import { adjustmentCandidates } from '../src/domain/bulletin/quarterly.js';
import { quarterlyReviewMessage } from '../cards/quarterly.js';

/** The first working morning of each quarter: last quarter's 动态调整 list to the admins. */
export const quarterlyReview: DailyJob = {
  name: 'quarterly-review',
  time: (rules) => rules.jobTimes.quarterlyReview,
  async run(ctx, now) {
    if (!isFirstWorkdayOf(now, 'quarter')) return;
    await ctx.outbox.enqueue(await quarterlyReviewMessages(ctx, now));
  },
};

/** Last quarter's 动态调整 list as the job sends it on `now` (also what `report quarterly` previews). */
export async function quarterlyReviewMessages(ctx: Pick<JobContext, 'db' | 'rules'>, now: Date): Promise<OutboundMessage[]> {
  const admins = (await peopleByRole(ctx.db, 'admin')).map((p) => p.userid);
  if (admins.length === 0) return [];
  const quarter = previousPeriod(periodOf(now, 'quarter'));
  // The quarter as it stood at its end: the 月通报 facts of its last month.
  const lastMonth = previousPeriod(periodOf(quarter.to, 'month'));
  const bulletin = monthlyBulletin(lastMonth, await periodEnd(ctx.db, lastMonth));
  const threshold = ctx.rules.cards.redLagPoints;
  const candidates = adjustmentCandidates(bulletin, await allProjects(ctx.db), threshold, quarter.to);
  return [{ key: `quarterly:${quarter.key}`, target: { kind: 'app', userIds: admins }, body: quarterlyReviewMessage(quarter.label, candidates, threshold), origin: { job: quarterlyReview.name } }];
}
