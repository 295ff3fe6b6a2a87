import { describe, expect, it } from 'vitest';
import { jobs } from '../jobs/index.js';
import { dueRuns } from '../src/due-runs.js';
import { rulesSchema } from '../src/domain/rules.js';
import { previousDigestAt } from '../src/domain/digest-window.js';

const at = (s: string) => new Date(`${s}+08:00`);

describe('job times come from the rules', () => {
  it('runs the digest at the rules\' digest time, and each window starts where the previous run was', () => {
    const rules = rulesSchema.parse({ digest: { time: '09:15' } });
    const runs = dueRuns(jobs(rules), at('2026-11-30T00:00:00'), at('2026-12-05T00:00:00'), 'Asia/Shanghai').filter((r) => r.job.name === 'daily-digest');
    expect(runs.map((r) => r.at)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].map((d) => at(`${d}T09:15:00`)));
    // Working days in a row: every window (previous digest, this one] meets the next, so no report falls between.
    for (let i = 1; i < runs.length; i++) expect(previousDigestAt(runs[i]!.at, rules.digest.time)).toEqual(runs[i - 1]!.at);
  });

  it('keeps the default 08:30', () => {
    const digest = jobs(rulesSchema.parse({})).find((j) => j.name === 'daily-digest')!;
    expect(digest.cron).toBe('30 8 * * *');
  });
});
