import type { OutboxPort } from '../messages/outbound.js';
import type { ProblemDoc, ProjectDoc } from '../domain/records.js';
import { responsibleUnit } from '../domain/problem-unit.js';
import type { Repos } from '../repo/index.js';
import { problemRegistered } from '../../cards/problems.js';

export interface NewProblem {
  sourceKey: string;
  text: string;
  reportedBy: string;
  chatId: string | null;
  openedAt: Date;
}

/**
 * Registers a problem once per source (a retried message finds it) with its 责任单位, and tells
 * the 责任单位 and the 牵头部门 once.
 */
export async function registerProblem(deps: { repos: Repos; outbox: OutboxPort }, project: ProjectDoc, input: NewProblem): Promise<ProblemDoc> {
  const problem = await deps.repos.problems.addProblem({ ...input, project: project.name, unit: responsibleUnit(input.text, project.department) });
  const people = await deps.repos.projects.peopleOfUnits([problem.unit, project.department]);
  if (people.length > 0) {
    await deps.outbox.enqueue({ key: `problem:${problem._id}:registered`, target: { kind: 'app', userIds: people }, body: problemRegistered(problem, project), origin: { job: 'problem-registered' } });
  }
  return problem;
}

/** The problems a report raises, once per message and position (a retried or re-confirmed message finds them). */
export async function registerReportProblems(deps: { repos: Repos; outbox: OutboxPort }, project: ProjectDoc, texts: string[], from: { msgId: string | null; userId: string; chatId: string | null; at: Date }): Promise<ProblemDoc[]> {
  const out: ProblemDoc[] = [];
  for (const [i, text] of texts.entries()) {
    out.push(await registerProblem(deps, project, { sourceKey: `${from.msgId}#${i}`, text, reportedBy: from.userId, chatId: from.chatId, openedAt: from.at }));
  }
  return out;
}
