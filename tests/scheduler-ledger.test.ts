import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import type { Store } from '../src/db/index.js';
import { silentLogger } from '../src/log.js';
import { createScheduler, type ScheduledJob } from '../src/scheduler.js';
import { collections } from '../src/db/collections.js';
import type { JobRunDoc } from '../src/repo/job-runs.js';
import { openTestStore } from './support/store.js';
import { defaultRules } from '../src/domain/rules.js';

const at = (s: string) => new Date(`${s}+08:00`);
const MAKE_UP_WITHIN_MS = defaultRules.jobRuns.makeUpWithinHours * 3_600_000;
let store: Store;
let clock: ManualClock;
let calls: string[];
let hang: boolean;

const stamp = (d: Date) => d.toISOString().slice(5, 16);
const digest: ScheduledJob<null> = {
  name: 'digest',
  cron: '30 8 * * *',
  run: async (_ctx, now) => {
    calls.push(`digest ${stamp(now)} at ${stamp(clock.now())}`);
    if (hang) await new Promise(() => undefined);
  },
};
const check: ScheduledJob<null> = { name: 'check', cron: '55 7 * * *', run: async (_ctx, now) => void calls.push(`check ${stamp(now)}`) };
const scheduler = () => createScheduler({ db: store.db, log: silentLogger, clock, ctx: null, jobs: [check, digest], timezone: 'Asia/Shanghai', makeUpWithinMs: MAKE_UP_WITHIN_MS });

beforeEach(async () => {
  store = await openTestStore();
  clock = new ManualClock(at('2026-12-02T07:55:00'));
  calls = [];
  hang = false;
});
afterEach(() => store.close());

describe('the job run ledger', () => {
  it('runs a job once per period, whoever asks', async () => {
    const s = scheduler();
    expect(await s.runJob(check, at('2026-12-02T07:55:00'))).toBe(true);
    expect(await scheduler().runJob(check, at('2026-12-02T07:55:00'))).toBe(false);
    expect(calls).toEqual(['check 12-01T23:55']);
    const [run] = await store.db.collection<JobRunDoc>(collections.jobRuns).find({}).toArray();
    expect(run).toMatchObject({ job: 'check', status: 'done', attempts: 1 });
  });

  it('repeats a run that died once its lease is gone, at start', async () => {
    clock.set(at('2026-12-02T08:30:00'));
    hang = true;
    void scheduler().runJob(digest, at('2026-12-02T08:30:00'));
    await new Promise((r) => setTimeout(r, 20));
    hang = false;
    clock.set(at('2026-12-02T08:35:00'));
    expect(await scheduler().recover()).toBe(0);
    clock.set(at('2026-12-02T08:41:00'));
    expect(await scheduler().recover()).toBe(1);
    expect(calls).toEqual(['digest 12-02T00:30 at 12-02T00:30', 'digest 12-02T00:30 at 12-02T00:41']);
  });

  it('makes up the latest run missed while down, once, as of its own time; not a day later; nothing on a fresh store', async () => {
    expect(await scheduler().recover()).toBe(0);
    await scheduler().runJob(check, at('2026-12-02T07:55:00'));
    clock.set(at('2026-12-02T08:45:00'));
    expect(await scheduler().recover()).toBe(1);
    expect(await scheduler().recover()).toBe(0);
    expect(calls).toEqual(['check 12-01T23:55', 'digest 12-02T00:30 at 12-02T00:45']);

    calls = [];
    clock.set(at('2026-12-03T21:00:00'));
    expect(await scheduler().recover()).toBe(0);
    expect(calls).toEqual([]);
  });

  it('makes up a run due at the same time as the bot\'s first run, when only the other job ran then', async () => {
    const sameTime: ScheduledJob<null> = { name: 'escalation', cron: '55 7 * * *', run: async (_ctx, now) => void calls.push(`escalation ${stamp(now)}`) };
    const both = () => createScheduler({ db: store.db, log: silentLogger, clock, ctx: null, jobs: [check, sameTime], timezone: 'Asia/Shanghai', makeUpWithinMs: MAKE_UP_WITHIN_MS });
    await both().runJob(check, at('2026-12-02T07:55:00'));
    clock.set(at('2026-12-02T08:10:00'));
    expect(await both().recover()).toBe(1);
    expect(await both().recover()).toBe(0);
    expect(calls).toEqual(['check 12-01T23:55', 'escalation 12-01T23:55']);
  });

  it('tries a failed run again at start, at most three times', async () => {
    const flaky: ScheduledJob<null> = { name: 'digest', cron: '30 8 * * *', run: async () => Promise.reject(new Error('store down')) };
    const s = createScheduler({ db: store.db, log: silentLogger, clock, ctx: null, jobs: [flaky], timezone: 'Asia/Shanghai', makeUpWithinMs: MAKE_UP_WITHIN_MS });
    clock.set(at('2026-12-02T08:30:00'));
    await expect(s.runJob(flaky, at('2026-12-02T08:30:00'))).rejects.toThrow('store down');
    expect(await s.recover()).toBe(0);
    expect(await s.recover()).toBe(0);
    const [run] = await store.db.collection<JobRunDoc>(collections.jobRuns).find({}).toArray();
    expect(run).toMatchObject({ status: 'failed', attempts: 3, error: 'store down' });
    expect(await scheduler().recover()).toBe(0);
  });
});
