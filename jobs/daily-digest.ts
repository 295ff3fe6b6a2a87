import type { DailyJob, JobContext } from './context.js';
import type { OutboundMessage } from '../src/messages/outbound.js';
import { peopleByRole } from '../src/repo/projects.js';
import { isWorkday } from '../src/domain/calendar.js';
import { digestSource } from '../src/services/digest.js';
import { digestFacts } from '../src/domain/digest.js';
import { digestMessage, isEmptyDigest } from '../cards/digest.js';
import { previousDigestAt } from '../src/domain/digest-window.js';
import { localDay } from '../src/time.js';

/** At the digest time of the rules (default 08:30; jobs/index.ts sets the cron) on working days, to each leader: what happened since the last digest. */
export const dailyDigest: DailyJob = {
  name: 'daily-digest',
  time: (rules) => rules.digest.time,
  async run(ctx, now) {
    if (!isWorkday(now)) return;
    await ctx.outbox.enqueue(await dailyDigestMessages(ctx, now));
  },
};

/** Each leader's digest as the job sends it on `now` (also what `report digest` previews). */
export async function dailyDigestMessages(ctx: Pick<JobContext, 'db' | 'rules' | 'links'>, now: Date): Promise<OutboundMessage[]> {
  const from = previousDigestAt(now, ctx.rules.digest.time);
  const source = await digestSource(ctx.db, from, now);
  const out: OutboundMessage[] = [];
  for (const leader of await peopleByRole(ctx.db, 'leader')) {
    const facts = digestFacts(source, leader, ctx.rules);
    if (facts.projectCount === 0 || (ctx.rules.digest.skipEmpty && isEmptyDigest(facts))) continue;
    // One digest per leader per working day, whichever instance or retry runs it.
    out.push({ key: `digest:${leader.userid}:${localDay(now).ymd}`, target: { kind: 'app', userIds: [leader.userid] }, body: digestMessage(facts, undefined, undefined, ctx.links?.overview()), origin: { job: dailyDigest.name } });
  }
  return out;
}
