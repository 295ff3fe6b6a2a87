import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import type { Store } from '../src/db/index.js';
import { collections } from '../src/db/collections.js';
import { rulesSchema } from '../src/domain/rules.js';
import { openTestStore } from './support/store.js';
import { crashAfter, restart, startCounty, tally } from './support/faults.js';

const at = (s: string) => new Date(`${s}+08:00`);
let store: Store;
let county: SimulatedCounty;
const records = () => county.wecom.records;
const digests = () => records().filter((r) => r.text.startsWith('项目日报'));

beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await county.close();
  await store.close();
});

describe('job faults: 0 lost, 0 duplicated', () => {
  it('the 09:00 report reminder killed after writing two of its four messages: repeated after the restart, each group reminded once', async () => {
    // Friday 2026-12-04 is the due day: all four groups are reminded.
    county = await startCounty(store, at('2026-12-04T08:58:00'));
    const undo = crashAfter(store, collections.outbox, 'insertOne', 2);
    await expect(advanceTo(county, at('2026-12-04T09:01:00'))).rejects.toThrow(/process died/);
    undo();
    expect(await store.db.collection(collections.outbox).countDocuments()).toBe(2);
    // Back once the dead run's lease (10 minutes) is over.
    county = await restart(county, store, at('2026-12-04T09:12:00'));
    await county.settle();
    const reminders = records().filter((r) => r.text.startsWith('【报送提醒】'));
    expect(reminders.map((r) => r.to)).toHaveLength(4);
    expect(reminders.map((r) => r.to)).toEqual(expect.arrayContaining(['wr_ll', 'wr_xx', 'wr_gf', 'wr_ld'].map((chat) => ({ chat }))));
    expect(await store.db.collection(collections.jobRuns).findOne({ job: 'report-reminder' })).toMatchObject({ status: 'done', attempts: 2 });
    expect(await tally(store, records())).toEqual({ lost: 0, duplicated: 0 });
  }, 30_000);

  it('the bot down 08:25-08:45, across the 08:30 digest: made up once at the start, not again later that day, the next day on time', async () => {
    county = await startCounty(store, at('2026-12-02T07:50:00'));
    await advanceTo(county, at('2026-12-02T08:25:00'));
    expect(digests()).toEqual([]);
    county = await restart(county, store, at('2026-12-02T08:45:00'));
    await county.settle();
    expect(digests().map((d) => [d.at, d.to])).toEqual([
      ['2026-12-02T08:45:00+08:00', { users: ['qian_fxz'] }],
      ['2026-12-02T08:45:00+08:00', { users: ['sun_cw'] }],
    ]);
    await advanceTo(county, at('2026-12-03T09:00:00'));
    expect(digests().map((d) => d.at)).toEqual(['2026-12-02T08:45:00+08:00', '2026-12-02T08:45:00+08:00', '2026-12-03T08:30:00+08:00', '2026-12-03T08:30:00+08:00']);
    expect(await tally(store, records())).toEqual({ lost: 0, duplicated: 0 });
  }, 60_000);

  it('a county whose rules make up runs only within 12 minutes (jobRuns.makeUpWithinHours 0.2): the same restart makes up nothing', async () => {
    county = await startCounty(store, at('2026-12-02T07:50:00'), rulesSchema.parse({ jobRuns: { makeUpWithinHours: 0.2 } }));
    await advanceTo(county, at('2026-12-02T08:25:00'));
    county = await restart(county, store, at('2026-12-02T08:45:00'));
    await county.settle();
    expect(digests()).toEqual([]);
    await advanceTo(county, at('2026-12-03T09:00:00'));
    expect(digests().map((d) => d.at)).toEqual(['2026-12-03T08:30:00+08:00', '2026-12-03T08:30:00+08:00']);
  }, 60_000);
});
