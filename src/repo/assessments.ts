import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import type { PeriodEnd, ReportDoc, ProblemDoc } from '../domain/records.js';
import { periodEnd } from './period-end.js';
import { pausesBetween } from './pauses.js';
import { pauseEnd, type Span } from '../domain/pause.js';
import { audit } from './audit.js';
import { unitSchema } from '../domain/setup.js';
import { planAt, planDueBy, yearPlanOf } from '../domain/schedule.js';
import { dueTimes } from '../domain/cycles.js';
import { scorecard, type Adjustment, type Assessment, type AssessmentFacts, type Flag, type Scorecard } from '../domain/assessment.js';
import { periodOf, previousPeriod, type Period } from '../domain/period.js';
import type { Rules } from '../domain/rules.js';
import dayjs from '../time.js';
import { insertOnce } from '../db/errors.js';
import { groupBy } from '../domain/group-by.js';

type Entry = ({ kind: 'adjust' } & Adjustment) | ({ kind: 'flag' } & Flag);

export interface PublishedScorecard {
  _id: string;
  card: Scorecard;
  publishedAt: Date;
  publishedBy: string;
}

const entries = (db: Db) => db.collection<Entry & { period: string }>(collections.assessments);
const published = (db: Db) => db.collection<PublishedScorecard>(collections.scorecards);

/** The facts of a period as they stand now in the store; `known` is its periodEnd when the caller has read it already. */
export async function assessmentFacts(db: Db, period: Period, rules: Rules, known?: PeriodEnd): Promise<AssessmentFacts> {
  const end = new Date(period.to.getTime() - 1);
  const due = dueTimes(dayjs(period.from).subtract(8, 'day').toDate(), end, rules.reporting);
  const cycles = due.flatMap((d, i) => (i > 0 && d >= period.from ? [{ start: due[i - 1]!, due: d }] : []));
  const since = cycles[0]?.start ?? period.from;
  const [units, { projects, figures, cards, stageChanges }, reportRows, problems, extra, pauses] = await Promise.all([
    db.collection(collections.units).find({}, { projection: { _id: 0 } }).toArray(),
    known ?? periodEnd(db, period),
    db.collection<ReportDoc>(collections.reports).find({ status: 'confirmed', reportedAt: { $gt: since, $lt: period.to } }, { projection: { _id: 0, project: 1, reportedAt: 1 } }).toArray(),
    db.collection<ProblemDoc>(collections.problems).find({ openedAt: { $gte: period.from, $lt: period.to } }, { projection: { _id: 0, no: 1, project: 1, openedAt: 1, resolvedAt: 1 } }).toArray(),
    entries(db).find({ period: period.key }).sort({ at: 1 }).toArray(),
    pausesBetween(db, since, period.to),
  ]);
  const spans = groupBy(pauses, (x) => x.project, (x): Span => ({ from: x.from, until: pauseEnd(x) }));
  // Each project's few dozen times sorted here: cheaper than the whole year's reports sorted by the server.
  const reports = groupBy(reportRows, (r) => r.project, (r) => r.reportedAt);
  for (const times of reports.values()) times.sort((a, b) => a.getTime() - b.getTime());
  return {
    period,
    units: units.map((u) => unitSchema.parse(u)).map((u) => ({ name: u.name, kind: u.kind, targets: u.yearTargets })),
    projects: projects.map((p) => ({
      name: p.name,
      township: p.township,
      department: p.department,
      category: p.category,
      industry: p.industry,
      landUse: p.landUse,
      totalInvestment: p.totalInvestment,
      yearPlan: yearPlanOf(planAt(p, end)),
      dueAtEnd: planDueBy(planAt(p, end), end),
      completed: figures.get(p.name)?.completedThisYear ?? null,
      trackedSince: p.createdAt ?? null,
      reports: reports.get(p.name) ?? [],
      pauses: spans.get(p.name) ?? [],
    })),
    cycles,
    problems: problems.map((p) => ({ no: p.no, project: p.project, openedAt: p.openedAt, resolvedAt: p.resolvedAt })),
    warningsAtEnd: new Map([...cards].map(([name, c]) => [name, c.card])),
    stageChanges,
    adjustments: extra.flatMap((e) => (e.kind === 'adjust' ? [{ unit: e.unit, points: e.points, reason: e.reason, by: e.by, at: e.at }] : [])),
    flags: extra.flatMap((e) => (e.kind === 'flag' ? [{ unit: e.unit, flag: e.flag, reason: e.reason, by: e.by, at: e.at }] : [])),
    evenShare: planDueBy({ yearPlan: 1 }, end) ?? 0,
  };
}

