import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { type SentRecord, cstIso } from './server.js';
import { renderPlainText } from '../../wecom/render.js';
import type { OutboundBody } from '../../messages/outbound.js';

/**
 * The WeCom side of the AI bot's long connection (doc 101463), as the official SDK speaks it:
 * `aibot_subscribe` with bot_id and secret, `ping`, message and event callbacks pushed as
 * `aibot_msg_callback` / `aibot_event_callback`, and the bot's `aibot_respond_msg` (on the
 * callback's req_id) and `aibot_send_msg`. Every answer is acked with `{headers: {req_id}, errcode}`.
 */

const frameSchema = z.object({
  cmd: z.string().optional(),
  headers: z.object({ req_id: z.string().min(1) }),
  body: z.record(z.string(), z.unknown()).optional(),
});
type Frame = z.infer<typeof frameSchema>;

/** Errcode for a refused subscribe; the doc's exact code for a wrong secret was not confirmed. */
export const AUTH_REFUSED = { errcode: 40001, errmsg: 'invalid bot_id or secret' } as const;

export interface LongConnSimulatorOptions {
  clock: Clock;
  botId: string;
  secret: string;
  /** Where what the bot sends is recorded: share the HTTP simulator's record so both modes read alike. */
  records: SentRecord[];
  onRecord?: (record: SentRecord) => void;
}

export interface LongConnSimulator {
  url: string;
  /** A member writes to the bot (a group @-mention, or a private message when chatId is null). Delivered at once, or on the next subscribe. */
  say(m: { chatId: string | null; userId: string; text: string; msgId?: string; botName?: string }): string;
  /** Authenticated sockets right now (a displaced or dropped one no longer counts). */
  connections(): number;
  /** Drops the current socket without a close frame, as a network failure does. */
  drop(): void;
  /** Refuses the next `count` subscribes. */
  refuseAuth(count: number): void;
  /** Tells the current connection that a newer one took its place, then closes it. */
  displace(): void;
  /** Holds every ack of respond_msg and send_msg for `ms` (0: answer at once). */
  delayAcks(ms: number): void;
  close(): Promise<void>;
}

export async function startLongConnSimulator(options: LongConnSimulatorOptions): Promise<LongConnSimulator> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  const queue: Frame[] = [];
  const origins = new Map<string, { chatId: string | null; userId: string }>();
  let current: WebSocket | null = null;
  let refusals = 0;
  let ackDelayMs = 0;
  const id = () => randomBytes(8).toString('hex');

  // Flattened as the HTTP simulator flattens, so a timeline reads the same over either transport.
  const record = (to: SentRecord['to'], via: SentRecord['via'], body: Record<string, unknown>) => {
    const msgtype = String(body.msgtype ?? '');
    const flat: OutboundBody =
      msgtype === 'template_card'
        ? { msgtype: 'template_card', card: body.template_card as Record<string, unknown> }
        : { msgtype: 'markdown', content: String((body.stream as { content?: string })?.content ?? (body.markdown as { content?: string })?.content ?? '') };
    const r: SentRecord = { at: cstIso(options.clock.now()), to, via, msgtype: flat.msgtype, text: renderPlainText(flat), raw: body };
    options.records.push(r);
    options.onRecord?.(r);
  };

  const deliver = () => {
    while (current && queue.length > 0) current.send(JSON.stringify(queue.shift()));
  };

  const ack = (ws: WebSocket, reqId: string, answer: { errcode: number; errmsg: string } = { errcode: 0, errmsg: 'ok' }) => ws.send(JSON.stringify({ headers: { req_id: reqId }, ...answer }));
  const slowAck = (ws: WebSocket, reqId: string) => (ackDelayMs > 0 ? void setTimeout(() => ws.readyState === ws.OPEN && ack(ws, reqId), ackDelayMs) : ack(ws, reqId));

  wss.on('connection', (ws) => {
    let authed = false;
    ws.on('message', (data) => {
      const parsed = frameSchema.safeParse(safeJson(String(data)));
      if (!parsed.success) return ws.close(1003, 'bad frame');
      const { cmd, headers, body } = parsed.data;
      if (cmd === 'aibot_subscribe') {
        if (refusals > 0 || body?.bot_id !== options.botId || body?.secret !== options.secret) {
          refusals = Math.max(0, refusals - 1);
          ack(ws, headers.req_id, AUTH_REFUSED);
          return;
        }
        authed = true;
        current = ws;
        ack(ws, headers.req_id);
        deliver();
        return;
      }
      if (!authed) return ws.close(1008, 'subscribe first');
      if (cmd === 'ping') return ack(ws, headers.req_id);
      if (cmd === 'aibot_respond_msg' || cmd === 'aibot_respond_welcome_msg' || cmd === 'aibot_respond_update_msg') {
        const origin = origins.get(headers.req_id);
        if (!origin) return ack(ws, headers.req_id, { errcode: 40008, errmsg: 'unknown req_id' });
        record(origin.chatId ? { chat: origin.chatId } : { users: [origin.userId] }, 'reply', body ?? {});
        return slowAck(ws, headers.req_id);
      }
      if (cmd === 'aibot_send_msg') {
        const chatid = String(body?.chatid ?? '');
        record(chatid.startsWith('wr') ? { chat: chatid } : { users: [chatid] }, chatid.startsWith('wr') ? 'webhook' : 'app', body ?? {});
        return slowAck(ws, headers.req_id);
      }
      ack(ws, headers.req_id, { errcode: 40008, errmsg: `unsupported cmd ${cmd}` });
    });
    ws.on('close', () => {
      if (current === ws) current = null;
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}`,
    say(m) {
      const reqId = `callback_${id()}`;
      const msgId = m.msgId ?? id();
      const group = m.chatId !== null;
      origins.set(reqId, { chatId: m.chatId, userId: m.userId });
      queue.push({
        cmd: 'aibot_msg_callback',
        headers: { req_id: reqId },
        body: {
          msgid: msgId,
          aibotid: options.botId,
          ...(group ? { chatid: m.chatId } : {}),
          chattype: group ? 'group' : 'single',
          from: { userid: m.userId },
          msgtype: 'text',
          text: { content: group && m.botName ? `@${m.botName} ${m.text}` : m.text },
        },
      });
      deliver();
      return msgId;
    },
    connections: () => (current ? 1 : 0),
    drop() {
      current?.terminate();
      current = null;
    },
    refuseAuth(count) {
      refusals = count;
    },
    displace() {
      const ws = current;
      if (!ws) return;
      ws.send(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id: `event_${id()}` }, body: { msgid: id(), aibotid: options.botId, from: { userid: 'system' }, msgtype: 'event', event: { eventtype: 'disconnected_event' } } }));
      current = null;
      setTimeout(() => ws.close(), 50);
    },
    delayAcks(ms) {
      ackDelayMs = ms;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
