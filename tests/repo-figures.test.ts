import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openTestStore } from './support/store.js';
import type { Store } from '../src/db/index.js';
import { collections } from '../src/db/collections.js';
import { latestFigures, latestFiguresOf } from '../src/repo/reports.js';
import type { LatestFigures, ReportDoc, ReportStatus } from '../src/domain/records.js';
import { figuresFrom } from '../src/domain/figures.js';

const PROJECTS = ['甲项目', '乙项目', '丙项目'];
const YEAR_START = new Date('2026-01-01T00:00:00+08:00');
const HOUR = 3_600_000;

/** What the figures are, read from every report ever stored: the definition the repository must keep. */
function reference(rows: ReportDoc[], project: string, until: Date | undefined): LatestFigures {
  const mine = rows
    .filter((r) => r.project === project && r.status === 'confirmed' && (!until || r.reportedAt < until))
    .sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime());
  return figuresFrom(mine, YEAR_START);
}

const monthPeriod = (m: number) => {
  const mm = String(m).padStart(2, '0');
  return { label: `${m}月`, from: `2026-${mm}-01`, to: `2026-${mm}-28` };
};

describe('latest figures over several years', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => store.close());

  it('are the newest of each figure however many years are stored, with the year read whole and the years before as one row a project', async () => {
    const figure = fc.option(fc.integer({ min: 1, max: 9999 }), { nil: null });
    const report = fc.record({
      project: fc.constantFrom(...PROJECTS),
      // From 2024 to 2027: reports before, in and after the year.
      hours: fc.integer({ min: -2 * 8760, max: 1.5 * 8760 }),
      status: fc.constantFrom<ReportStatus[]>('confirmed', 'confirmed', 'pending', 'superseded'),
      year: figure,
      total: figure,
      pct: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      // A 本期 figure for one month of 2026, carried into 年度累计 after a later one.
      month: fc.option(fc.record({ value: fc.integer({ min: 1, max: 999 }), month: fc.integer({ min: 1, max: 12 }) }), { nil: null }),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(report, { maxLength: 30, selector: (r) => r.hours }), fc.option(fc.integer({ min: -8760, max: 1.5 * 8760 }), { nil: undefined }), async (drawn, untilHours) => {
        const tag = `run${run++}`;
        const rows: ReportDoc[] = drawn.map((r, i) => ({
          _id: `${tag}-${i}`, msgId: `${tag}-${i}`, project: `${tag}${r.project}`, userId: 'u', chatId: null, text: '', reportedAt: new Date(YEAR_START.getTime() + r.hours * HOUR),
          fields: {
            completedThisPeriod: r.month?.value ?? null, completedThisYear: r.year, completedTotal: r.total, totalInvestment: null, progressPercent: r.pct, stage: null, approvals: [],
            ...(r.month ? { periods: { completedThisPeriod: monthPeriod(r.month.month), completedThisYear: null } } : {}),
          },
          confidence: 1, flags: [], status: r.status, unregistered: false,
        }));
        if (rows.length > 0) await store.db.collection<ReportDoc>(collections.reports).insertMany(rows);
        const names = [...PROJECTS, '无报告项目'].map((p) => `${tag}${p}`);
        const until = untilHours === undefined ? undefined : new Date(YEAR_START.getTime() + untilHours * HOUR);
        const got = await latestFiguresOf(store.db, names, YEAR_START, until);
        for (const name of names) expect(got.get(name)).toEqual(reference(rows, name, until));
        if (until === undefined) for (const name of names) expect(await latestFigures(store.db, name, YEAR_START)).toEqual(reference(rows, name, undefined));
      }),
      { numRuns: 60 },
    );
  });
});
