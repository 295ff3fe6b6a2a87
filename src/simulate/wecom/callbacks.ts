import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { encryptMessage, sign } from '../../wecom/crypto.js';

/**
 * The WeCom side of inbound callbacks: builds each payload as WeCom does (field names from docs
 * 100719/101027 for the AI bot, 90239/90240 for the app, 91881 for the group robot), encrypts it
 * for the surface's ReceiveId, signs it and sends it to the bot over HTTP.
 */

export interface CallbackCredentials {
  token: string;
  aesKey: string;
}

export interface CallbackAnswer {
  status: number;
  body: string;
}

export type CallbackPath = 'aibot' | 'app' | 'robot';

/** Replaces what WeCom would compute, to forge, replay or age a callback in tests. */
export interface SigningOverrides {
  timestamp?: string;
  nonce?: string;
  signature?: string;
}

export interface SignedCallback {
  receiveId: string;
  plaintext: string;
  /** How the ciphertext travels: `{"encrypt"}` (AI bot, JSON robot) or `<xml><Encrypt/></xml>`. */
  envelope: 'json' | { xml: Record<string, string> };
}

const SIM_AIBOT_ID = 'aibot-simulator';

/** Encrypts and signs one callback: the path with its signed query, and the body, ready to POST. */
export function signedCallback(path: CallbackPath, creds: CallbackCredentials, cb: SignedCallback, clock: Clock, overrides: SigningOverrides = {}): { path: string; body: string } {
  const encrypted = encryptMessage(creds.aesKey, cb.plaintext, cb.receiveId);
  const query = signQuery(creds.token, encrypted, clock, overrides);
  const body =
    cb.envelope === 'json'
      ? JSON.stringify({ encrypt: encrypted })
      : xmlDocument({ ...cb.envelope.xml, Encrypt: encrypted });
  return { path: `/wecom/${path}?${query}`, body };
}

/** Encrypts, signs and POSTs one callback to `${botUrl}/wecom/${path}`. */
export async function postCallback(
  botUrl: string,
  path: CallbackPath,
  creds: CallbackCredentials,
  cb: SignedCallback,
  clock: Clock,
  overrides: SigningOverrides = {},
): Promise<CallbackAnswer> {
  const signed = signedCallback(path, creds, cb, clock, overrides);
  return send(`${botUrl}${signed.path}`, { method: 'POST', body: signed.body });
}

/** WeCom's URL check: a GET with an encrypted random echostr; `expected` is what the bot must answer. */
export async function verifyUrl(
  botUrl: string,
  path: CallbackPath,
  creds: CallbackCredentials & { receiveId: string },
  clock: Clock,
  overrides: SigningOverrides = {},
): Promise<CallbackAnswer & { expected: string }> {
  const expected = String(randomInt(1, 2 ** 47)) + String(randomInt(0, 1_000_000));
  const echostr = encryptMessage(creds.aesKey, expected, creds.receiveId);
  const query = signQuery(creds.token, echostr, clock, overrides);
  const answer = await send(`${botUrl}/wecom/${path}?${query}&echostr=${encodeURIComponent(echostr)}`, { method: 'GET' });
  return { ...answer, expected };
}

export interface AibotTextMessage {
  msgId?: string;
  /** Group chat id; null for a private chat with the bot. */
  chatId: string | null;
  userId: string;
  text: string;
  responseUrl: string;
  /** In groups WeCom prefixes the content with "@BotName ". */
  botName?: string;
}

function aibotTextPayload(m: AibotTextMessage): object {
  const group = m.chatId !== null;
  return {
    msgid: m.msgId ?? aibotMsgId(),
    aibotid: SIM_AIBOT_ID,
    ...(group ? { chatid: m.chatId } : {}),
    chattype: group ? 'group' : 'single',
    from: { userid: m.userId },
    response_url: m.responseUrl,
    msgtype: 'text',
    text: { content: group && m.botName ? `@${m.botName} ${m.text}` : m.text },
  };
}

/** The AI-bot callback of a text message, for a caller that sends it itself (benchmarks). */
export function aibotTextCallback(m: AibotTextMessage): SignedCallback {
  return { receiveId: '', plaintext: JSON.stringify(aibotTextPayload(m)), envelope: 'json' };
}

/** A member @-mentions the AI bot in a group (or writes to it privately when chatId is null). */
export function postAibotMessage(botUrl: string, creds: CallbackCredentials, m: AibotTextMessage, clock: Clock): Promise<CallbackAnswer> {
  return postCallback(botUrl, 'aibot', creds, aibotTextCallback(m), clock);
}

export interface AibotCardClick {
  msgId?: string;
  chatId: string | null;
  userId: string;
  /** The `key` of the clicked button. */
  eventKey: string;
  taskId: string;
  responseUrl?: string;
}

/** A button click on a template card the AI bot sent (doc 101027, event.template_card_event). */
export function postAibotCardEvent(botUrl: string, creds: CallbackCredentials, e: AibotCardClick, clock: Clock): Promise<CallbackAnswer> {
  const group = e.chatId !== null;
  const payload = {
    msgid: e.msgId ?? aibotMsgId(),
    create_time: unixSeconds(clock),
    aibotid: SIM_AIBOT_ID,
    ...(group ? { chatid: e.chatId } : {}),
    chattype: group ? 'group' : 'single',
    from: { userid: e.userId },
    ...(e.responseUrl ? { response_url: e.responseUrl } : {}),
    msgtype: 'event',
    event: {
      eventtype: 'template_card_event',
      template_card_event: { card_type: 'button_interaction', event_key: e.eventKey, task_id: e.taskId },
    },
  };
  return postCallback(botUrl, 'aibot', creds, { receiveId: '', plaintext: JSON.stringify(payload), envelope: 'json' }, clock);
}

