import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { FaultKind } from '../runner.js';
import type { OutboundBody } from '../../messages/outbound.js';
import { renderPlainText } from '../../wecom/render.js';

/** One message that reached the simulator: a line of sent.jsonl (simulate.md), plus the raw request body. */
export interface SentRecord {
  at: string;
  to: { chat: string } | { users: string[] };
  via: 'reply' | 'webhook' | 'app';
  msgtype: string;
  text: string;
  raw: unknown;
}

export interface WecomSimulatorOptions {
  clock: Clock;
  /** Called with each message as it is recorded (the standalone simulator prints it). */
  onRecord?: (record: SentRecord) => void;
  port?: number;
  host?: string;
  corpId: string;
  secret: string;
  /** How long (real time) a 'slow' fault keeps its answer back; longer than the bot's client timeout. */
  slowMs?: number;
}

/** The outbound APIs an outage can take down. */
export type Api = 'webhook' | 'app' | 'reply';

export interface WecomSimulator {
  url: string;
  /** Every accepted message, in arrival order (live array). */
  records: SentRecord[];
  /** Makes webhook `key` post into group `chatId`. */
  bindWebhook(key: string, chatId: string): void;
  /** A fresh single-use response_url for a message from `userId` (in `chatId`, or a private chat when null). */
  responseUrl(to: { chatId: string | null; userId: string }): string;
  /** Calls `listener` with the response_code of each reply as it is recorded (which callback it answers). */
  onReply(listener: (responseCode: string) => void): void;
  /**
   * Fails the next `count` outbound calls that way (token-expired: the next calls carrying an
   * access_token; slow: WeCom takes the message but answers only after `slowMs`).
   */
  fault(kind: FaultKind, count: number): void;
  /** Until `until` on the clock every call to these APIs (all when omitted) answers HTTP 502. */
  outage(until: Date, apis?: Api[]): void;
  faultsLeft(): number;
  /**
   * A link that opens `next` (a page of the bot) as `userid` would in the WeCom client: the
   * simulator remembers who is "in the client" (a cookie), then 网页授权 and 扫码登录 answer for them.
   */
  signInUrl(userid: string, next: string): string;
  /** Every access_token handed out so far (tests check none of them reaches a log). */
  issuedTokens(): string[];
  /** Resolves once `n` messages have been recorded; rejects after `ms` of real time. */
  waitFor(n: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

const TOKEN_TTL_S = 7200;
const RESPONSE_URL_TTL_MS = 60 * 60_000;
const MAX_BODY_BYTES = 25 * 1024 * 1024;

/**
 * Errcodes from the global table (doc 90313). Two are not documented for their case and chosen
 * here: 93000 for an unknown webhook key, and 40035 for a used or expired response_url.
 */
const ERR = {
  invalidSecret: { errcode: 40001, errmsg: 'invalid credential' },
  invalidCorpId: { errcode: 40013, errmsg: 'invalid corpid' },
  invalidToken: { errcode: 40014, errmsg: 'invalid access_token' },
  expiredToken: { errcode: 42001, errmsg: 'access_token expired' },
  rateLimited: { errcode: 45009, errmsg: 'api freq out of limit' },
  invalidMsgtype: { errcode: 40008, errmsg: 'invalid message type' },
  invalidMediaId: { errcode: 40007, errmsg: 'invalid media_id' },
  invalidWebhookKey: { errcode: 93000, errmsg: 'invalid webhook url' },
  invalidParameter: { errcode: 40035, errmsg: 'invalid parameter' },
  invalidCode: { errcode: 40029, errmsg: 'invalid code' },
  responseUrlUsed: { errcode: 40035, errmsg: 'response_url already used or expired' },
} as const;

type Answer = { status: number; json?: object; text?: string; headers?: Record<string, string> } | 'hold';

interface Call {
  path: string;
  query: URLSearchParams;
  method: string;
  contentType: string;
  cookie: string;
  body: Buffer;
}

/** Who the simulated WeCom client is signed in as (set by signInUrl's page). */
const USER_COOKIE = 'wecom_sim_user';
/** An OAuth code is good once, for five minutes (doc 91023). */
const CODE_TTL_MS = 5 * 60_000;

/** Offset to Asia/Shanghai, which has no daylight saving time. */
const CST_MS = 8 * 3_600_000;
export const cstIso = (d: Date) => new Date(d.getTime() + CST_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');

/**
 * A real HTTP server that plays WeCom's outbound APIs: gettoken, webhook send and upload_media,
 * app message/send and media/upload, AI-bot response_url, and sign-in (网页授权 authorize,
 * 扫码登录, code → userid). Token and response_url lifetimes
 * run on the injected clock; a 'timeout' fault holds the request unanswered until the caller gives
 * up (it is then not recorded, as if WeCom never received it).
 */
export async function startWecomSimulator(options: WecomSimulatorOptions): Promise<WecomSimulator> {
  const { clock } = options;
  const records: SentRecord[] = [];
  const webhooks = new Map<string, string>();
  const tokens = new Map<string, number>();
  const media = new Map<string, { owner: string; fileName: string }>();
  const responseCodes = new Map<string, { chatId: string | null; userId: string; expiresAt: number; used: boolean }>();
  const faults: FaultKind[] = [];
  const outages: { until: number; apis: Api[] }[] = [];
  const down = (api: Api): Answer | undefined =>
    outages.some((o) => nowMs() < o.until && o.apis.includes(api)) ? { status: 502, text: 'Bad Gateway' } : undefined;
  // App messages sent with enable_duplicate_check: content → when WeCom last took it.
  const appSeen = new Map<string, number>();
  const seenRecently = (payload: Record<string, unknown>): boolean => {
    const { agentid: _a, enable_duplicate_check: _e, duplicate_check_interval: interval, ...content } = payload;
    const key = JSON.stringify(content);
    const last = appSeen.get(key);
    appSeen.set(key, nowMs());
    return last !== undefined && nowMs() - last < Number(interval ?? 1800) * 1000;
  };
  const waiters = new Set<() => void>();
  const replyListeners = new Set<(responseCode: string) => void>();
  const codes = new Map<string, { userid: string; expiresAt: number }>();

  const nowMs = () => clock.now().getTime();
  const id = () => randomBytes(12).toString('hex');
  const ok = (extra: object = {}): Answer => ({ status: 200, json: { errcode: 0, errmsg: 'ok', ...extra } });
  const refuse = (err: { errcode: number; errmsg: string }): Answer => ({ status: 200, json: err });

  function record(to: SentRecord['to'], via: SentRecord['via'], payload: Record<string, unknown>): void {
    const text = renderPlainText(toBody(payload, mediaName(payload)));
    const record: SentRecord = { at: cstIso(clock.now()), to, via, msgtype: String(payload.msgtype), text, raw: payload };
    records.push(record);
    options.onRecord?.(record);
    for (const wake of waiters) wake();
  }

  /** Takes the next fault if it applies to this call. */
  function takeFault(carriesToken: boolean): Answer | undefined {
    const next = faults[0];
    if (!next || next === 'slow' || (next === 'token-expired' && !carriesToken)) return undefined;
    faults.shift();
    switch (next) {
      case 'rate-limit':
        return refuse(ERR.rateLimited);
      case 'token-expired':
        tokens.clear();
        return refuse(ERR.expiredToken);
      case '5xx':
        return { status: 502, text: 'Bad Gateway' };
      case 'timeout':
        return 'hold';
    }
  }

  function checkToken(query: URLSearchParams): Answer | undefined {
    const expiresAt = tokens.get(query.get('access_token') ?? '');
    if (expiresAt === undefined) return refuse(ERR.invalidToken);
    if (nowMs() >= expiresAt) return refuse(ERR.expiredToken);
    return undefined;
  }

  async function handle(call: Call): Promise<Answer> {
    const { path, query } = call;
    if (path === '/cgi-bin/gettoken') {
      if (query.get('corpid') !== options.corpId) return refuse(ERR.invalidCorpId);
      if (query.get('corpsecret') !== options.secret) return refuse(ERR.invalidSecret);
      const token = id();
      tokens.set(token, nowMs() + TOKEN_TTL_S * 1000);
      return ok({ access_token: token, expires_in: TOKEN_TTL_S });
    }
    if (path === '/simulate/sign-in') {
      const userid = query.get('user') ?? '';
      const next = query.get('next') ?? '';
      if (!userid || !/^https?:\/\//.test(next)) return { status: 400, text: 'user and next (http URL) required' };
      return { status: 302, text: '', headers: { location: next, 'set-cookie': `${USER_COOKIE}=${encodeURIComponent(userid)}; Path=/; HttpOnly; SameSite=Lax` } };
    }
    // 网页授权 in the client and 扫码登录 on a PC both come back to redirect_uri with a code.
    if (path === '/connect/oauth2/authorize' || path === '/wwlogin/sso/login') {
      const redirect = query.get('redirect_uri') ?? '';
      if (query.get('appid') !== options.corpId || !/^https?:\/\//.test(redirect)) return { status: 400, text: 'invalid appid or redirect_uri' };
      if (path.endsWith('authorize') && query.get('scope') !== 'snsapi_base') return { status: 400, text: 'scope must be snsapi_base' };
      const userid = decodeURIComponent(new RegExp(`(?:^|;\\s*)${USER_COOKIE}=([^;]*)`).exec(call.cookie)?.[1] ?? '');
      if (!userid) return { status: 403, text: '模拟器：请先打开 simulate/sign-in 链接选择用户' };
      const code = id();
      codes.set(code, { userid, expiresAt: nowMs() + CODE_TTL_MS });
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      back.searchParams.set('state', query.get('state') ?? '');
      return { status: 302, text: '', headers: { location: back.toString() } };
    }
    if (path === '/cgi-bin/auth/getuserinfo') {
      const bad = checkToken(query);
      if (bad) return bad;
      const code = query.get('code') ?? '';
      const found = codes.get(code);
      codes.delete(code);
      if (!found || nowMs() >= found.expiresAt) return refuse(ERR.invalidCode);
      return ok({ userid: found.userid, user_ticket: id(), expires_in: 1800 });
    }
    if (call.method !== 'POST') return { status: 404, text: 'not found' };

    if (path === '/cgi-bin/webhook/send' || path === '/cgi-bin/webhook/upload_media') {
      const key = query.get('key') ?? '';
      const faulted = down('webhook') ?? takeFault(false);
      if (faulted) return faulted;
      const chatId = webhooks.get(key);
      if (chatId === undefined) return refuse(ERR.invalidWebhookKey);
      if (path.endsWith('upload_media')) return upload(call, `webhook:${key}`);
      const payload = parseJson(call.body);
      if (!payload) return refuse(ERR.invalidParameter);
      const checked = checkPayload(payload, `webhook:${key}`, ['text', 'markdown', 'markdown_v2', 'image', 'news', 'file', 'voice', 'template_card']);
      if (checked) return checked;
      record({ chat: chatId }, 'webhook', payload);
      return ok();
    }

    if (path === '/cgi-bin/message/send' || path === '/cgi-bin/media/upload') {
      const faulted = down('app') ?? takeFault(true);
      if (faulted) return faulted;
      const bad = checkToken(query);
      if (bad) return bad;
      if (path === '/cgi-bin/media/upload') return upload(call, 'app');
      const payload = parseJson(call.body);
      if (!payload || typeof payload.touser !== 'string' || typeof payload.agentid !== 'number') return refuse(ERR.invalidParameter);
      const checked = checkPayload(payload, 'app', ['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown', 'miniprogram_notice', 'template_card']);
      if (checked) return checked;
      if (payload.enable_duplicate_check === 1 && seenRecently(payload)) return ok({ invaliduser: '', invalidparty: '', invalidtag: '', unlicenseduser: '', msgid: id(), response_code: '' });
      record({ users: payload.touser.split('|') }, 'app', payload);
      return ok({ invaliduser: '', invalidparty: '', invalidtag: '', unlicenseduser: '', msgid: id(), response_code: '' });
    }

    if (path === '/cgi-bin/aibot/response') {
      const faulted = down('reply') ?? takeFault(false);
      if (faulted) return faulted;
      const code = query.get('response_code') ?? '';
      const reply = responseCodes.get(code);
      if (!reply || reply.used || nowMs() >= reply.expiresAt) return refuse(ERR.responseUrlUsed);
      const payload = parseJson(call.body);
      if (!payload) return refuse(ERR.invalidParameter);
      const checked = checkPayload(payload, 'reply', ['markdown', 'template_card']);
      if (checked) return checked;
      reply.used = true;
      const to = reply.chatId === null ? { users: [reply.userId] } : { chat: reply.chatId };
      record(to, 'reply', payload);
      for (const listener of replyListeners) listener(code);
      return ok();
    }
    return { status: 404, text: 'not found' };
  }

  function checkPayload(payload: Record<string, unknown>, owner: string, msgtypes: string[]): Answer | undefined {
    const msgtype = payload.msgtype;
    if (typeof msgtype !== 'string' || !msgtypes.includes(msgtype) || typeof payload[msgtype] !== 'object') {
      return refuse(ERR.invalidMsgtype);
    }
    if (msgtype === 'file' || (msgtype === 'image' && owner === 'app')) {
      const mediaId = (payload[msgtype] as { media_id?: unknown }).media_id;
      if (typeof mediaId !== 'string' || media.get(mediaId)?.owner !== owner) return refuse(ERR.invalidMediaId);
    }
    return undefined;
  }

  function mediaName(payload: Record<string, unknown>): string | undefined {
    const inner = payload[String(payload.msgtype)] as { media_id?: unknown } | undefined;
    return typeof inner?.media_id === 'string' ? media.get(inner.media_id)?.fileName : undefined;
  }

  async function upload(call: Call, owner: string): Promise<Answer> {
    const type = call.query.get('type') ?? '';
    let file: FormDataEntryValue | null = null;
    try {
      const form = await new Response(new Uint8Array(call.body), { headers: { 'content-type': call.contentType } }).formData();
      file = form.get('media');
    } catch {
      return refuse(ERR.invalidParameter);
    }
    if (!(file instanceof File) || file.size < 5) return refuse(ERR.invalidParameter);
    const mediaId = id();
    media.set(mediaId, { owner, fileName: file.name });
    return ok({ type, media_id: mediaId, created_at: String(Math.floor(nowMs() / 1000)) });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const call: Call = {
        path: url.pathname,
        query: url.searchParams,
        method: req.method ?? 'GET',
        contentType: req.headers['content-type'] ?? '',
        cookie: req.headers.cookie ?? '',
        body: Buffer.concat(chunks),
      };
      const slow = call.path !== '/cgi-bin/gettoken' && faults[0] === 'slow' && Boolean(faults.shift());
      handle(call).then(
        async (answer) => {
          if (answer === 'hold') return;
          if (slow) await new Promise((r) => setTimeout(r, options.slowMs ?? 6_000));
          if (answer.json) res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer.json));
          else res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', ...answer.headers }).end(answer.text ?? '');
        },
        (err: unknown) => res.writeHead(500).end(String((err as Error).message)),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    records,
    issuedTokens: () => [...tokens.keys()],
    signInUrl: (userid, next) => `${url}/simulate/sign-in?${new URLSearchParams({ user: userid, next })}`,
    bindWebhook(key, chatId) {
      webhooks.set(key, chatId);
    },
    responseUrl(to) {
      const code = id();
      responseCodes.set(code, { ...to, expiresAt: nowMs() + RESPONSE_URL_TTL_MS, used: false });
      return `${url}/cgi-bin/aibot/response?response_code=${code}`;
    },
    onReply(listener) {
      replyListeners.add(listener);
    },
    fault(kind, count) {
      for (let i = 0; i < count; i++) faults.push(kind);
    },
    outage(until, apis = ['webhook', 'app', 'reply']) {
      outages.push({ until: until.getTime(), apis });
    },
    faultsLeft: () => faults.length,
    waitFor(n, ms = 5_000) {
      if (records.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const wake = () => {
          if (records.length < n) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`simulator: ${records.length} of ${n} messages after ${ms} ms`));
        }, ms);
        waiters.add(wake);
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A received WeCom payload back as the body it came from, for the plain-text rendering. */
function toBody(payload: Record<string, unknown>, fileName: string | undefined): OutboundBody {
  const msgtype = String(payload.msgtype);
  const inner = (payload[msgtype] ?? {}) as Record<string, unknown>;
  switch (msgtype) {
    case 'text': {
      const mentions = Array.isArray(inner.mentioned_list) ? inner.mentioned_list.map(String) : undefined;
      return { msgtype: 'text', content: String(inner.content ?? ''), ...(mentions ? { mentions } : {}) };
    }
    case 'markdown':
    case 'markdown_v2':
      return { msgtype: 'markdown', content: String(inner.content ?? '') };
    case 'template_card':
      return { msgtype: 'template_card', card: inner };
    case 'file':
      return { msgtype: 'file', fileName: fileName ?? '', contentBase64: '' };
    case 'image':
      return { msgtype: 'image', contentBase64: '' };
    default:
      return { msgtype: 'text', content: `[${msgtype}]` };
  }
}
