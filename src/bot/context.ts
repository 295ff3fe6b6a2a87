import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { InboundEvent } from '../wecom/event.js';
import { REPLY_URL_TTL_MS, type OutboundBody, type OutboundTarget, type OutboxPort } from '../messages/outbound.js';
import type { PersonDoc, ProjectDoc } from '../domain/records.js';
import type { DigestSource } from '../domain/digest.js';
import type { Rules } from '../domain/rules.js';
import { accessOf, type Access } from '../domain/access.js';
import type { Repos } from '../repo/index.js';
import type { StandingService } from '../services/standing.js';
import type { MatcherCache } from '../services/matchers.js';
import type { Metrics } from '../metrics.js';
import type { CockpitLinks } from '../services/links.js';

/** What handlers need from the running bot; built once at start-up. */
export interface BotDeps {
  repos: Repos;
  clock: Clock;
  log: Logger;
  botName: string;
  outbox: OutboxPort;
  matchers: MatcherCache;
  rules: Rules;
  metrics: Pick<Metrics, 'parsed'>;
  standing: StandingService;
  /** What a digest over [from, to) is cut from. */
  digestSource(from: Date, to: Date): Promise<DigestSource>;
  /** "查看详情" addresses of the 驾驶舱; null without PUBLIC_BASE_URL (then replies carry no link). */
  links: CockpitLinks | null;
}

/** One inbound event, with who sent it and which project its group is bound to. */
export interface BotContext {
  deps: BotDeps;
  event: InboundEvent;
  now: Date;
  person: PersonDoc | null;
  bound: ProjectDoc | null;
  /** What the sender may report and read (the access matrix). */
  access: Access;
  /** Buttons work on this surface (AI bot and app); the legacy group robot gets a text fallback. */
  interactive: boolean;
  reply(body: OutboundBody): Promise<void>;
}

/** Where the answer to an event goes: its response_url / WebhookUrl, or the app to the sender. */
export function replyTarget(event: InboundEvent): OutboundTarget {
  if (event.replyUrl) {
    return { kind: 'reply', url: event.replyUrl, chatId: event.chatId, userId: event.userId, expiresAt: new Date(event.receivedAt.getTime() + REPLY_URL_TTL_MS) };
  }
  return { kind: 'app', userIds: [event.userId] };
}

/** `standsInFor`: the people on leave whose deputy the sender is now. */
export function createContext(deps: BotDeps, event: InboundEvent, person: PersonDoc | null, bound: ProjectDoc | null, standsInFor: readonly string[] = []): BotContext {
  let replies = 0;
  const target = replyTarget(event);
  return {
    deps,
    event,
    now: deps.clock.now(),
    person,
    bound,
    access: accessOf(person, deps.rules.access, standsInFor),
    interactive: event.source === 'aibot' || event.source === 'app' || event.source === 'longconn',
    // Keys derive from the message id, so a re-handled event (retry, crash recovery) sends nothing twice.
    reply: (body) => deps.outbox.enqueue({ key: `reply:${event.msgId}:${replies++}`, target, body, origin: { msgId: event.msgId } }),
  };
}

/** A slash command: `/进度 项目名` reaches `handle(ctx, '项目名')`. */
export interface CommandHandler {
  command: string;
  summary: string;
  example: string;
  handle(ctx: BotContext, args: string): Promise<void>;
}

/** Free text that is not a command (a progress report, or not). */
export interface TextHandler {
  summary: string;
  example: string;
  handle(ctx: BotContext, text: string): Promise<void>;
}

/** "确认" typed, or a card's 确认 button with the report it names. */
export interface ConfirmHandler {
  handle(ctx: BotContext, reportId: string | null): Promise<void>;
}

/** Every handler the bot routes to, collected once in handlers/index.ts. */
export interface Handlers {
  commands: CommandHandler[];
  text: TextHandler;
  confirm: ConfirmHandler;
}
