import type { FigurePeriods, ParsedReport } from '../parser/index.js';
import type { Warning } from './warnings.js';

/** Where a project stands after the report: 完成率 against 序时进度 and its warning. */
export interface Standing {
  /** The figure's period, what it says was done and the plan due by then ("1-8月完成 9,200 万元，序时 8,500 万元"). */
  compared: { label: string; completed: number; due: number } | null;
  completionRate: number | null;
  scheduleRate: number | null;
  lagPoints: number | null;
  /** No plan for the figure's year: 未下达年度计划, not 0%. */
  unplanned?: boolean;
  warning: Warning | null;
  warningReasons: string[];
}

/** `periods`: what the figures cover where the text named it (reports stored before it was kept have none). */
export type ReportFields = Pick<ParsedReport, 'completedThisPeriod' | 'completedThisYear' | 'completedTotal' | 'totalInvestment' | 'progressPercent' | 'stage' | 'approvals'> & { periods?: FigurePeriods };

/** The figures of a parse that a report keeps. */
export function reportFields(p: ParsedReport): ReportFields {
  const { completedThisPeriod, completedThisYear, completedTotal, totalInvestment, progressPercent, stage, approvals, periods } = p;
  return { completedThisPeriod, completedThisYear, completedTotal, totalInvestment, progressPercent, stage, approvals, periods };
}
