import type { DailyJob } from './context.js';
import { stuckApprovals } from '../src/repo/approvals.js';
import { peopleByRole, projectByName } from '../src/repo/projects.js';
import { isWorkday } from '../src/domain/calendar.js';
import { escapeUserText, markdown } from '../cards/common.js';
import dayjs from '../src/time.js';

/** An approval 办理中 longer than the threshold notifies the project's department and specialist, once per stint. */
export const approvalOverdue: DailyJob = {
  name: 'approval-overdue',
  time: (rules) => rules.jobTimes.approvalOverdue,
  async run(ctx, now) {
    if (!isWorkday(now)) return;
    const departmentPeople = await peopleByRole(ctx.db, 'department');
    for (const a of await stuckApprovals(ctx.db, dayjs(now).subtract(ctx.rules.approvalStuckDays, 'day').toDate())) {
      const project = await projectByName(ctx.db, a.project);
      if (!project) continue;
      const to = [...departmentPeople.filter((p) => p.department === project.department).map((p) => p.userid), project.specialist].filter((u): u is string => Boolean(u));
      if (to.length === 0) continue;
      const days = dayjs(now).diff(dayjs(a.since), 'day');
      await ctx.outbox.enqueue({
        key: `approval:${a.project}:${a.item}:${a.since.toISOString()}`,
        target: { kind: 'app', userIds: [...new Set(to)] },
        body: markdown(`**手续办理超时 · ${escapeUserText(a.project, 30)}**\n${a.item} 已办理 ${days} 天（超过 ${ctx.rules.approvalStuckDays} 天），请牵头部门协调加快。`),
        origin: { job: this.name },
      });
    }
  },
};
