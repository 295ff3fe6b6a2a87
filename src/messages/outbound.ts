/** What the bot sends, independent of how it travels. Built by `cards/`, queued in the outbox. */
export type OutboundTarget =
  /** A group, through its group-robot webhook (消息推送, doc 99110). */
  | { kind: 'webhook'; chatId: string; webhookKey: string }
  /** People, through the self-built app's message/send (doc 90236). */
  | {
      kind: 'app';
      userIds: string[];
      /**
       * Ask WeCom to drop the same content to the same people within 30 minutes, so a send that timed
       * out after WeCom took it is not seen twice. Scheduled messages only: a person asking the same
       * question twice must get the same answer twice.
       */
      duplicateCheck?: boolean;
    }
  /** The answer to one inbound message: AI-bot response_url (doc 101138) or legacy robot WebhookUrl. */
  | {
      kind: 'reply';
      url: string;
      chatId: string | null;
      userId: string;
      /** When the URL stops working (an hour after the callback, doc 101138); a later answer goes another way. */
      expiresAt?: Date;
    }
  /** A group with no webhook key, through the AI bot's long connection (aibot_send_msg, doc 101463). */
  | { kind: 'chat'; chatId: string };

export type OutboundBody =
  | { msgtype: 'text'; content: string; mentions?: string[] }
  | { msgtype: 'markdown'; content: string }
  | { msgtype: 'template_card'; card: Record<string, unknown> }
  | { msgtype: 'file'; fileName: string; contentBase64: string }
  | { msgtype: 'image'; contentBase64: string };

export interface OutboundMessage {
  /** Idempotency key: one logical message, sent at most once, whatever retries or restarts. */
  key: string;
  target: OutboundTarget;
  body: OutboundBody;
  /** For logs and tracing: the inbound msgId or the job that produced it. */
  origin?: { msgId?: string; job?: string };
}

/** How long WeCom accepts a response_url after the callback that carried it (doc 101138). */
export const REPLY_URL_TTL_MS = 60 * 60_000;

export interface OutboxPort {
  enqueue(msgs: OutboundMessage | OutboundMessage[]): Promise<void>;
}
