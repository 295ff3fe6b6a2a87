import type { Db } from 'mongodb';
import { collections } from '../db/collections.js';
import { isDuplicateKey } from '../db/errors.js';

/** One run of a scheduled job for one period (its cron time): the ledger that makes a run happen once, and whole. */
export interface JobRunDoc {
  /** `${job}@${period ISO}` */
  _id: string;
  job: string;
  period: Date;
  status: 'running' | 'done' | 'failed';
  attempts: number;
  startedAt: Date;
  /** A run still 'running' after this died with its process (or its store connection). */
  leaseUntil: Date;
  finishedAt?: Date;
  error?: string;
}

const runs = (db: Db) => db.collection<JobRunDoc>(collections.jobRuns);
const runId = (job: string, period: Date) => `${job}@${period.toISOString()}`;

/**
 * Takes the run of `job` for `period`: true when this caller should run it (new, failed before, or
 * died), false when it is done or another instance holds it.
 */
export async function beginRun(db: Db, job: string, period: Date, now: Date, leaseMs: number): Promise<boolean> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const taken = await runs(db).findOneAndUpdate(
    { _id: runId(job, period), $or: [{ status: 'failed' }, { status: 'running', leaseUntil: { $lte: now } }] },
    { $set: { status: 'running', startedAt: now, leaseUntil }, $inc: { attempts: 1 }, $unset: { error: '' } },
  );
  if (taken) return true;
  try {
    await runs(db).insertOne({ _id: runId(job, period), job, period, status: 'running', attempts: 1, startedAt: now, leaseUntil });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export async function endRun(db: Db, job: string, period: Date, now: Date, error?: unknown): Promise<void> {
  const outcome = error === undefined ? { status: 'done' as const } : { status: 'failed' as const, error: String((error as Error)?.message ?? error) };
  await runs(db).updateOne({ _id: runId(job, period) }, { $set: { ...outcome, finishedAt: now } });
}

/** Runs that did not finish: died (lease gone) or failed, fewer than `maxAttempts` times, for periods since `since`. */
export function unfinishedRuns(db: Db, now: Date, since: Date, maxAttempts: number): Promise<JobRunDoc[]> {
  return runs(db)
    .find({
      period: { $gte: since },
      attempts: { $lt: maxAttempts },
      $or: [{ status: 'failed' }, { status: 'running', leaseUntil: { $lte: now } }],
    })
    .sort({ period: 1 })
    .toArray();
}

/** The latest period `job` ran (or began) for; null when it never did. */
export async function latestPeriod(db: Db, job: string): Promise<Date | null> {
  const [last] = await runs(db).find({ job }).sort({ period: -1 }).limit(1).toArray();
  return last?.period ?? null;
}

/** The earliest period any job ran for: the bot has been running since then. */
export async function firstPeriod(db: Db): Promise<Date | null> {
  const [first] = await runs(db).find({}).sort({ period: 1 }).limit(1).toArray();
  return first?.period ?? null;
}
