import { afterEach, describe, expect, it } from 'vitest';
import { jobs } from '../jobs/index.js';
import { dueRuns } from '../src/due-runs.js';
import { loadRules, rulesSchema } from '../src/domain/rules.js';
import { previousDigestAt } from '../src/domain/digest-window.js';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { conversation } from './support/records.js';

const at = (s: string) => new Date(`${s}+08:00`);
const crons = (rules: ReturnType<typeof rulesSchema.parse>) => Object.fromEntries(jobs(rules).map((j) => [j.name, j.cron]));

describe('job times come from the rules', () => {
  it('runs the digest at the rules\' digest time, and each window starts where the previous run was', () => {
    const rules = rulesSchema.parse({ digest: { time: '09:15' } });
    const runs = dueRuns(jobs(rules), at('2026-11-30T00:00:00'), at('2026-12-05T00:00:00'), 'Asia/Shanghai').filter((r) => r.job.name === 'daily-digest');
    expect(runs.map((r) => r.at)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].map((d) => at(`${d}T09:15:00`)));
    // Working days in a row: every window (previous digest, this one] meets the next, so no report falls between.
    for (let i = 1; i < runs.length; i++) expect(previousDigestAt(runs[i]!.at, rules.digest.time)).toEqual(runs[i - 1]!.at);
  });

  it('keeps the times the county had before they were rules', () => {
    expect(crons(rulesSchema.parse({}))).toEqual({
      'calendar-check': '55 7 * * *',
      'card-evaluation': '0 8 * * *',
      'daily-digest': '30 8 * * *',
      'report-reminder': '0 9 * * *',
      'report-reminder-late': '0 18 * * *',
      'problem-escalation': '0 9 * * *',
      'approval-overdue': '15 9 * * *',
      'weekly-summary': '0 9 * * *',
      assessment: '20 9 * * *',
      'monthly-bulletin': '30 9 * * *',
      'quarterly-review': '45 9 * * *',
    });
  });

  it('moves every job with its rule, and reloads the calendar five minutes before the first one', () => {
    const rules = rulesSchema.parse({
      reporting: { reminderTime: '10:30', lateReminderTime: '17:30' },
      digest: { time: '08:45' },
      jobTimes: { cardEvaluation: '06:40', problemEscalation: '10:05', approvalOverdue: '10:10', weeklySummary: '11:00', assessment: '13:00', monthlyBulletin: '14:00', quarterlyReview: '15:30' },
    });
    expect(crons(rules)).toEqual({
      'calendar-check': '35 6 * * *',
      'card-evaluation': '40 6 * * *',
      'daily-digest': '45 8 * * *',
      'report-reminder': '30 10 * * *',
      'report-reminder-late': '30 17 * * *',
      'problem-escalation': '5 10 * * *',
      'approval-overdue': '10 10 * * *',
      'weekly-summary': '0 11 * * *',
      assessment: '0 13 * * *',
      'monthly-bulletin': '0 14 * * *',
      'quarterly-review': '30 15 * * *',
    });
  });

  it('refuses reminder times on the wrong side of the due time, and a time that is no time', () => {
    const load = (json: unknown) => () => loadRules('rules.json', () => JSON.stringify(json));
    expect(load({ reporting: { reminderTime: '17:30' } })).toThrow(/reporting\.reminderTime — reminderTime must be before dueTime/);
    expect(load({ reporting: { dueTime: '18:30' } })).toThrow(/reporting\.lateReminderTime/);
    expect(load({ jobTimes: { assessment: '25:00' } })).toThrow(/jobTimes\.assessment/);
  });
});

describe('changed job times in a running county', () => {
  let store: Store;
  let county: SimulatedCounty;
  afterEach(async () => {
    await county.close();
    await store.close();
  });

  it('reminds at the new times and digests every report exactly once with the digest at 09:15', async () => {
    store = await openTestStore();
    const rules = rulesSchema.parse({ reporting: { reminderTime: '10:30', lateReminderTime: '17:30' }, digest: { time: '09:15' } });
    county = await startSimulatedCounty({ setup: countySetup, store, log: silentLogger, start: at('2026-11-30T07:00:00'), rules });
    const { group } = conversation(() => county);
    // 09:00 lies after the default digest time and before the county's: it must reach the 09:15 digest of the same day.
    await advanceTo(county, at('2026-12-01T09:00:00'));
    await group('wr_ll', 'ma_ll', '本月完成投资200万元，年度累计1000万元，形象进度60%');
    await advanceTo(county, at('2026-12-01T09:20:00'));
    await group('wr_xx', 'niu_ll', '本月完成投资300万元，年度累计2000万元，形象进度40%');
    await advanceTo(county, at('2026-12-04T20:00:00'));

    const digests = county.wecom.records.filter((r) => 'users' in r.to && r.to.users[0] === 'qian_fxz' && r.text.includes('项目日报'));
    expect(digests.map((d) => d.at.slice(0, 16))).toEqual(['2026-11-30T09:15', '2026-12-01T09:15', '2026-12-02T09:15', '2026-12-03T09:15', '2026-12-04T09:15']);
    const digestedIn = (project: string) => digests.filter((d) => d.text.includes('新报送') && d.text.includes(project)).map((d) => d.at.slice(0, 10));
    expect(digestedIn('农产品冷链物流中心')).toEqual(['2026-12-01']);
    expect(digestedIn('第二实验小学新建工程')).toEqual(['2026-12-02']);

    const reminders = county.wecom.records.filter((r) => r.text.includes('【报送提醒】') || r.text.includes('【催报】'));
    expect(reminders.every((r) => r.at.startsWith('2026-12-04'))).toBe(true);
    expect(new Set(reminders.filter((r) => r.text.includes('【报送提醒】')).map((r) => r.at.slice(11, 16)))).toEqual(new Set(['10:30']));
    expect(new Set(reminders.filter((r) => r.text.includes('【催报】')).map((r) => r.at.slice(11, 16)))).toEqual(new Set(['17:30']));
    expect(reminders.filter((r) => r.text.includes('冷链'))).toEqual([]);
  });
});