/** A published period as it was published; an open one computed from the facts now. */
async function frozenOrLive(db: Db, period: Period, rules: Rules, now?: Date, known?: PeriodEnd): Promise<Omit<Assessment, 'notes'>> {
  const frozen = await published(db).findOne({ _id: period.key });
  if (frozen) return { card: frozen.card, publishedAt: frozen.publishedAt, asOf: null };
  // A period not over yet is judged as it stands: what has not come due cannot have been missed.
  const asOf = now && now < period.to ? now : null;
  // `to` is exclusive: what is recorded at `now` itself counts.
  // `known` was read for the whole period, so it serves only a period judged whole.
  const facts = await assessmentFacts(db, asOf ? { ...period, to: new Date(asOf.getTime() + 1) } : period, rules, asOf ? undefined : known);
  return { card: scorecard(facts, rules.assessment), publishedAt: null, asOf };
}

/** The period's scorecard, with the corrections made to the previous period since it was published. */
export async function assessment(db: Db, period: Period, previous: Period, rules: Rules, now?: Date): Promise<Assessment> {
  const [current, notes] = await Promise.all([frozenOrLive(db, period, rules, now), correctionsSince(db, previous, rules)]);
  return { ...current, notes };
}

/** The scorecard of the `kind` period `now` falls in (published, or live so far), with the one before it for notes. */
export async function currentAssessment(db: Db, kind: Period['kind'], now: Date, rules: Rules): Promise<Assessment> {
  const period = periodOf(now, kind);
  return assessment(db, period, previousPeriod(period), rules, now);
}

/** Just the scorecard (the 月通报's scores), without the recomputation the correction notes need; `known` as for assessmentFacts. */
export async function scorecardFor(db: Db, period: Period, rules: Rules, known?: PeriodEnd): Promise<Scorecard> {
  return (await frozenOrLive(db, period, rules, undefined, known)).card;
}

/** Publishes (freezes) a finished period's scorecard; a period already published stays as it was. */
export async function publishPeriod(db: Db, period: Period, rules: Rules, by: string, at: Date): Promise<void> {
  if (await isPublished(db, period.key)) return;
  await publish(db, scorecard(await assessmentFacts(db, period, rules), rules.assessment), by, at);
}

/** A published score never changes; what a later correction would have changed is said in the next period. */
async function correctionsSince(db: Db, previous: Period, rules: Rules): Promise<string[]> {
  const frozen = await published(db).findOne({ _id: previous.key });
  if (!frozen) return [];
  const now = scorecard(await assessmentFacts(db, previous, rules), rules.assessment);
  const before = new Map(frozen.card.units.map((u) => [u.unit, u.total]));
  return now.units
    .filter((u) => before.has(u.unit) && before.get(u.unit) !== u.total)
    .map((u) => `${previous.label}发布后有数据更正：${u.unit} 按更正后的数据为 ${u.total} 分（已发布 ${before.get(u.unit)} 分，名次不变更）`);
}

/** Freezes a period's scorecard; false if it was already published. */
export async function publish(db: Db, card: Scorecard, by: string, at: Date): Promise<boolean> {
  if (!(await insertOnce(published(db), { _id: card.period, card, publishedAt: at, publishedBy: by }))) return false;
  await audit(db, { entity: 'assessment', entityId: card.period, at, actor: by, action: 'publish', before: null, after: card.units.map((u) => ({ unit: u.unit, total: u.total, rank: u.rank })) });
  return true;
}

export async function isPublished(db: Db, period: string): Promise<boolean> {
  return (await published(db).countDocuments({ _id: period })) > 0;
}

/** An admin's ± points for a unit, with the reason; audited. */
export async function addAdjustment(db: Db, period: string, a: Adjustment): Promise<void> {
  await entries(db).insertOne({ kind: 'adjust', period, ...a });
  await audit(db, { entity: 'assessment', entityId: `${period}/${a.unit}`, at: a.at, actor: a.by, action: 'adjust', before: null, after: { points: a.points, reason: a.reason } });
}

/** 一票评优 / 一票否优 for a unit in a period; the latest flag holds; audited. */
export async function setFlag(db: Db, period: string, f: Flag): Promise<void> {
  await entries(db).insertOne({ kind: 'flag', period, ...f });
  await audit(db, { entity: 'assessment', entityId: `${period}/${f.unit}`, at: f.at, actor: f.by, action: 'flag', before: null, after: { flag: f.flag, reason: f.reason } });
}

/** The scorecard published last, whatever its period; null before the first publication. */
export async function lastPublished(db: Db): Promise<PublishedScorecard | null> {
  return published(db).findOne({}, { sort: { publishedAt: -1 } });
}
