import type { DailyJob } from './context.js';
import { allProjects } from '../src/repo/projects.js';
import { isWorkday } from '../src/domain/calendar.js';
import { standingFacts } from '../src/services/standing.js';

/** Every working morning each project's card is re-evaluated; a change is recorded and announced once. */
export const cardEvaluation: DailyJob = {
  name: 'card-evaluation',
  time: (rules) => rules.jobTimes.cardEvaluation,
  async run(ctx, now) {
    if (!isWorkday(now)) return;
    const projects = await allProjects(ctx.db);
    const facts = await standingFacts(ctx.db, projects.map((p) => p.name), now);
    for (const project of projects) await ctx.standing.evaluate(project, now, `system:${this.name}`, facts.get(project.name));
  },
};
