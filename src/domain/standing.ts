import type { ParsedReport } from '../parser/index.js';
import type { Warning } from './warnings.js';

/** Where a project stands after the report: 完成率 against 序时进度 and its warning. */
export interface Standing {
  completionRate: number | null;
  scheduleRate: number | null;
  lagPoints: number | null;
  warning: Warning | null;
  warningReasons: string[];
}

export type ReportFields = Pick<ParsedReport, 'completedThisPeriod' | 'completedThisYear' | 'completedTotal' | 'totalInvestment' | 'progressPercent' | 'stage' | 'approvals'>;

/** The figures of a parse that a report keeps. */
export function reportFields(p: ParsedReport): ReportFields {
  const { completedThisPeriod, completedThisYear, completedTotal, totalInvestment, progressPercent, stage, approvals } = p;
  return { completedThisPeriod, completedThisYear, completedTotal, totalInvestment, progressPercent, stage, approvals };
}
