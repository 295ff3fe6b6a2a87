import type { OutboundBody } from '../src/messages/outbound.js';
import type { ProblemDoc, ProjectDoc } from '../src/domain/records.js';
import { escapeUserText, lines, text } from './common.js';

/** `/解决 N` in a group whose project has no problem N: nothing is closed; the group's own are listed. */
export function notInThisGroup(no: number, project: string, own: ProblemDoc[]): OutboundBody {
  return text(
    lines(
      `问题 #${no} 不是本群项目“${escapeUserText(project, 40)}”的问题，未销号。`,
      own.length > 0 ? '本群项目未解决的问题：' : '本群项目目前没有未解决的问题。',
      ...own.map((p) => `#${p.no} ${escapeUserText(p.text, 40)}`),
      '其他项目的问题请在该项目群或私聊中销号。',
    ),
  );
}

/** To the 责任单位 and the 牵头部门: a problem was registered for them. */
export function problemRegistered(problem: ProblemDoc, project: ProjectDoc): OutboundBody {
  return text(
    lines(
      `【问题登记】${escapeUserText(project.name, 40)} #${problem.no}`,
      escapeUserText(problem.text, 200),
      `责任单位：${problem.unit ?? '未登记'}${project.department && project.department !== problem.unit ? `；牵头部门：${project.department}` : ''}`,
      `解决后请发送 /解决 ${problem.no} 说明`,
    ),
  );
}
