import type { OutboundTarget } from '../wecom/outbound.js';
import type { ProjectDoc } from '../repo/projects.js';

/** A project's group, reachable when the group has a webhook key (消息推送); null otherwise. */
export function groupTarget(project: ProjectDoc): OutboundTarget | null {
  return project.chatId && project.webhookKey ? { kind: 'webhook', chatId: project.chatId, webhookKey: project.webhookKey } : null;
}
