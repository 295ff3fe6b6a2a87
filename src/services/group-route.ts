import type { OutboundTarget } from '../messages/outbound.js';
import type { ProjectDoc } from '../domain/records.js';

/** How scheduled messages reach a project's group; null when they cannot. */
export type GroupRoute = (project: ProjectDoc) => OutboundTarget | null;

/** Callback mode: through the group's 消息推送 webhook; a group without a key is not reachable. */
export const viaWebhook: GroupRoute = (project) =>
  project.chatId && project.webhookKey ? { kind: 'webhook', chatId: project.chatId, webhookKey: project.webhookKey } : null;

/** Long-connection mode: the webhook when the group has one, else the bot's own aibot_send_msg. */
export const viaWebhookOrBot: GroupRoute = (project) => viaWebhook(project) ?? (project.chatId ? { kind: 'chat', chatId: project.chatId } : null);
