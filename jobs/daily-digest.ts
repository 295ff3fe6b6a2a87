import type { Job } from './context.js';
import { peopleByRole } from '../src/repo/projects.js';
import { isWorkday } from '../src/domain/calendar.js';
import { digestFacts } from '../src/bot/digest.js';
import { digestMessage, isEmptyDigest } from '../cards/digest.js';
import { previousDigestAt } from '../src/bot/digest-window.js';

/** 08:30 on working days, to each leader for their own projects: what happened since the last digest. */
export const dailyDigest: Job = {
  name: 'daily-digest',
  cron: '30 8 * * *',
  async run(ctx, now) {
    if (!isWorkday(now)) return;
    const from = previousDigestAt(now, ctx.rules.digest.time);
    for (const leader of await peopleByRole(ctx.db, 'leader')) {
      const facts = await digestFacts(ctx.db, leader, from, now, ctx.rules);
      if (facts.projectCount === 0 || (ctx.rules.digest.skipEmpty && isEmptyDigest(facts))) continue;
      await ctx.outbox.enqueue({
        key: `digest:${leader.userid}:${now.toISOString()}`,
        target: { kind: 'app', userIds: [leader.userid] },
        body: digestMessage(facts),
        origin: { job: this.name },
      });
    }
  },
};
