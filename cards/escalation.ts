import type { OutboundBody } from '../src/messages/outbound.js';
import type { ProblemDoc } from '../src/domain/records.js';
import { escapeUserText, lines, markdown } from './common.js';

export function escalationMessage(problem: ProblemDoc, holder: string, days: number): OutboundBody {
  return markdown(
    lines(
      `**问题升级 · 提请${holder}协调**`,
      `#${problem.no}【${escapeUserText(problem.project, 30)}】${escapeUserText(problem.text, 120)}`,
      `已 ${days} 天未解决。解决后请发送 /解决 ${problem.no} 说明`,
    ),
  );
}
