import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import type { InboundEvent } from '../event.js';
import type { OutboundBody, OutboundTarget } from '../../messages/outbound.js';
import type { Sender } from '../outbox.js';
import { WecomError, type WecomAnswer } from '../client.js';
import { parseAibot } from '../inbound/aibot.js';
import { recordInbound } from '../inbound/dedupe.js';
import { renderPlainText } from '../render.js';
import type { Lease } from './lease.js';

/** A reply to a message that came over the long connection goes back on that message's frame. */
export const FRAME_REPLY = 'frame:';

/** `standby`: another instance holds the connection (see the lease). */
export type LongConnState = 'standby' | 'connecting' | 'ready' | 'refused' | 'down';

export interface LongConn {
  state(): LongConnState;
  /** This instance holds the lease, so the connection (and the sending of its replies) is ours. */
  holding(): boolean;
  /** Replies on frames; everything else through `fallback` (group webhooks, the app's message/send). */
  sender(fallback: Sender): Sender;
  /** Closes the connection and gives the lease up. */
  stop(): Promise<void>;
}

export interface LongConnOptions {
  botId: string;
  secret: string;
  wsUrl: string | undefined;
  botName: string;
  db: Db;
  log: Logger;
  clock: Clock;
  metrics: Pick<Metrics, 'callback'>;
  onEvent(event: InboundEvent): void;
  /** Only the holder of this lease opens the connection; the others stand by and take over when it expires. */
  lease: Lease;
  /** How often the lease is renewed or tried (a third of its lifetime). */
  leaseCheckMs: number;
  /** Back-off base for reconnects (ms); the SDK doubles it on each attempt. */
  reconnectMs?: number;
}

/**
 * The AI bot over WeCom's official long-connection SDK (doc 101463), for servers with no public
 * callback URL. Frames become the same InboundEvent the HTTP callbacks produce, stored and
 * deduplicated by msgid the same way; nothing above the transport changes.
 */
