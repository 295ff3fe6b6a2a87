import type { Job, JobContext } from './context.js';
import type { OutboundMessage } from '../src/wecom/outbound.js';
import { allProjects, peopleByRole } from '../src/repo/projects.js';
import { isFirstWorkdayOf } from '../src/domain/calendar.js';
import { loadMonth, previousMonth } from '../src/bulletin/load.js';
import { monthlyBulletin } from '../src/bulletin/monthly.js';
import { adjustmentCandidates } from '../src/bulletin/quarterly.js';
import { quarterlyReviewMessage } from '../cards/quarterly.js';

/** "2026-09" → "2026年第3季度". */
export function quarterOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${year}年第${Math.ceil(m / 3)}季度`;
}

/** The first working morning of each quarter: last quarter's 动态调整 list to the admins. */
export const quarterlyReview: Job = {
  name: 'quarterly-review',
  cron: '45 9 * * *',
  async run(ctx, now) {
    if (!isFirstWorkdayOf(now, 'quarter')) return;
    await ctx.outbox.enqueue(await quarterlyReviewMessages(ctx, now));
  },
};

/** Last quarter's 动态调整 list as the job sends it on `now` (also what `report quarterly` previews). */
export async function quarterlyReviewMessages(ctx: Pick<JobContext, 'db' | 'rules'>, now: Date): Promise<OutboundMessage[]> {
  const admins = (await peopleByRole(ctx.db, 'admin')).map((p) => p.userid);
  if (admins.length === 0) return [];
  const last = previousMonth(now);
  const bulletin = monthlyBulletin(await loadMonth(ctx.db, last.month));
  const threshold = ctx.rules.cards.redLagPoints;
  const candidates = adjustmentCandidates(bulletin, await allProjects(ctx.db), threshold, last.to);
  return [{ key: `quarterly:${last.month}`, target: { kind: 'app', userIds: admins }, body: quarterlyReviewMessage(quarterOf(last.month), candidates, threshold), origin: { job: quarterlyReview.name } }];
}
