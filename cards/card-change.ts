import type { OutboundBody } from '../src/wecom/outbound.js';
import { CARD_NAMES, type CardColour } from './receipt.js';
import { escapeUserText, lines, markdown } from './common.js';

/** A project's card changed: the new card and, in plain words, why. */
export function cardChangeMessage(project: string, before: CardColour | null, after: CardColour | null, reasons: string[]): OutboundBody {
  const name = escapeUserText(project, 40);
  if (after === null) return markdown(`**预警解除 · ${name}**\n原${before ? CARD_NAMES[before] : '预警'}已解除。`);
  const verb = before === null ? '亮' : '调整为';
  return markdown(lines(`**${CARD_NAMES[after]}预警 · ${name}**`, `项目${verb}${CARD_NAMES[after]}${before ? `（原${CARD_NAMES[before]}）` : ''}，原因：`, ...reasons.map((r) => `· ${r}`), '请项目单位和牵头部门抓紧推进，发送 /进度 查看详情。'));
}
