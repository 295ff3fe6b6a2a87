import type { Db } from 'mongodb';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { InboundEvent } from '../wecom/event.js';
import type { OutboundBody, OutboundTarget, OutboxPort } from '../messages/outbound.js';
import type { ProjectMatcher } from '../parser/index.js';
import type { PersonDoc, ProjectDoc } from '../domain/records.js';
import type { Standing } from '../domain/standing.js';
import type { StandingFacts } from '../services/standing.js';
import type { Rules } from '../domain/rules.js';
import type { Metrics } from '../metrics.js';

/** What handlers need from the running bot; built once at start-up. */
export interface BotDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  botName: string;
  outbox: OutboxPort;
  matchers: { get(): Promise<ProjectMatcher>; invalidate(): void };
  rules: Rules;
  metrics: Pick<Metrics, 'parsed'>;
  /**
   * 完成率, 序时进度 and card of a project now (re-evaluates and records a card change); `known`:
   * the facts when the caller has read them for many projects at once.
   */
  standing(project: ProjectDoc, now: Date, actor: string, known?: StandingFacts): Promise<Standing>;
}

/** One inbound event, with who sent it and which project its group is bound to. */
export interface BotContext {
  deps: BotDeps;
  event: InboundEvent;
  now: Date;
  person: PersonDoc | null;
  bound: ProjectDoc | null;
  /** Buttons work on this surface (AI bot and app); the legacy group robot gets a text fallback. */
  interactive: boolean;
  reply(body: OutboundBody): Promise<void>;
}

/** Where the answer to an event goes: its response_url / WebhookUrl, or the app to the sender. */
export function replyTarget(event: InboundEvent): OutboundTarget {
  if (event.replyUrl) return { kind: 'reply', url: event.replyUrl, chatId: event.chatId, userId: event.userId };
  return { kind: 'app', userIds: [event.userId] };
}

export function createContext(deps: BotDeps, event: InboundEvent, person: PersonDoc | null, bound: ProjectDoc | null): BotContext {
  let replies = 0;
  const target = replyTarget(event);
  return {
    deps,
    event,
    now: deps.clock.now(),
    person,
    bound,
    interactive: event.source === 'aibot' || event.source === 'app' || event.source === 'longconn',
    // Keys derive from the message id, so a re-handled event (retry, crash recovery) sends nothing twice.
    reply: (body) => deps.outbox.enqueue({ key: `reply:${event.msgId}:${replies++}`, target, body, origin: { msgId: event.msgId } }),
  };
}

export interface CommandHandler {
  command: string;
  summary: string;
  example: string;
  handle(ctx: BotContext, args: string): Promise<void>;
}
