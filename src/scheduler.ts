import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import type { Metrics } from './metrics.js';
import type { Logger } from './log.js';
import type { Clock } from './clock.js';

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
  start(): Promise<void>;
  /** Stops taking new jobs and waits for running ones (Agenda's drain). */
  stop(): Promise<void>;
  running(): boolean;
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
}

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

  for (const job of opts.jobs) {
    agenda.define(job.name, async () => {
      const now = opts.clock.now();
      opts.log.info({ job: job.name, now }, 'job start');
      try {
        await job.run(opts.ctx, now);
      } catch (err) {
        opts.metrics?.job(job.name, 'failed');
        throw err;
      }
      opts.metrics?.job(job.name, 'done');
      opts.log.info({ job: job.name }, 'job done');
    }, { concurrency: 1, lockLifetime: 10 * 60_000 });
  }

  return {
    async start() {
      await agenda.start();
      for (const job of opts.jobs) {
        await agenda.every(job.cron, job.name, undefined, { timezone: opts.timezone, skipImmediate: true });
      }
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await agenda.drain({ timeout: 30_000 });
    },
    running: () => started,
  };
}