export function startLongConn(opts: LongConnOptions): LongConn {
  let state: LongConnState = 'standby';
  let client: WSClient | null = null;
  let unreachableSaid = false;
  const log = opts.log.child({ transport: 'longconn' });

  const onFrame = async (frame: WsFrame) => {
    try {
      const parsed = parseAibot(JSON.stringify(frame.body ?? {}), opts.botName);
      if (parsed.kind === 'ignore') return opts.metrics.callback('longconn', 'ignored');
      const event: InboundEvent = { ...parsed.event, source: 'longconn', replyUrl: `${FRAME_REPLY}${frame.headers.req_id}`, receivedAt: opts.clock.now() };
      if (await recordInbound(opts.db, event)) {
        opts.metrics.callback('longconn', 'accepted');
        opts.onEvent(event);
      } else opts.metrics.callback('longconn', 'duplicate');
    } catch (err) {
      opts.metrics.callback('longconn', 'malformed');
      log.warn({ err: (err as Error).message, reqId: frame.headers.req_id }, 'long-connection frame refused');
    }
  };

  const connect = () => {
    state = 'connecting';
    const c = new WSClient({
      botId: opts.botId,
      secret: opts.secret,
      ...(opts.wsUrl ? { wsUrl: opts.wsUrl } : {}),
      reconnectInterval: opts.reconnectMs ?? 1_000,
      maxReconnectAttempts: -1,
      maxAuthFailureAttempts: 0,
      logger: { debug: () => undefined, info: () => undefined, warn: (m: string) => log.debug({ sdk: m }, 'sdk'), error: (m: string) => log.debug({ sdk: m }, 'sdk') },
    });
    c.on('authenticated', () => {
      state = 'ready';
      log.info('long connection authenticated');
    });
    c.on('disconnected', (reason) => {
      if (state === 'ready') state = 'down';
      log.warn({ reason }, 'long connection lost; reconnecting');
    });
    c.on('error', (err) => {
      if (/auth/i.test(err.message)) {
        // One clear line; the SDK gives up rather than retrying a wrong secret in a loop.
        if (state !== 'refused') log.error({ botId: opts.botId }, '企业微信长连接认证失败：请检查 WECOM_BOT_ID 与 WECOM_BOT_SECRET / long-connection authentication refused');
        state = 'refused';
      } else if (state === 'connecting' && !unreachableSaid) {
        // Said once; the SDK keeps retrying with back-off and /readyz stays not ready meanwhile.
        unreachableSaid = true;
        log.error({ wsUrl: opts.wsUrl ?? 'default' }, `企业微信长连接无法建立：请检查 WECOM_WS_URL 与网络出口 / long connection cannot be opened: ${err.message}`);
      } else log.debug({ err: err.message }, 'long connection error');
    });
    c.on('message', (frame) => void onFrame(frame));
    c.on('event', (frame) => {
      if ((frame.body as { event?: { eventtype?: string } })?.event?.eventtype === 'disconnected_event') {
        // Another connection took over: the SDK closes this one and does not fight back.
        state = 'down';
        log.warn('long connection displaced by a newer one');
        return;
      }
      void onFrame(frame);
    });
    c.connect();
    client = c;
  };

  const letGo = () => {
    client?.disconnect();
    client = null;
    state = 'standby';
  };

  let held = false;
  const tick = async () => {
    held = await opts.lease.hold().catch((err: unknown) => {
      log.warn({ err: (err as Error).message }, 'long-connection lease check failed');
      return false;
    });
    if (held && !client) {
      log.info('long-connection lease taken; connecting');
      connect();
    } else if (!held && client) {
      log.warn('long-connection lease lost to another instance; standing by');
      letGo();
    }
  };
  const ready = tick();
  const timer = setInterval(() => void tick(), opts.leaseCheckMs);
  timer.unref();

  return {
    state: () => state,
    holding: () => held,
    sender(fallback) {
      return {
        send(target: OutboundTarget, body: OutboundBody): Promise<WecomAnswer> {
          const unheld = () => Promise.reject(new WecomError('long connection: this instance does not hold it', true));
          if (target.kind === 'chat') return client ? pushToChat(client, target.chatId, body) : unheld();
          if (target.kind === 'reply' && target.url.startsWith(FRAME_REPLY)) return client ? replyOnFrame(client, target.url.slice(FRAME_REPLY.length), body) : unheld();
          return fallback.send(target, body);
        },
      };
    },
    async stop() {
      clearInterval(timer);
      await ready;
      letGo();
      if (held) await opts.lease.release();
      held = false;
    },
  };
}

async function replyOnFrame(client: WSClient, reqId: string, body: OutboundBody): Promise<WecomAnswer> {
  const frame = { headers: { req_id: reqId } };
  return answer('aibot_respond_msg', () =>
    body.msgtype === 'template_card' ? client.replyTemplateCard(frame, body.card as never) : client.replyStream(frame, randomBytes(8).toString('hex'), renderContent(body), true),
  );
}

/** A scheduled message to a group without a webhook key: aibot_send_msg (markdown or template_card only). */
async function pushToChat(client: WSClient, chatId: string, body: OutboundBody): Promise<WecomAnswer> {
  if (body.msgtype === 'file' || body.msgtype === 'image') throw new WecomError(`aibot_send_msg cannot carry a ${body.msgtype}; give the group a webhook key`, false);
  const payload = body.msgtype === 'template_card' ? { msgtype: 'template_card' as const, template_card: body.card as never } : { msgtype: 'markdown' as const, markdown: { content: renderContent(body) } };
  return answer('aibot_send_msg', () => client.sendMessage(chatId, payload));
}

/** WeCom's ack of a command on the connection; a missing ack or a lost socket is worth a retry. */
async function answer(cmd: string, send: () => Promise<WsFrame>): Promise<WecomAnswer> {
  try {
    const ack = await send();
    const errcode = ack.errcode ?? 0;
    if (errcode !== 0) throw new WecomError(`${cmd}: ${ack.errmsg ?? errcode}`, false, errcode, ack.errmsg ?? null);
    return { errcode: 0, errmsg: 'ok' };
  } catch (err) {
    if (err instanceof WecomError) throw err;
    throw new WecomError(`long connection: ${(err as Error).message}`, true);
  }
}

/** Markdown travels as is on a stream; other bodies as their plain text. */
function renderContent(body: OutboundBody): string {
  return body.msgtype === 'markdown' ? body.content : renderPlainText(body);
}
