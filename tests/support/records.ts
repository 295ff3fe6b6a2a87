import type { SentRecord } from '../../src/simulate/wecom/server.js';
import type { SimulatedCounty } from '../../src/simulate/harness.js';

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

/** Says something in a group or privately in the simulated county and returns the bot's answer. */
export function conversation(county: () => SimulatedCounty) {
  return {
    async group(chat: string, user: string, text: string): Promise<SentRecord> {
      await county().sendGroup(chat, user, text);
      await county().settle();
      return replyIn(county().wecom.records, chat)!;
    },
    async direct(user: string, text: string): Promise<SentRecord> {
      await county().sendPrivate(user, text);
      await county().settle();
      return lastTo(county().wecom.records, user)!;
    },
  };
}
