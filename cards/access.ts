import type { OutboundBody } from '../src/messages/outbound.js';
import type { ProjectDoc, ReportDoc } from '../src/domain/records.js';
import { ACCESS_ROLE_NAMES, type AccessRole } from '../src/domain/access.js';
import { escapeUserText, lines, text } from './common.js';

const ASK_ADMIN = '如需开通，请联系县发改委（管理员）在台账中登记您的企业微信账号和职责。';

/** A person the bot does not know, on anything but /帮助. */
export function unknownPerson(): OutboundBody {
  return text(lines('您还没有登记为重点项目相关人员，目前只能使用 /帮助。', ASK_ADMIN));
}

/** A command the sender's role may not use. */
export function commandRefused(command: string, role: AccessRole): OutboundBody {
  return text(lines(`/${command} 不对${ACCESS_ROLE_NAMES[role]}开放。`, ASK_ADMIN));
}

/** A project outside what the sender may read. */
export function projectRefused(project: string): OutboundBody {
  return text(lines(`“${escapeUserText(project, 40)}”不在您的查看范围内。`, ASK_ADMIN));
}

/** To the project's liaisons: a report from someone who may not report for it waits for them. */
export function outsiderReportNotice(report: ReportDoc, project: ProjectDoc, sender: string): OutboundBody {
  return text(
    lines(
      `“${escapeUserText(project.name, 40)}”收到一条待确认的进度，报送人 ${escapeUserText(sender, 20)} 不是本项目登记的联络员或服务专员：`,
      `“${escapeUserText(report.text, 120)}”`,
      '核实无误后请在本项目工作群回复“确认”或点回执卡片上的“确认”；确认前不计入进度、预警和考核。',
    ),
  );
}
