import { describe, expect, it } from 'vitest';
import { dueRuns } from '../src/due-runs.js';
import type { ScheduledJob } from '../src/scheduler.js';

const job = (name: string, cron: string): ScheduledJob<null> => ({ name, cron, run: async () => undefined });
const tz = 'Asia/Shanghai';
const at = (s: string) => new Date(s);

describe('dueRuns', () => {
  const digest = job('digest', '30 8 * * *');
  const reminder = job('reminder', '30 9,17 * * 5');

  it('lists the runs between two instants in Asia/Shanghai, in time order', () => {
    const runs = dueRuns([reminder, digest], at('2026-12-02T09:30:00+08:00'), at('2026-12-07T09:00:00+08:00'), tz);
    expect(runs.map((r) => `${r.job.name}@${r.at.toISOString()}`)).toEqual([
      'digest@2026-12-03T00:30:00.000Z',
      'digest@2026-12-04T00:30:00.000Z',
      'reminder@2026-12-04T01:30:00.000Z',
      'reminder@2026-12-04T09:30:00.000Z',
      'digest@2026-12-05T00:30:00.000Z',
      'digest@2026-12-06T00:30:00.000Z',
      'digest@2026-12-07T00:30:00.000Z',
    ]);
  });

  it('excludes the start instant and includes the end instant', () => {
    const runs = dueRuns([digest], at('2026-12-03T08:30:00+08:00'), at('2026-12-04T08:30:00+08:00'), tz);
    expect(runs.map((r) => r.at.toISOString())).toEqual(['2026-12-04T00:30:00.000Z']);
  });

  it('orders jobs due at the same minute by their place in the list', () => {
    const a = job('a', '0 9 * * *');
    const b = job('b', '0 9 * * *');
    const runs = dueRuns([b, a], at('2026-12-01T00:00:00+08:00'), at('2026-12-01T10:00:00+08:00'), tz);
    expect(runs.map((r) => r.job.name)).toEqual(['b', 'a']);
  });

  it('returns nothing when the clock does not move', () => {
    expect(dueRuns([digest], at('2026-12-03T08:30:00+08:00'), at('2026-12-03T08:30:00+08:00'), tz)).toEqual([]);
  });
});
