import type { DailyJob, JobContext } from './context.js';
import type { OutboundMessage } from '../src/messages/outbound.js';
import { peopleByRole } from '../src/repo/projects.js';
import { isFirstWorkdayOf, provisionalYears } from '../src/domain/calendar.js';
import { provisionalNote } from '../cards/calendar.js';
import { digestSource } from '../src/services/digest.js';
import { digestFacts } from '../src/domain/digest.js';
import { digestMessage } from '../cards/digest.js';
import { addLocalDays, localDay } from '../src/time.js';

/** The first working morning of each week, to each lead department: its projects over the last week. */
export const weeklySummary: DailyJob = {
  name: 'weekly-summary',
  time: (rules) => rules.jobTimes.weeklySummary,
  async run(ctx, now) {
    if (!isFirstWorkdayOf(now, 'week')) return;
    await ctx.outbox.enqueue(await weeklySummaryMessages(ctx, now));
  },
};

/** Last week's summaries as the job sends them on `now` (also what `report weekly` previews). */
export async function weeklySummaryMessages(ctx: Pick<JobContext, 'db' | 'rules' | 'links'>, now: Date): Promise<OutboundMessage[]> {
  const thisMonday = addLocalDays(now, -((localDay(now).weekday + 6) % 7));
  const from = addLocalDays(thisMonday, -7);
  const source = await digestSource(ctx.db, from, thisMonday);
  const notes = provisionalNote(provisionalYears(from, now));
  const out: OutboundMessage[] = [];
  for (const person of await peopleByRole(ctx.db, 'department')) {
    const facts = digestFacts(source, person, ctx.rules);
    if (facts.projectCount === 0) continue;
    out.push({ key: `weekly:${person.userid}:${localDay(thisMonday).ymd}`, target: { kind: 'app', userIds: [person.userid] }, body: digestMessage(facts, '专班周报', notes, ctx.links?.overview()), origin: { job: weeklySummary.name } });
  }
  return out;
}
