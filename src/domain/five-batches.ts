import { FIVE_BATCHES, stageIndex, type FiveBatch } from './lifecycle.js';

/** One change of a project's stage, from the audit trail (reports, imports, /手续 all leave one). */
export interface StageChange {
  project: string;
  township?: string | undefined;
  industry?: string | undefined;
  before: string | null;
  after: string;
  at: Date;
}

export type BatchCounts = Record<FiveBatch, number>;

export interface FiveBatchReport {
  total: BatchCounts;
  byTownship: Map<string, BatchCounts>;
  byIndustry: Map<string, BatchCounts>;
  /** Which projects make each count, so a 通报 can name them. */
  projects: Record<FiveBatch, string[]>;
}

const UNSPECIFIED = '未填写';

export function emptyCounts(): BatchCounts {
  return Object.fromEntries(FIVE_BATCHES.map((b) => [b.label, 0])) as BatchCounts;
}

/**
 * 五个一批 (seed 002) for [from, to): a project counts for a milestone in the period when it first
 * reached it then. A jump (签约 → 在建) reaches every milestone in between; a stage set back and
 * reached again is not counted twice.
 */
export function fiveBatches(changes: readonly StageChange[], from: Date, to: Date): FiveBatchReport {
  const firstReached = new Map<string, { at: Date; change: StageChange }>();
  for (const c of [...changes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    for (const b of FIVE_BATCHES) {
      const m = stageIndex(b.stage);
      const key = `${c.project}\u0000${b.label}`;
      if (stageIndex(c.before) < m && m <= stageIndex(c.after) && !firstReached.has(key)) firstReached.set(key, { at: c.at, change: c });
    }
  }
  const report: FiveBatchReport = {
    total: emptyCounts(),
    byTownship: new Map(),
    byIndustry: new Map(),
    projects: Object.fromEntries(FIVE_BATCHES.map((b) => [b.label, []])) as unknown as Record<FiveBatch, string[]>,
  };
  for (const [key, { at, change }] of firstReached) {
    if (at < from || at >= to) continue;
    const label = key.split('\u0000')[1] as FiveBatch;
    report.total[label]++;
    bump(report.byTownship, change.township ?? UNSPECIFIED, label);
    bump(report.byIndustry, change.industry ?? UNSPECIFIED, label);
    report.projects[label].push(change.project);
  }
  return report;
}

function bump(map: Map<string, BatchCounts>, unit: string, label: FiveBatch): void {
  const counts = map.get(unit) ?? emptyCounts();
  counts[label]++;
  map.set(unit, counts);
}
