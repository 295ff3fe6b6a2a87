/**
 * The one internal event every transport (AI-bot JSON callback, app XML callback, legacy
 * group-robot callback, AI-bot long connection) produces. Handlers never see XML or JSON.
 */
export type EventSource = 'aibot' | 'app' | 'grouprobot' | 'longconn';

export interface InboundEvent {
  source: EventSource;
  /** WeCom's message id; the dedupe key (unique index on `inbound.msgId`). */
  msgId: string;
  /** Group chat id; null for a private (single) chat with the app or bot. */
  chatId: string | null;
  chatType: 'group' | 'single';
  userId: string;
  /** Message text with the leading "@BotName" mention removed; "" for non-text messages. */
  text: string;
  /** Where a reply to this message goes: AI-bot response_url or legacy group-robot WebhookUrl. */
  replyUrl?: string;
  /** `message` for chat text, `event` for enter_chat / template_card_event / etc. */
  kind: 'message' | 'event';
  /** For events: WeCom's event type (e.g. "template_card_event"); for card clicks also the button key. */
  eventType?: string;
  eventKey?: string;
  receivedAt: Date;
  raw: unknown;
}
