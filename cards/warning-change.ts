import type { OutboundBody } from '../src/messages/outbound.js';
import { WARNING_NAMES, type Warning } from '../src/domain/warnings.js';
import { detailLink, escapeUserText, lines, markdown } from './common.js';

/** A project's card changed: the new card and, in plain words, why; `detailUrl`: the project's 驾驶舱 page. */
export function warningChangeMessage(project: string, before: Warning | null, after: Warning | null, reasons: string[], detailUrl?: string): OutboundBody {
  const name = escapeUserText(project, 40);
  if (after === null) return markdown(lines(`**预警解除 · ${name}**`, `原${before ? WARNING_NAMES[before] : '预警'}已解除。`, detailLink(detailUrl)));
  const verb = before === null ? '亮' : '调整为';
  return markdown(lines(`**${WARNING_NAMES[after]}预警 · ${name}**`, `项目${verb}${WARNING_NAMES[after]}${before ? `（原${WARNING_NAMES[before]}）` : ''}，原因：`, ...reasons.map((r) => `· ${r}`), detailUrl ? '请项目单位和牵头部门抓紧推进。' : '请项目单位和牵头部门抓紧推进，发送 /进度 查看详情。', detailLink(detailUrl)));
}
