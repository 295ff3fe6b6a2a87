import type { Rules } from './rules.js';
import { wanText } from './wan.js';

/** 红黄蓝牌 (seed 003): a project's warning colour. */
export type Warning = 'red' | 'yellow' | 'blue';
export const WARNING_NAMES: Record<Warning, string> = { red: '红牌', yellow: '黄牌', blue: '蓝牌' };

export interface WarningFacts {
  lagPoints: number | null;
  /** The figure the lag compares when it covers a period that ended before today ("1-8月"): said in the reason. */
  compared?: { label: string; completed: number; due: number } | null;
  missedCycles: number;
  /** Days each open problem has been open. */
  openProblemDays: number[];
  /** Planned start date passed while the project has not reached 开工. */
  startOverdue: boolean;
}

export interface WarningResult {
  warning: Warning | null;
  reasons: string[];
}

const RANK: Record<Warning, number> = { blue: 1, yellow: 2, red: 3 };
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** 红黄蓝牌 (seed 003): every rule that fires gives a reason; the worst card wins and keeps only its reasons. */
export function evaluateWarning(f: WarningFacts, rules: Rules['cards']): WarningResult {
  const fired: Array<[Warning, string]> = [];
  if (f.lagPoints !== null) {
    const lag = f.compared
      ? `${f.compared.label}完成 ${wanText(f.compared.completed)}，序时 ${wanText(Math.round(f.compared.due))}，落后 ${fmt(f.lagPoints)} 个百分点`
      : `完成率落后序时进度 ${fmt(f.lagPoints)} 个百分点`;
    if (f.lagPoints >= rules.redLagPoints) fired.push(['red', lag]);
    else if (f.lagPoints >= rules.yellowLagPoints) fired.push(['yellow', lag]);
    else if (f.lagPoints >= rules.blueLagPoints) fired.push(['blue', lag]);
  }
  if (f.startOverdue) fired.push(['red', '已过计划开工日期仍未开工']);
  const oldest = Math.max(0, ...f.openProblemDays);
  if (oldest > rules.redProblemDays) fired.push(['red', `有问题超过 ${rules.redProblemDays} 天未解决（最长 ${oldest} 天）`]);
  else if (oldest > rules.yellowProblemDays) fired.push(['yellow', `有问题超过 ${rules.yellowProblemDays} 天未解决（最长 ${oldest} 天）`]);
  if (f.missedCycles > rules.yellowMissedCycles) fired.push(['yellow', `连续 ${f.missedCycles} 个周期未报送进度`]);
  else if (f.missedCycles > rules.blueMissedCycles) fired.push(['blue', `连续 ${f.missedCycles} 个周期未报送进度`]);
  if (fired.length === 0) return { warning: null, reasons: [] };
  const worst = fired.reduce((a, b) => (RANK[b[0]] > RANK[a[0]] ? b : a))[0];
  return { warning: worst, reasons: fired.filter(([c]) => c === worst).map(([, r]) => r) };
}
