import type { OutboundBody } from '../src/messages/outbound.js';
import { standingLine } from './receipt.js';
import { NO_PLAN } from '../src/domain/schedule.js';
import { WARNING_NAMES } from '../src/domain/warnings.js';
import type { Standing } from '../src/domain/standing.js';
import type { TierResult } from '../src/domain/approval-tier.js';
import { detailLink, escapeUserText, lines, markdown, pct, wan } from './common.js';

export interface StatusInput {
  name: string;
  stage: string | null;
  township: string | null;
  department: string | null;
  totalInvestment: number | null;
  yearPlan: number | null;
  completedThisYear: number | null;
  completedTotal: number | null;
  progressPercent: number | null;
  lastReport: string | null;
  openProblems: Array<{ no: number; text: string; days: number }>;
  approvalsDone: number;
  approvalsTotal: number;
  /** Who approves its landing (seed 004) and why. */
  approvalTier: TierResult;
  standing: Standing;
  /** The 停工 mark while the project is paused. */
  pause: string | null;
  /** The project's 驾驶舱 page; none without PUBLIC_BASE_URL. */
  detailUrl?: string;
}

/** /进度 for one project: a phone-sized status card. */
export function statusCard(s: StatusInput): OutboundBody {
  return markdown(
    lines(
      `**${escapeUserText(s.name, 40)}**${s.pause ? ` · ${escapeUserText(s.pause, 60)}` : ''}`,
      [s.stage && `阶段：${s.stage}`, s.township && `属地：${s.township}`, s.department && `牵头：${s.department}`].filter(Boolean).join(' · '),
      s.totalInvestment !== null ? `总投资：${wan(s.totalInvestment)}` : null,
      s.yearPlan !== null ? `年度计划：${wan(s.yearPlan)}` : null,
      `年度完成：${s.completedThisYear === null ? '未填报' : wan(s.completedThisYear)}`,
      s.completedTotal !== null ? `开工以来累计：${wan(s.completedTotal)}` : null,
      s.progressPercent !== null ? `形象进度：${pct(s.progressPercent)}` : null,
      standingLine(s.standing),
      `手续：已办结 ${s.approvalsDone}/${s.approvalsTotal}`,
      `落地审批：${s.approvalTier.tier ?? '待定'}（${s.approvalTier.basis}）`,
      s.openProblems.length === 0 ? '未解决问题：无' : `未解决问题 ${s.openProblems.length} 个：`,
      ...s.openProblems.slice(0, 5).map((p) => `#${p.no} ${escapeUserText(p.text, 40)}（${p.days} 天）`),
      s.openProblems.length > 5 ? `…另有 ${s.openProblems.length - 5} 个，发送 /问题列表 ${s.name} 查看` : null,
      `最近填报：${s.lastReport ?? '无'}`,
      detailLink(s.detailUrl),
    ),
  );
}

export interface ScopeRow {
  name: string;
  completionRate: number | null;
  warning: Standing['warning'];
  paused: boolean;
  unplanned?: boolean;
}

/** /进度 in private with no project named: the asker's projects, one line each; `detailUrl`: the 驾驶舱 总览. */
export function scopeList(title: string, rows: ScopeRow[], detailUrl?: string): OutboundBody {
  if (rows.length === 0) return markdown(`${title}\n暂无项目。`);
  return markdown(
    lines(
      `**${title}**（${rows.length} 个）`,
      ...rows.map((r) => `${escapeUserText(r.name, 30)}：${r.unplanned ? NO_PLAN : `完成率 ${r.completionRate === null ? '—' : pct(r.completionRate)}`}${r.warning ? ` · ${WARNING_NAMES[r.warning]}` : ''}${r.paused ? ' · 停工' : ''}`),
      '发送 /进度 项目名 查看详情',
      detailLink(detailUrl),
    ),
  );
}
