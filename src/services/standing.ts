import { ObjectId, type Db } from 'mongodb';
import { latestWarnings, recordWarningChange } from '../repo/warnings.js';
import type { OutboundMessage } from '../messages/outbound.js';
import type { ProjectDoc, LatestFigures, ProblemDoc, WarningDoc } from '../domain/records.js';
import { latestFigures, latestFiguresOf } from '../repo/reports.js';
import { openProblems } from '../repo/problems.js';
import { audit } from '../repo/audit.js';
import { progressOf } from '../domain/schedule.js';
import { missedCycles } from '../domain/cycles.js';
import { evaluateWarning, type Warning } from '../domain/warnings.js';
import type { Rules } from '../domain/rules.js';
import { hasStarted } from '../domain/lifecycle.js';
import type { OutboxPort } from '../messages/outbound.js';
import type { Standing } from '../domain/standing.js';
import { warningChangeMessage } from '../../cards/warning-change.js';
import { viaWebhook, type GroupRoute } from './group-route.js';
import dayjs from '../time.js';

/** What a project's card is judged on, read from the store. */
export interface StandingFacts {
  figures: LatestFigures;
  problems: ProblemDoc[];
  last: WarningDoc | null;
}

/** The facts for many projects in three queries, for a run over the whole registry. */
export async function standingFacts(db: Db, projects: string[], now: Date): Promise<Map<string, StandingFacts>> {
  const yearStart = dayjs(now).tz().startOf('year').toDate();
  const [figures, problems, cards] = await Promise.all([
    // One project (a report, a /进度) reads only its newest reports.
    projects.length === 1 ? latestFigures(db, projects[0]!, yearStart).then((f) => new Map([[projects[0]!, f]])) : latestFiguresOf(db, projects, yearStart),
    openProblems(db, projects),
    latestWarnings(db, { projects }),
  ]);
  const facts = new Map<string, StandingFacts>(projects.map((p) => [p, { figures: figures.get(p)!, problems: [], last: cards.get(p) ?? null }]));
  for (const p of problems) facts.get(p.project)?.problems.push(p);
  return facts;
}

/** Evaluates a project's standing now; a change of card is recorded once and announced once. */
export function standingService(opts: { db: Db; outbox: OutboxPort; rules: Rules; groupRoute?: GroupRoute }) {
  const route = opts.groupRoute ?? viaWebhook;
  return async function standing(project: ProjectDoc, now: Date, actor: string, known?: StandingFacts): Promise<Standing> {
    const { figures, problems, last } = known ?? (await standingFacts(opts.db, [project.name], now)).get(project.name)!;
    const progress = progressOf(project, figures.completedThisYear, now);
    const trackedSince = project.createdAt ?? null;
    const result = evaluateWarning(
      {
        lagPoints: progress.lagPoints,
        missedCycles: missedCycles(figures.lastReportAt, trackedSince, now, opts.rules.reporting),
        openProblemDays: problems.map((p) => dayjs(now).diff(dayjs(p.openedAt), 'day')),
        startOverdue: !hasStarted(project.stage) && project.plannedStart !== undefined && dayjs(now).tz().format('YYYY-MM-DD') > project.plannedStart,
      },
      opts.rules.cards,
    );
    if ((last?.card ?? null) !== result.warning) {
      const doc: WarningDoc = { _id: new ObjectId().toHexString(), project: project.name, card: result.warning, reasons: result.reasons, at: now, from: last?._id ?? `none:${project.name}` };
      if (await recordWarningChange(opts.db, doc)) {
        await audit(opts.db, { entity: 'card', entityId: project.name, at: now, actor, action: 'change', before: last?.card ?? null, after: { card: result.warning, reasons: result.reasons } });
        await opts.outbox.enqueue(announce(project, last?.card ?? null, doc, route));
      }
    }
    return { ...progress, warning: result.warning, warningReasons: result.reasons };
  };
}

function announce(project: ProjectDoc, before: Warning | null, change: WarningDoc, route: GroupRoute): OutboundMessage[] {
  const body = warningChangeMessage(project.name, before, change.card, change.reasons);
  const out: OutboundMessage[] = [];
  const group = route(project);
  if (group) out.push({ key: `card:${change._id}:group`, target: group, body, origin: { job: 'card-change' } });
  const people = [project.specialist, project.leader].filter((u): u is string => Boolean(u));
  if (people.length > 0) out.push({ key: `card:${change._id}:people`, target: { kind: 'app', userIds: people }, body, origin: { job: 'card-change' } });
  return out;
}
