import type { SentRecord } from '../../src/simulate/wecom/server.js';

/**
 * The bot's answer to the last message in a chat, or to a person: other lanes (a card change
 * announced to the leaders) may arrive before or after it, so tests look for it by where it went.
 */
export function replyIn(records: SentRecord[], chat: string): SentRecord | undefined {
  return records.filter((r) => r.via === 'reply' && 'chat' in r.to && r.to.chat === chat).at(-1);
}

export function lastTo(records: SentRecord[], user: string): SentRecord | undefined {
  return records.filter((r) => 'users' in r.to && r.to.users.length === 1 && r.to.users[0] === user).at(-1);
}
