import { ObjectId, type Db } from 'mongodb';
import { latestWarnings, recordWarningChange } from '../repo/warnings.js';
import type { OutboundMessage, OutboxPort } from '../messages/outbound.js';
import type { ProjectDoc, LatestFigures, ProblemDoc, WarningDoc } from '../domain/records.js';
import { latestFigures, latestFiguresOf } from '../repo/reports.js';
import { openProblems } from '../repo/problems.js';
import { pausesBetween } from '../repo/pauses.js';
import { pauseAt, type PauseDoc } from '../domain/pause.js';
import { audit } from '../repo/audit.js';
import { progressOf } from '../domain/schedule.js';
import { missedCycles } from '../domain/cycles.js';
import { evaluateWarning, type Warning } from '../domain/warnings.js';
import type { Rules } from '../domain/rules.js';
import { hasStarted } from '../domain/lifecycle.js';
import type { Standing } from '../domain/standing.js';
import { warningChangeMessage } from '../../cards/warning-change.js';
import { viaWebhook, type GroupRoute } from './group-route.js';
import type { CockpitLinks } from './links.js';
import dayjs from '../time.js';

/** What a project's card is judged on, read from the store. */
export interface StandingFacts {
  figures: LatestFigures;
  problems: ProblemDoc[];
  last: WarningDoc | null;
  /** Its 停工 so far: the cycles due inside one are not missed. */
  pauses: PauseDoc[];
}

/** The facts for many projects in four queries, for a run over the whole registry. */
export async function standingFacts(db: Db, projects: string[], now: Date): Promise<Map<string, StandingFacts>> {
  const yearStart = dayjs(now).tz().startOf('year').toDate();
  const [figures, problems, cards, pauses] = await Promise.all([
    // One project (a report, a /进度) reads only its newest reports.
    projects.length === 1 ? latestFigures(db, projects[0]!, yearStart).then((f) => new Map([[projects[0]!, f]])) : latestFiguresOf(db, projects, yearStart),
    openProblems(db, projects),
    latestWarnings(db, { projects }),
    pausesBetween(db, new Date(0), now, projects),
  ]);
  const facts = new Map<string, StandingFacts>(projects.map((p) => [p, { figures: figures.get(p)!, problems: [], last: cards.get(p) ?? null, pauses: [] }]));
  for (const p of problems) facts.get(p.project)?.problems.push(p);
  for (const p of pauses) facts.get(p.project)?.pauses.push(p);
  return facts;
}

export interface StandingService {
  /**
   * 完成率, 序时进度 and warning of a project now; a change of warning is recorded once and
   * announced once. `known`: the facts when the caller has read them for many projects at once.
   */
  evaluate(project: ProjectDoc, now: Date, actor: string, known?: StandingFacts): Promise<Standing>;
  /** The same judgement for many projects in three queries, recording nothing (commands that only read). */
  view(projects: ProjectDoc[], now: Date): Promise<Map<string, Standing>>;
}

export function standingService(opts: { db: Db; outbox: OutboxPort; rules: Rules; groupRoute?: GroupRoute; links?: CockpitLinks | null }): StandingService {
  const route = opts.groupRoute ?? viaWebhook;
  const judge = (project: ProjectDoc, { figures, problems, pauses }: StandingFacts, now: Date): Standing => {
    const progress = progressOf(project, figures.completedThisYear, now, figures.yearThrough);
    const result = evaluateWarning(
      {
        lagPoints: progress.lagPoints,
        compared: progress.compared,
        missedCycles: missedCycles(figures.lastReportAt, project.createdAt ?? null, now, opts.rules.reporting, (due) => pauseAt(pauses, project.name, due) !== null),
        openProblemDays: problems.map((p) => dayjs(now).diff(dayjs(p.openedAt), 'day')),
        startOverdue: !hasStarted(project.stage) && project.plannedStart !== undefined && dayjs(now).tz().format('YYYY-MM-DD') > project.plannedStart,
      },
      opts.rules.cards,
    );
    return { ...progress, warning: result.warning, warningReasons: result.reasons };
  };
  return {
    async evaluate(project, now, actor, known) {
      const facts = known ?? (await standingFacts(opts.db, [project.name], now)).get(project.name)!;
      const standing = judge(project, facts, now);
      const { last } = facts;
      if ((last?.card ?? null) !== standing.warning) {
        const doc: WarningDoc = { _id: new ObjectId().toHexString(), project: project.name, card: standing.warning, reasons: standing.warningReasons, at: now, from: last?._id ?? `none:${project.name}` };
        if (await recordWarningChange(opts.db, doc)) {
          await audit(opts.db, { entity: 'card', entityId: project.name, at: now, actor, action: 'change', before: last?.card ?? null, after: { card: standing.warning, reasons: standing.warningReasons } });
          await opts.outbox.enqueue(announce(project, last?.card ?? null, doc, route, opts.links?.project(project.name)));
        }
      }
      return standing;
    },
    async view(projects, now) {
      const facts = await standingFacts(opts.db, projects.map((p) => p.name), now);
      return new Map(projects.map((p) => [p.name, judge(p, facts.get(p.name)!, now)]));
    },
  };
}

function announce(project: ProjectDoc, before: Warning | null, change: WarningDoc, route: GroupRoute, detailUrl: string | undefined): OutboundMessage[] {
  const body = warningChangeMessage(project.name, before, change.card, change.reasons, detailUrl);
  const out: OutboundMessage[] = [];
  const group = route(project);
  if (group) out.push({ key: `card:${change._id}:group`, target: group, body, origin: { job: 'card-change' } });
  const people = [project.specialist, project.leader].filter((u): u is string => Boolean(u));
  if (people.length > 0) out.push({ key: `card:${change._id}:people`, target: { kind: 'app', userIds: people }, body, origin: { job: 'card-change' } });
  return out;
}
