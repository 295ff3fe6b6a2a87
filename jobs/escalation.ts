import type { DailyJob, JobContext } from './context.js';
import { escalate, openProblems } from '../src/repo/problems.js';
import type { ProblemDoc, PersonDoc } from '../src/domain/records.js';
import { peopleByRole, peopleOfUnits, projectByName } from '../src/repo/projects.js';
import { isWorkday } from '../src/domain/calendar.js';
import { escalationLevel, LADDER } from '../src/domain/escalation.js';
import { escalationMessage } from '../cards/escalation.js';
import dayjs from '../src/time.js';

/**
 * The problem ladder (seed 002): 牵头部门 → 分管副县长 → 常务副县长 → 县长 as a problem stays open.
 * Each step is recorded on the problem and notifies the new holder once; a resolved problem stops.
 */
export const problemEscalation: DailyJob = {
  name: 'problem-escalation',
  time: (rules) => rules.jobTimes.problemEscalation,
  async run(ctx, now) {
    if (!isWorkday(now)) return;
    const leaders = await peopleByRole(ctx.db, 'leader');
    const admins = await peopleByRole(ctx.db, 'admin');
    for (const problem of await openProblems(ctx.db)) {
      const days = dayjs(now).diff(dayjs(problem.openedAt), 'day');
      const level = escalationLevel(days, ctx.rules.escalationDays);
      if (level <= problem.level) continue;
      if (!(await escalate(ctx.db, problem, level, now))) continue;
      const holders = await holdersAt(ctx, problem, level, leaders);
      const units = await unitPeople(ctx, problem);
      const to = [...new Set([...holders, ...units, ...admins.map((a) => a.userid)])];
      if (to.length === 0) continue;
      await ctx.outbox.enqueue({
        key: `escalate:${problem._id}:${level}`,
        target: { kind: 'app', userIds: to },
        body: escalationMessage(problem, LADDER[level]!, days),
        origin: { job: this.name },
      });
    }
  },
};

/** Who holds a problem at a rung: the project's leader, then the leader whose 职务 (or, without one, name) says 常务副县长, then 县长. */
async function holdersAt(ctx: JobContext, problem: ProblemDoc, level: number, leaders: PersonDoc[]): Promise<string[]> {
  if (level === 1) {
    const project = await projectByName(ctx.db, problem.project);
    return project?.leader ? [project.leader] : [];
  }
  const post = (p: PersonDoc) => p.title ?? p.name;
  const titled = level === 2 ? leaders.filter((p) => post(p).includes('常务')) : leaders.filter((p) => /县长$/.test(post(p)) && !post(p).includes('副'));
  return titled.map((p) => p.userid);
}

/** The 责任单位 and the 牵头部门 hear of every step too. */
async function unitPeople(ctx: JobContext, problem: ProblemDoc): Promise<string[]> {
  const project = await projectByName(ctx.db, problem.project);
  return peopleOfUnits(ctx.db, [problem.unit, project?.department]);
}
