import type { DailyJob, JobContext } from './context.js';
import { allProjects } from '../src/repo/projects.js';
import type { ProjectDoc } from '../src/domain/records.js';
import { latestFigures } from '../src/repo/reports.js';
import { pausesBetween } from '../src/repo/pauses.js';
import { leavesAt } from '../src/repo/leaves.js';
import { pauseAt, standIns } from '../src/domain/pause.js';
import { dueTimes } from '../src/domain/cycles.js';
import { isWorkday } from '../src/domain/calendar.js';
import { viaWebhook } from '../src/services/group-route.js';
import { reminderMessage } from '../cards/reminder.js';
import type { OutboundMessage } from '../src/messages/outbound.js';
import dayjs from '../src/time.js';

/**
 * Each working-day run looks at the cycle due today: at the reminder time every group without a
 * report for the cycle is reminded, at the late reminder time (after the due time) the ones still
 * missing get a firmer note. A project that has reported is never reminded; keys make each
 * reminder go out once. A project 停工 today is not reminded; a liaison on leave is stood in for by the deputy.
 */
const reminderJob = (name: string, time: DailyJob['time']): DailyJob => ({ name, time, run: (ctx, now) => remind(ctx, now, name) });
export const reportReminder = reminderJob('report-reminder', (rules) => rules.reporting.reminderTime);
export const lateReportReminder = reminderJob('report-reminder-late', (rules) => rules.reporting.lateReminderTime);

async function remind(ctx: JobContext, now: Date, job: string): Promise<void> {
  if (!isWorkday(now)) return;
  const today = dayjs(now).tz();
  const due = dueTimes(today.startOf('day').toDate(), today.endOf('day').toDate(), ctx.rules.reporting)[0];
  if (!due) return;
  const late = now >= due;
  const cycleStart = dueTimes(dayjs(due).subtract(14, 'day').toDate(), dayjs(due).subtract(1, 'minute').toDate(), ctx.rules.reporting).at(-1) ?? dayjs(due).subtract(7, 'day').toDate();
  const messages: OutboundMessage[] = [];
  const [leaves, pauses] = await Promise.all([leavesAt(ctx.db, now), pausesBetween(ctx.db, now, new Date(now.getTime() + 1))]);
  for (const project of await allProjects(ctx.db)) {
    if (pauseAt(pauses, project.name, now) || !(await missing(ctx, project, cycleStart))) continue;
    const liaisons = standIns(project.liaisons, leaves);
    const body = reminderMessage(project.name, due, liaisons, late);
    const key = `remind:${project.name}:${due.toISOString()}:${late ? 'late' : 'first'}`;
    const target = (ctx.groupRoute ?? viaWebhook)(project) ?? (liaisons.length > 0 ? { kind: 'app' as const, userIds: liaisons } : null);
    if (target) messages.push({ key, target, body, origin: { job } });
  }
  await ctx.outbox.enqueue(messages);
}

async function missing(ctx: JobContext, project: ProjectDoc, cycleStart: Date): Promise<boolean> {
  if (!project.chatId && project.liaisons.length === 0) return false;
  const { lastReportAt } = await latestFigures(ctx.db, project.name, cycleStart);
  return lastReportAt === null || lastReportAt <= cycleStart;
}
