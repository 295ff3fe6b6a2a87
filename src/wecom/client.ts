import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { OutboundBody, OutboundTarget } from '../messages/outbound.js';

/** WeCom's JSON answer: errcode 0 on success, plus per-API fields (msgid, media_id, …). */
export interface WecomAnswer {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

/** Errcodes worth retrying later (doc 90313): system busy, call frequency, concurrency. */
const RETRYABLE_ERRCODES = new Set([-1, 45009, 45033]);
/**
 * Errcodes that mean the access_token is invalid or expired: refresh and retry once. Still failing
 * after that is a token problem, not the message's, so it stays retryable.
 */
const TOKEN_ERRCODES = new Set([40014, 42001]);

/** How long WeCom remembers an app message for its duplicate check (its default; at most 4 hours). */
const DUPLICATE_CHECK_SECONDS = 1800;

/**
 * A failed call. `retryable` is true for network errors, timeouts, HTTP 5xx/429 and the errcodes
 * above; anything else (a bad key, a bad message) will fail the same way again.
 */
export class WecomError extends Error {
  override name = 'WecomError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly errcode: number | null = null,
    readonly errmsg: string | null = null,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
  }
}

export interface WecomClientOptions {
  /** `https://qyapi.weixin.qq.com`, or a 政务微信 / private deployment host. */
  baseUrl: string;
  /** Self-built app credentials; only `sendApp` needs them. */
  corpId?: string;
  agentId?: string;
  secret?: string;
  clock: Clock;
  log: Logger;
  /** Per HTTP call. */
  timeoutMs?: number;
  /** Refresh the access_token this long before WeCom says it expires. */
  tokenRefreshMarginMs?: number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

/** A small typed client for the WeCom send and sign-in APIs on native fetch (no SDK exists). */
export class WecomClient {
  readonly #opts: Required<Pick<WecomClientOptions, 'timeoutMs' | 'tokenRefreshMarginMs'>> & WecomClientOptions;
  #token: CachedToken | undefined;
  #refreshing: Promise<CachedToken> | undefined;

  constructor(options: WecomClientOptions) {
    this.#opts = {
      timeoutMs: DEFAULT_TIMEOUT_MS,
      tokenRefreshMarginMs: DEFAULT_REFRESH_MARGIN_MS,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
  }

  /** Sends one body to one target, whatever the transport. */
  send(target: OutboundTarget, body: OutboundBody): Promise<WecomAnswer> {
    switch (target.kind) {
      case 'webhook':
        return this.sendWebhook(target.webhookKey, body);
      case 'app':
        return this.sendApp(target.userIds, body, target.duplicateCheck ?? false);
      case 'reply':
        return this.sendReply(target.url, body);
      case 'chat':
        return Promise.reject(new WecomError(`group ${target.chatId} has no webhook key; only the long connection reaches it`, false));
    }
  }

  /** Group webhook (doc 99110): text with mentions, markdown, template_card, image, file. */
  async sendWebhook(key: string, body: OutboundBody): Promise<WecomAnswer> {
    const query = `key=${encodeURIComponent(key)}`;
    let payload: Record<string, unknown>;
    if (body.msgtype === 'file') {
      const upload = await this.#upload(`/cgi-bin/webhook/upload_media?${query}&type=file`, body.fileName, body.contentBase64);
      payload = { msgtype: 'file', file: { media_id: upload.media_id } };
    } else if (body.msgtype === 'image') {
      const bytes = Buffer.from(body.contentBase64, 'base64');
      payload = { msgtype: 'image', image: { base64: body.contentBase64, md5: createHash('md5').update(bytes).digest('hex') } };
    } else {
      payload = inlinePayload(body, true);
    }
    return this.#postJson(`${this.#opts.baseUrl}/cgi-bin/webhook/send?${query}`, payload, 'webhook/send');
  }

  /** Self-built app message to users (doc 90236), touser "a|b". */
  async sendApp(userIds: string[], body: OutboundBody, duplicateCheck = false): Promise<WecomAnswer> {
    const agentid = Number(this.#opts.agentId);
    if (!Number.isInteger(agentid)) throw new WecomError('WECOM_AGENT_ID is not set', false);
    return this.#withToken(async (token) => {
      const query = `access_token=${encodeURIComponent(token)}`;
      let content: Record<string, unknown>;
      if (body.msgtype === 'file' || body.msgtype === 'image') {
        const fileName = body.msgtype === 'file' ? body.fileName : 'image.png';
        const upload = await this.#upload(`/cgi-bin/media/upload?${query}&type=${body.msgtype}`, fileName, body.contentBase64);
        content = { msgtype: body.msgtype, [body.msgtype]: { media_id: upload.media_id } };
      } else {
        content = inlinePayload(body, false);
      }
      // With the check WeCom drops a repeat of the same content to the same users within the interval:
      // a send that timed out after WeCom took it, then sent again, reaches people once (doc 90236).
      const check = duplicateCheck ? { enable_duplicate_check: 1, duplicate_check_interval: DUPLICATE_CHECK_SECONDS } : {};
      const payload = { touser: userIds.join('|'), agentid, ...content, ...check };
      return this.#postJson(`${this.#opts.baseUrl}/cgi-bin/message/send?${query}`, payload, 'message/send');
    });
  }

  /**
   * AI-bot active reply through a single-use response_url (doc 101138): markdown or template_card.
   * Plain text goes as markdown; files and images cannot travel this way.
   */
  async sendReply(url: string, body: OutboundBody): Promise<WecomAnswer> {
    if (body.msgtype === 'file' || body.msgtype === 'image') {
      throw new WecomError(`response_url does not accept msgtype ${body.msgtype}`, false);
    }
    const payload =
      body.msgtype === 'template_card'
        ? { msgtype: 'template_card', template_card: body.card }
        : { msgtype: 'markdown', markdown: { content: body.content } };
    return this.#postJson(url, payload, 'response_url');
  }

