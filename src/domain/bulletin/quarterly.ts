import { hasStarted } from '../lifecycle.js';
import type { MonthlyBulletin, ProjectLine } from './monthly.js';
import type { ProjectDoc } from '../records.js';
import dayjs from '../../time.js';

export interface AdjustCandidate {
  line: ProjectLine;
  plannedStart: string | null;
  reasons: string[];
}

/**
 * 季分析 (seed 003 动态调整): projects to consider moving out of (or within) the key list — those
 * whose planned start has passed without 开工, and those lagging the schedule by the red-card
 * threshold or more at the quarter's end.
 */
export function adjustmentCandidates(quarterEnd: MonthlyBulletin, projects: ProjectDoc[], lagPoints: number, end: Date): AdjustCandidate[] {
  const byName = new Map(projects.map((p) => [p.name, p]));
  const endDay = dayjs(end).tz().subtract(1, 'millisecond').format('YYYY-MM-DD');
  const out: AdjustCandidate[] = [];
  for (const line of quarterEnd.projects) {
    const p = byName.get(line.name);
    const reasons: string[] = [];
    if (p?.plannedStart && p.plannedStart <= endDay && !hasStarted(p.stage)) reasons.push(`计划 ${p.plannedStart} 开工，至季末未开工`);
    if (line.lagPoints !== null && line.lagPoints >= lagPoints) reasons.push(`落后序时进度 ${Math.round(line.lagPoints * 10) / 10} 个百分点`);
    if (reasons.length > 0) out.push({ line, plannedStart: p?.plannedStart ?? null, reasons });
  }
  return out.sort((a, b) => (b.line.lagPoints ?? 0) - (a.line.lagPoints ?? 0) || a.line.name.localeCompare(b.line.name, 'zh'));
}
