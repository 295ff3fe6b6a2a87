import type { OutboundBody } from '../src/messages/outbound.js';
import type { AdjustCandidate } from '../src/domain/bulletin/quarterly.js';
import { escapeUserText, lines, markdown } from './common.js';

/** The 季分析 for the admin: which projects to consider for 动态调整, and why. */
export function quarterlyReviewMessage(quarter: string, candidates: AdjustCandidate[], lagPoints: number): OutboundBody {
  if (candidates.length === 0) return markdown(`**${quarter} 季度分析**\n本季度没有需要动态调整的项目（无逾期未开工、无落后序时 ${lagPoints} 个百分点以上的项目）。`);
  return markdown(
    lines(
      `**${quarter} 季度分析 · 建议动态调整（${candidates.length} 个）**`,
      ...candidates.slice(0, 30).map((c, i) => `${i + 1}. ${escapeUserText(c.line.name, 30)}（${escapeUserText(c.line.township, 10)}）：${c.reasons.join('；')}`),
      candidates.length > 30 ? `…另有 ${candidates.length - 30} 个，见 report quarterly 导出` : null,
      '请研究是否调整出重点项目库或调整年度计划（动态调整）。',
    ),
  );
}
