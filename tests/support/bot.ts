import { afterEach } from 'vitest';
import { botDeps } from '../../src/app.js';
import { createBot, type Bot } from '../../src/bot/bot.js';
import { ManualClock } from '../../src/clock.js';
import { defaultRules, type Rules } from '../../src/domain/rules.js';
import type { Setup } from '../../src/domain/setup.js';
import { silentLogger } from '../../src/log.js';
import type { OutboundBody, OutboundMessage } from '../../src/messages/outbound.js';
import { importSetup } from '../../src/repo/registry.js';
import type { Repos } from '../../src/repo/index.js';
import type { Store } from '../../src/db/index.js';
import type { InboundEvent } from '../../src/wecom/event.js';
import { handlers } from '../../handlers/index.js';
import { countySetup } from './county.js';
import { openTestStore } from './store.js';

export const BOT_NAME = '项目助手';

/** The test county's people and groups, by what they are in it. */
export const who = {
  liaison: { userId: 'ma_ll', chatId: 'wr_ll' },
  otherLiaison: { userId: 'niu_ll', chatId: 'wr_xx' },
  specialist: { userId: 'he_zy', chatId: null },
  leader: { userId: 'qian_fxz', chatId: null },
  department: { userId: 'swj_head', chatId: null },
  admin: { userId: 'fgw_admin', chatId: null },
  stranger: { userId: 'nobody', chatId: null },
} as const;

/** The same person writing to the bot in a private chat. */
export const privately = (person: { userId: string }): { userId: string; chatId: null } => ({ userId: person.userId, chatId: null });

/** The test county's projects by the short names people use. */
export const LENGLIAN = '农产品冷链物流中心';
export const ERSHIXIAO = '第二实验小学新建工程';

export interface BotRig {
  bot: Bot;
  store: Store;
  repos: Repos;
  clock: ManualClock;
  /** Every message the bot queued, in order: replies and the notifications they caused. */
  sent: OutboundMessage[];
  /** A plain inbound event as a transport would hand it over. */
  event(text: string, from: { userId: string; chatId: string | null }, extra?: Partial<InboundEvent>): InboundEvent;
  /** Receives `text` from `from` and returns the bodies of the replies to it. */
  say(text: string, from: { userId: string; chatId: string | null }, extra?: Partial<InboundEvent>): Promise<OutboundBody[]>;
}

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

const bodyText = (b: OutboundBody): string =>
  b.msgtype === 'text' || b.msgtype === 'markdown' ? b.content : b.msgtype === 'template_card' ? JSON.stringify(b.card) : b.msgtype;

/** What a reply says, whatever its message type (text, markdown, or a template card's fields). */
export const said = (bodies: OutboundBody[]): string => bodies.map(bodyText).join('\n');

/**
 * The bot below HTTP, probot-style: `bot.receive(event)` on plain events, the test county in an
 * in-process store, and an outbox port that records what would be sent. Fast, no transport.
 */
export async function botRig(opts: { at?: string; setup?: Setup; rules?: Rules } = {}): Promise<BotRig> {
  const clock = new ManualClock(new Date(opts.at ?? '2026-10-27T10:00:00+08:00'));
  const store = await openTestStore({ clock });
  stores.push(store);
  await importSetup(store.db, opts.setup ?? countySetup, 'test', clock.now());
  const sent: OutboundMessage[] = [];
  const outbox = {
    async enqueue(m: OutboundMessage | OutboundMessage[]) {
      for (const one of [m].flat()) if (!sent.some((s) => s.key === one.key)) sent.push(one);
    },
  };
  const deps = botDeps({ db: store.db, clock, log: silentLogger, rules: opts.rules ?? defaultRules, outbox, metrics: { parsed: () => undefined }, botName: BOT_NAME });
  const bot = createBot(deps, handlers());
  let seq = 0;
  const event: BotRig['event'] = (text, from, extra = {}) => ({
    source: 'aibot',
    msgId: `m${++seq}`,
    chatId: from.chatId,
    chatType: from.chatId ? 'group' : 'single',
    userId: from.userId,
    text,
    replyUrl: `http://127.0.0.1:9/reply/${seq}`,
    kind: 'message',
    receivedAt: clock.now(),
    raw: {},
    ...extra,
  });
  return {
    bot,
    store,
    repos: deps.repos,
    clock,
    sent,
    event,
    async say(text, from, extra) {
      const e = event(text, from, extra);
      await bot.receive(e);
      return sent.filter((m) => m.origin?.msgId === e.msgId && m.target.kind === 'reply').map((m) => m.body);
    },
  };
}