  /**
   * 网页授权 (doc 91023): the userid behind an OAuth2 code, through /cgi-bin/auth/getuserinfo.
   * Null for someone outside the corp (WeCom answers an openid instead). A code works once, for five minutes.
   */
  async userIdByCode(code: string): Promise<string | null> {
    const answer = await this.#withToken((token) =>
      this.#call(`${this.#opts.baseUrl}/cgi-bin/auth/getuserinfo?access_token=${encodeURIComponent(token)}&code=${encodeURIComponent(code)}`, { method: 'GET' }, 'auth/getuserinfo'),
    );
    return typeof answer.userid === 'string' && answer.userid !== '' ? answer.userid : null;
  }

  /** The cached access_token, fetched (once, however many callers wait) when missing or about to expire. */
  async accessToken(): Promise<string> {
    const now = this.#opts.clock.now().getTime();
    if (this.#token && now < this.#token.expiresAt - this.#opts.tokenRefreshMarginMs) return this.#token.value;
    return (await this.#refresh()).value;
  }

  #refresh(): Promise<CachedToken> {
    this.#refreshing ??= this.#fetchToken().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #fetchToken(): Promise<CachedToken> {
    const { corpId, secret, baseUrl, clock } = this.#opts;
    if (!corpId || !secret) throw new WecomError('WECOM_CORP_ID / WECOM_APP_SECRET are not set', false);
    const url = `${baseUrl}/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`;
    const answer = await this.#call(url, { method: 'GET' }, 'gettoken');
    const value = answer.access_token;
    const expiresIn = Number(answer.expires_in);
    if (typeof value !== 'string' || !Number.isFinite(expiresIn)) {
      throw new WecomError('gettoken answered without access_token/expires_in', true);
    }
    this.#opts.log.debug({ expiresIn }, 'wecom access_token refreshed');
    this.#token = { value, expiresAt: clock.now().getTime() + expiresIn * 1000 };
    return this.#token;
  }

  /** Runs `call` with the token; on 40014/42001 refreshes once and runs it again. */
  async #withToken(call: (token: string) => Promise<WecomAnswer>): Promise<WecomAnswer> {
    const token = await this.accessToken();
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof WecomError) || err.errcode === null || !TOKEN_ERRCODES.has(err.errcode)) throw err;
      // Another caller may already have replaced the token we used.
      if (this.#token?.value === token) this.#token = undefined;
      this.#opts.log.info({ errcode: err.errcode }, 'wecom access_token rejected, refreshing');
      return call(await this.accessToken());
    }
  }

  async #upload(pathAndQuery: string, fileName: string, contentBase64: string): Promise<WecomAnswer & { media_id: string }> {
    const form = new FormData();
    form.append('media', new Blob([Buffer.from(contentBase64, 'base64')], { type: 'application/octet-stream' }), fileName);
    const answer = await this.#call(`${this.#opts.baseUrl}${pathAndQuery}`, { method: 'POST', body: form }, 'upload');
    if (typeof answer.media_id !== 'string') throw new WecomError('upload answered without media_id', true);
    return answer as WecomAnswer & { media_id: string };
  }

  #postJson(url: string, payload: unknown, api: string): Promise<WecomAnswer> {
    return this.#call(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload) },
      api,
    );
  }

  /** One HTTP call; every failure becomes a WecomError. URLs carry keys and tokens, so they are never logged. */
  async #call(url: string, init: RequestInit, api: string): Promise<WecomAnswer> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.#opts.timeoutMs) });
      text = await response.text();
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      const message = timedOut ? `${api}: no answer within ${this.#opts.timeoutMs} ms` : `${api}: ${(err as Error).message}`;
      this.#opts.log.warn({ api, timedOut }, 'wecom call failed');
      throw new WecomError(message, true);
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      this.#opts.log.warn({ api, status: response.status }, 'wecom http error');
      throw new WecomError(`${api}: HTTP ${response.status}`, retryable, null, null, response.status);
    }
    let answer: WecomAnswer;
    try {
      answer = JSON.parse(text) as WecomAnswer;
    } catch {
      throw new WecomError(`${api}: answer is not JSON`, true, null, null, response.status);
    }
    const errcode = Number(answer.errcode ?? 0);
    if (errcode !== 0) {
      const errmsg = String(answer.errmsg ?? '');
      const retryable = RETRYABLE_ERRCODES.has(errcode) || TOKEN_ERRCODES.has(errcode);
      this.#opts.log.warn({ api, errcode, errmsg }, 'wecom refused');
      throw new WecomError(`${api}: errcode ${errcode} ${errmsg}`, retryable, errcode, errmsg, response.status);
    }
    return { ...answer, errcode: 0, errmsg: String(answer.errmsg ?? 'ok') };
  }
}

/** text / markdown / template_card bodies, which travel inline. Mentions exist only in group webhooks. */
function inlinePayload(body: Exclude<OutboundBody, { msgtype: 'file' | 'image' }>, webhook: boolean): Record<string, unknown> {
  switch (body.msgtype) {
    case 'text':
      return {
        msgtype: 'text',
        text: webhook && body.mentions?.length ? { content: body.content, mentioned_list: body.mentions } : { content: body.content },
      };
    case 'markdown':
      return { msgtype: 'markdown', markdown: { content: body.content } };
    case 'template_card':
      return { msgtype: 'template_card', template_card: body.card };
  }
}