export interface AppTextMessage {
  corpId: string;
  agentId: string;
  msgId?: string;
  userId: string;
  text: string;
}

/** A member writes to the self-built app in a private chat (doc 90239 text message). */
export function postAppMessage(botUrl: string, creds: CallbackCredentials, m: AppTextMessage, clock: Clock): Promise<CallbackAnswer> {
  const plaintext = xmlDocument({
    ToUserName: m.corpId,
    FromUserName: m.userId,
    CreateTime: { bare: String(unixSeconds(clock)) },
    MsgType: 'text',
    Content: m.text,
    MsgId: { bare: m.msgId ?? String(randomInt(1, 2 ** 47)) + String(randomInt(100_000, 1_000_000)) },
    AgentID: { bare: m.agentId },
  });
  return postAppXml(botUrl, creds, m, plaintext, clock);
}

export interface AppCardClick {
  corpId: string;
  agentId: string;
  userId: string;
  eventKey: string;
  taskId: string;
  cardType?: string;
}

/** A button click on a template card the app sent (doc 90240, Event template_card_event). */
export function postAppCardEvent(botUrl: string, creds: CallbackCredentials, e: AppCardClick, clock: Clock): Promise<CallbackAnswer> {
  const plaintext = xmlDocument({
    ToUserName: e.corpId,
    FromUserName: e.userId,
    CreateTime: { bare: String(unixSeconds(clock)) },
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: e.eventKey,
    TaskId: e.taskId,
    CardType: e.cardType ?? 'button_interaction',
    ResponseCode: randomBytes(12).toString('hex'),
    AgentID: { bare: e.agentId },
  });
  return postAppXml(botUrl, creds, e, plaintext, clock);
}

export interface RobotTextMessage {
  msgId?: string;
  chatId: string | null;
  userId: string;
  userName?: string;
  text: string;
  webhookUrl: string;
  botName?: string;
  format?: 'xml' | 'json';
}

/** A member @-mentions the legacy group robot (doc 91881 text message, XML or its JSON variant). */
export function postRobotMessage(botUrl: string, creds: CallbackCredentials, m: RobotTextMessage, clock: Clock): Promise<CallbackAnswer> {
  const group = m.chatId !== null;
  const chatId = m.chatId ?? `wo${randomBytes(8).toString('hex')}`;
  const msgId = m.msgId ?? aibotMsgId();
  const content = group && m.botName ? `@${m.botName} ${m.text}` : m.text;
  const chatType = group ? 'group' : 'single';
  const userName = m.userName ?? m.userId;
  const plaintext =
    m.format === 'json'
      ? JSON.stringify({
          webhook_url: m.webhookUrl,
          msgid: msgId,
          chatid: chatId,
          chattype: chatType,
          from: { userid: m.userId, name: userName, alias: m.userId },
          msgtype: 'text',
          text: { content },
        })
      : `<xml><WebhookUrl><![CDATA[${cdata(m.webhookUrl)}]]></WebhookUrl><MsgId><![CDATA[${cdata(msgId)}]]></MsgId>` +
        `<ChatId><![CDATA[${cdata(chatId)}]]></ChatId><ChatType>${chatType}</ChatType>` +
        `<From><UserId>${cdata(m.userId)}</UserId><Name><![CDATA[${cdata(userName)}]]></Name><Alias><![CDATA[${cdata(m.userId)}]]></Alias></From>` +
        `<MsgType>text</MsgType><Text><Content><![CDATA[${cdata(content)}]]></Content></Text></xml>`;
  const envelope = m.format === 'json' ? 'json' : { xml: {} };
  return postCallback(botUrl, 'robot', creds, { receiveId: '', plaintext, envelope }, clock);
}

function postAppXml(botUrl: string, creds: CallbackCredentials, to: { corpId: string; agentId: string }, plaintext: string, clock: Clock): Promise<CallbackAnswer> {
  return postCallback(botUrl, 'app', creds, { receiveId: to.corpId, plaintext, envelope: { xml: { ToUserName: to.corpId, AgentID: to.agentId } } }, clock);
}

function signQuery(token: string, encrypted: string, clock: Clock, o: SigningOverrides): string {
  const timestamp = o.timestamp ?? String(unixSeconds(clock));
  const nonce = o.nonce ?? String(randomInt(1, 2 ** 47));
  const signature = o.signature ?? sign(token, timestamp, nonce, encrypted);
  return new URLSearchParams({ msg_signature: signature, timestamp, nonce }).toString();
}

async function send(url: string, init: { method: string; body?: string }): Promise<CallbackAnswer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}

const unixSeconds = (clock: Clock) => Math.floor(clock.now().getTime() / 1000);

/** WeCom's AI-bot msgids look like base64 ("CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI="). */
const aibotMsgId = () => randomBytes(24).toString('base64');

/** `]]>` cannot appear inside CDATA: split it across two sections. */
const cdata = (text: string) => text.replaceAll(']]>', ']]]]><![CDATA[>');

/** `<xml>` with one child per entry: CDATA text, or `{bare}` for WeCom's unquoted numbers. */
function xmlDocument(fields: Record<string, string | { bare: string }>): string {
  const children = Object.entries(fields).map(([name, value]) =>
    typeof value === 'string' ? `<${name}><![CDATA[${cdata(value)}]]></${name}>` : `<${name}>${value.bare}</${name}>`,
  );
  return `<xml>${children.join('')}</xml>`;
}
