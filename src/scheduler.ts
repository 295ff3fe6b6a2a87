import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import type { Metrics } from './metrics.js';
import type { Logger } from './log.js';
import type { Clock } from './clock.js';
import { beginRun, endRun, firstPeriod, latestPeriod, unfinishedRuns } from './repo/job-runs.js';
import { lastDueAt, nextDueAt } from './due-runs.js';

/**
 * A scheduled job: a plain function of (context, now). Agenda decides when it runs in production;
 * `simulate` and tests call `run` directly with their own clock. Time comes only from `now`.
 */
export interface ScheduledJob<Ctx> {
  name: string;
  /** Cron expression in Asia/Shanghai. */
  cron: string;
  run(ctx: Ctx, now: Date): Promise<void>;
}

export interface Scheduler {
  /** Agenda's loop, and a recovery pass every lease (runs that died on another instance). */
  start(): Promise<void>;
  /** Stops taking new jobs and waits for running ones (Agenda's drain). */
  stop(): Promise<void>;
  running(): boolean;
  /**
   * Runs `job` for its period `at` (the cron time, given to the job as its `now`) through the run
   * ledger: once per period; false when that run is done or another instance holds it.
   */
  runJob(job: ScheduledJob<unknown>, at: Date): Promise<boolean>;
  /**
   * At start: repeats each recent run that died or failed (its messages' keys let only the unsent
   * ones go), and makes up each job's latest run missed while the bot was down, if still useful.
   * Returns how many runs it made.
   */
  recover(): Promise<number>;
}

export interface SchedulerOptions<Ctx> {
  db: Db;
  log: Logger;
  clock: Clock;
  ctx: Ctx;
  jobs: ScheduledJob<Ctx>[];
  timezone: string;
  processEvery?: string | number;
  metrics?: Pick<Metrics, 'job'>;
  /** A missed or dead run is made up within this long of its time (and before the job's next one), never later (rules.jobRuns). */
  makeUpWithinMs: number;
}

/** A run still 'running' this long after it began died: Agenda's lock lifetime, which no job comes near. */
const RUN_LEASE_MS = 10 * 60_000;
/** Runs that failed this many times wait for an operator (the log and xmdd_job_runs_total say so). */
const MAX_RUN_ATTEMPTS = 3;

export function createScheduler<Ctx>(opts: SchedulerOptions<Ctx>): Scheduler {
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: opts.db }),
    processEvery: opts.processEvery ?? '30 seconds',
    defaultLockLifetime: 10 * 60_000,
  });
  let started = false;
  agenda.on('error', (err) => opts.log.error({ err }, 'agenda error'));
  agenda.on('fail', (err, job) => {
    opts.log.error({ job: job.attrs.name, err: String(err) }, 'job failed');
  });

  async function runJob(job: ScheduledJob<Ctx>, at: Date): Promise<boolean> {
    if (!(await beginRun(opts.db, job.name, at, opts.clock.now(), RUN_LEASE_MS))) return false;
    opts.log.info({ job: job.name, at }, 'job start');
    try {
      await job.run(opts.ctx, at);
    } catch (err) {
      await endRun(opts.db, job.name, at, opts.clock.now(), err);
      opts.metrics?.job(job.name, 'failed');
      throw err;
    }
    await endRun(opts.db, job.name, at, opts.clock.now());
    opts.metrics?.job(job.name, 'done');
    opts.log.info({ job: job.name }, 'job done');
    return true;
  }

  /** Still worth running now: within makeUpWithinMs of its time and before the job's next run. */
  const useful = (job: ScheduledJob<Ctx>, at: Date, now: Date) =>
    now.getTime() - at.getTime() <= opts.makeUpWithinMs && nextDueAt(job, at, opts.timezone).getTime() > now.getTime();

  type Again = { job: ScheduledJob<Ctx>; at: Date; why: string };

  async function unfinished(now: Date): Promise<Again[]> {
    const byName = new Map(opts.jobs.map((j) => [j.name, j]));
    const again: Again[] = [];
    for (const run of await unfinishedRuns(opts.db, now, new Date(now.getTime() - opts.makeUpWithinMs), MAX_RUN_ATTEMPTS)) {
      const job = byName.get(run.job);
      if (job && useful(job, run.period, now)) again.push({ job, at: run.period, why: run.status === 'failed' ? 'failed' : 'died' });
    }
    return again;
  }

  /** Each job's latest run, when it fell while the bot was down. */
  async function missed(now: Date): Promise<Again[]> {
    const again: Again[] = [];
    // Only a bot that was running can have missed a run: a fresh install makes nothing up.
    const upSince = await firstPeriod(opts.db);
    if (upSince) {
      for (const job of opts.jobs) {
        const due = lastDueAt(job, now, opts.timezone);
        if (!due || !useful(job, due, now)) continue;
        const last = await latestPeriod(opts.db, job.name);
        // A job with no run of its own missed every time from the bot's first run on, that time included.
        if (last ? due.getTime() > last.getTime() : due.getTime() >= upSince.getTime()) again.push({ job, at: due, why: 'missed' });
      }
    }
    return again;
  }

  async function makeUp(again: Again[]): Promise<number> {
    again.sort((a, b) => a.at.getTime() - b.at.getTime());
    let made = 0;
    for (const { job, at, why } of again) {
      opts.log.warn({ job: job.name, at, why }, 'job run made up at start');
      try {
        if (await runJob(job, at)) made++;
      } catch (err) {
        opts.log.error({ job: job.name, at, err: String(err) }, 'job run made up at start failed');
      }
    }
    return made;
  }

  const recover = async () => {
    const now = opts.clock.now();
    return makeUp([...(await unfinished(now)), ...(await missed(now))]);
  };

  for (const job of opts.jobs) {
    agenda.define(job.name, async () => {
      const at = lastDueAt(job, opts.clock.now(), opts.timezone) ?? opts.clock.now();
      await runJob(job, at);
    }, { concurrency: 1, lockLifetime: RUN_LEASE_MS });
  }
  let recovering: NodeJS.Timeout | undefined;

  return {
    async start() {
      await agenda.start();
      for (const job of opts.jobs) {
        await agenda.every(job.cron, job.name, undefined, { timezone: opts.timezone, skipImmediate: true });
      }
      started = true;
      // Runs that died on another instance; missed runs only happen while no instance was up, so start covers them.
      recovering = setInterval(() => void unfinished(opts.clock.now()).then(makeUp).catch((err: unknown) => opts.log.error({ err }, 'job recovery failed')), RUN_LEASE_MS);
      recovering.unref();
    },
    async stop() {
      if (!started) return;
      started = false;
      clearInterval(recovering);
      await agenda.drain({ timeout: 30_000 });
    },
    running: () => started,
    runJob: (job, at) => runJob(job as ScheduledJob<Ctx>, at),
    recover,
  };
}
