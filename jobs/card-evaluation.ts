import type { Job } from './context.js';
import { allProjects } from '../src/repo/projects.js';
import { isWorkday } from '../src/domain/calendar.js';

/** Every working morning each project's card is re-evaluated; a change is recorded and announced once. */
export const cardEvaluation: Job = {
  name: 'card-evaluation',
  cron: '0 8 * * *',
  async run(ctx, now) {
    if (!isWorkday(now)) return;
    for (const project of await allProjects(ctx.db)) await ctx.standing(project, now, `system:${this.name}`);
  },
};
