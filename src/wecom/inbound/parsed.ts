import type { InboundEvent } from '../event.js';

/** What a surface parser makes of one decrypted callback; the router adds source and receivedAt. */
export type SurfaceEvent = Omit<InboundEvent, 'source' | 'receivedAt'>;

export type Parsed =
  | { kind: 'event'; event: SurfaceEvent }
  /** Acked and logged, no event: stream refresh polls, enter_chat, types we do not handle. */
  | { kind: 'ignore'; reason: string; msgtype: string };

/** Removes the leading "@BotName" mention WeCom puts in group text (followed by a space or U+2005). */
export function stripMention(text: string, botName: string): string {
  const trimmed = text.trim();
  const mention = `@${botName}`;
  return trimmed.startsWith(mention) ? trimmed.slice(mention.length).trim() : trimmed;
}
