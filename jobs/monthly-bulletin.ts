import type { DailyJob, JobContext } from './context.js';
import { bulletinRecipients } from '../src/repo/projects.js';
import { isFirstWorkdayOf, provisionalYears } from '../src/domain/calendar.js';
import { pausesBetween } from '../src/repo/pauses.js';
import { pauseMark } from '../src/domain/pause.js';
import { provisionalNote } from '../cards/calendar.js';
import { periodEnd } from '../src/repo/period-end.js';
import { periodOf, previousPeriod } from '../src/domain/period.js';
import { scorecardFor } from '../src/repo/assessments.js';
import { monthlyBulletin } from '../src/domain/bulletin/monthly.js';
import { monthProblems } from '../src/domain/bulletin/problems.js';
import { problemsDuring } from '../src/repo/problems.js';
import { monthlyChart, monthlyWorkbook } from '../src/bulletin/attachments.js';
import { monthlyBulletinMessage } from '../cards/bulletin.js';
import type { OutboundMessage } from '../src/messages/outbound.js';

/** The first working morning of each month: last month's 月通报 to the leaders and the admins, with its .xlsx and chart. */
export const monthlyBulletinJob: DailyJob = {
  name: 'monthly-bulletin',
  time: (rules) => rules.jobTimes.monthlyBulletin,
  async run(ctx, now) {
    if (!isFirstWorkdayOf(now, 'month')) return;
    const messages = await monthlyBulletinMessages(ctx, now);
    await ctx.outbox.enqueue(messages);
    ctx.log.info({ job: this.name, messages: messages.length }, 'monthly bulletin queued');
  },
};

/** Last month's 月通报 as the job sends it on `now` (also what `report monthly` previews). */
export async function monthlyBulletinMessages(ctx: Pick<JobContext, 'db' | 'rules' | 'links'>, now: Date): Promise<OutboundMessage[]> {
  const recipients = await bulletinRecipients(ctx.db);
  if (recipients.length === 0) return [];
  const period = previousPeriod(periodOf(now, 'month'));
  const month = period.key;
  // The bulletin and its scorecard start from the same reading of the registry and the figures.
  const end = await periodEnd(ctx.db, period);
  const whole = monthlyBulletin(period, end);
  const [year, m] = month.split('-').map(Number) as [number, number];
  const target = { kind: 'app', userIds: recipients } as const;
  const origin = { job: monthlyBulletinJob.name };
  const paused = (await pausesBetween(ctx.db, period.from, period.to)).map((p) => ({ project: p.project, mark: pauseMark(p) }));
  // A project 停工 in the month is listed as such, in the text and the workbook, not as 未报送.
  const pausedNames = new Set(paused.map((p) => p.project));
  const bulletin = { ...whole, unreported: whole.unreported.filter((p) => !pausedNames.has(p.name)) };
  const notes = provisionalNote(provisionalYears(period.from, now));
  // 超期 as the digest's 久拖未决 and the 黄牌 count it.
  const problems = monthProblems(await problemsDuring(ctx.db, period.from, period.to), period, ctx.rules.cards.yellowProblemDays);
  return [
    { key: `monthly:${month}:text`, target, body: monthlyBulletinMessage(bulletin, await scorecardFor(ctx.db, period, ctx.rules, end), problems, paused, notes, ctx.links?.overview()), origin },
    { key: `monthly:${month}:xlsx`, target, body: { msgtype: 'file', fileName: `${year}年${m}月重点项目月通报.xlsx`, contentBase64: (await monthlyWorkbook(bulletin, problems)).toString('base64') }, origin },
    { key: `monthly:${month}:chart`, target, body: { msgtype: 'image', contentBase64: monthlyChart(bulletin).toString('base64') }, origin },
  ];
}
