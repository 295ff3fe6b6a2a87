import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { collections } from '../src/db/collections.js';
import type { Store } from '../src/db/index.js';
import { createMetrics } from '../src/metrics.js';
import { createApp } from '../src/server.js';
import { silentLogger } from '../src/log.js';
import type { InboundEvent } from '../src/wecom/event.js';
import { createWecomRouter } from '../src/wecom/inbound/index.js';
import {
  postAibotCardEvent,
  postAibotMessage,
  postAppCardEvent,
  postAppMessage,
  postCallback,
  postRobotMessage,
  verifyUrl,
  type CallbackAnswer,
  type CallbackPath,
} from '../src/simulate/wecom/callbacks.js';
import { openTestStore } from './support/store.js';
import { fixtureJson } from './support/fixtures.js';

const vectors = fixtureJson<any>('wecom-vectors.json');

/** Whole seconds (callback timestamps are), and recent: the inbound records meet a TTL index. */
const START = new Date(Math.floor(Date.now() / 1000) * 1000);
const CORP = 'ww-corp-test';
const AGENT = '1000002';
const BOT = '项目助手';
const aibot = { token: 'aibotToken1', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const app = { token: 'appToken22', aesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt' };
const robot = { token: 'robotToken3', aesKey: Buffer.alloc(32, 9).toString('base64').slice(0, 43) };

const fullEnv = {
  WECOM_CORP_ID: CORP,
  WECOM_AGENT_ID: AGENT,
  WECOM_BOT_NAME: BOT,
  WECOM_BOT_TOKEN: aibot.token,
  WECOM_BOT_AES_KEY: aibot.aesKey,
  WECOM_APP_TOKEN: app.token,
  WECOM_APP_AES_KEY: app.aesKey,
  WECOM_ROBOT_TOKEN: robot.token,
  WECOM_ROBOT_AES_KEY: robot.aesKey,
  CALLBACK_BODY_LIMIT_BYTES: '4096',
};

interface Harness {
  url: string;
  clock: ManualClock;
  store: Store;
  events: InboundEvent[];
  logs: Array<Record<string, unknown>>;
  refusals(): Array<Record<string, unknown>>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()!();
});

async function start(env: Record<string, string> = fullEnv, at: Date = START): Promise<Harness> {
  const clock = new ManualClock(at);
  const store = await openTestStore({ clock });
  const events: InboundEvent[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const router = createWecomRouter({ config: loadConfig(env), db: store.db, log, clock, metrics: createMetrics(store.db), onEvent: (e) => void events.push(e) });
  const koa = createApp({ log: silentLogger, readiness: async () => ({ ready: true, checks: {} }), routers: [router] });
  const server: Server = await new Promise((resolve) => {
    const s = koa.listen(0, '127.0.0.1', () => resolve(s));
  });
  open.push(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, clock, store, events, logs, refusals: () => logs.filter((l) => l.msg === 'wecom callback refused') };
}

/** onEvent runs after the ack, on the next turn of the event loop. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const sayAibot = (h: Harness, text: string, extra: { msgId?: string; chatId?: string | null } = {}) =>
  postAibotMessage(h.url, aibot, { chatId: 'wr-group-1', userId: 'zhangsan', text, responseUrl: 'http://sim/response/1', botName: BOT, ...extra }, h.clock);

async function postRaw(h: Harness, p: CallbackPath, body: string, query = 'msg_signature=abc&timestamp=1796000000&nonce=1'): Promise<CallbackAnswer> {
  const res = await fetch(`${h.url}/wecom/${p}?${query}`, { method: 'POST', body });
  return { status: res.status, body: await res.text() };
}

describe('AI-bot callback (/wecom/aibot)', () => {
  it('answers the URL check with the bare decrypted echostr', async () => {
    const h = await start();
    const answer = await verifyUrl(h.url, 'aibot', { ...aibot, receiveId: '' }, h.clock);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(answer.expected);
  });

  it('turns a group @-mention into one stored event with the mention stripped', async () => {
    const h = await start();
    const answer = await sayAibot(h, '城东污水厂 进度 60%', { msgId: 'CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=' });
    expect(answer).toEqual({ status: 200, body: '' });
    await settle();
    expect(h.events).toHaveLength(1);
    const e = h.events[0]!;
    expect(e).toMatchObject({
      source: 'aibot',
      msgId: 'CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI=',
      chatId: 'wr-group-1',
      chatType: 'group',
      userId: 'zhangsan',
      text: '城东污水厂 进度 60%',
      replyUrl: 'http://sim/response/1',
      kind: 'message',
    });
    expect(e.receivedAt).toEqual(START);
    expect(e.raw).toMatchObject({ msgtype: 'text', text: { content: `@${BOT} 城东污水厂 进度 60%` }, chattype: 'group' });
    const stored = await h.store.db.collection(collections.inbound).find().toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ msgId: e.msgId, source: 'aibot', status: 'pending', event: { text: '城东污水厂 进度 60%' } });
  });

  it('gives a private chat chatId null', async () => {
    const h = await start();
    await sayAibot(h, '/进度 城东污水厂', { chatId: null });
    await settle();
    expect(h.events[0]).toMatchObject({ chatId: null, chatType: 'single', text: '/进度 城东污水厂' });
  });

  it('processes a retried callback (same msgid) once', async () => {
    const h = await start();
    expect((await sayAibot(h, '进度 50%', { msgId: 'm-retry' })).status).toBe(200);
    h.clock.advance(5_000);
    expect((await sayAibot(h, '进度 50%', { msgId: 'm-retry' })).status).toBe(200);
    await settle();
    expect(h.events).toHaveLength(1);
    expect(await h.store.db.collection(collections.inbound).countDocuments()).toBe(1);
  });

  it('turns a template-card button click into an event with the button key', async () => {
    const h = await start();
    const answer = await postAibotCardEvent(h.url, aibot, { msgId: 'click-1', chatId: 'wr-group-1', userId: 'lisi', eventKey: 'confirm:r-42', taskId: 'task-42' }, h.clock);
    expect(answer).toEqual({ status: 200, body: '' });
    await settle();
    expect(h.events).toEqual([
      expect.objectContaining({ source: 'aibot', msgId: 'click-1', kind: 'event', eventType: 'template_card_event', eventKey: 'confirm:r-42', userId: 'lisi', chatId: 'wr-group-1', text: '' }),
    ]);
  });

  it.each([
    ['a stream refresh poll', { msgid: 's-1', aibotid: 'b', chattype: 'single', from: { userid: 'u' }, msgtype: 'stream', stream: { id: 'STREAMID' } }, 'stream refresh'],
    ['enter_chat', { msgid: 'e-1', aibotid: 'b', chattype: 'single', from: { userid: 'u' }, msgtype: 'event', event: { eventtype: 'enter_chat' } }, 'event enter_chat not handled'],
    ['an unknown msgtype', { msgid: 'x-1', aibotid: 'b', chattype: 'single', from: { userid: 'u' }, msgtype: 'hologram' }, 'unknown msgtype'],
  ])('acks %s with an empty 200 and no event', async (_name, payload, reason) => {
    const h = await start();
    const answer = await postCallback(h.url, 'aibot', aibot, { receiveId: '', plaintext: JSON.stringify(payload), envelope: 'json' }, h.clock);
    expect(answer).toEqual({ status: 200, body: '' });
    await settle();
    expect(h.events).toEqual([]);
    expect(h.logs.filter((l) => l.msg === 'wecom callback acked without event')).toEqual([expect.objectContaining({ reason, msgtype: payload.msgtype })]);
  });

  it('reads the text parts of a mixed message and the transcript of a voice message', async () => {
    const h = await start();
    const mixed = { msgid: 'mx', aibotid: 'b', chatid: 'wr-1', chattype: 'group', from: { userid: 'u' }, response_url: 'r', msgtype: 'mixed', mixed: { msg_item: [{ msgtype: 'text', text: { content: `@${BOT} 今日情况` } }, { msgtype: 'image', image: { url: 'http://img' } }] } };
    const voice = { msgid: 'vc', aibotid: 'b', chattype: 'single', from: { userid: 'u' }, response_url: 'r', msgtype: 'voice', voice: { content: '进度百分之七十' } };
    for (const payload of [mixed, voice]) {
      expect((await postCallback(h.url, 'aibot', aibot, { receiveId: '', plaintext: JSON.stringify(payload), envelope: 'json' }, h.clock)).status).toBe(200);
    }
    await settle();
    expect(h.events.map((e) => [e.msgId, e.text])).toEqual([['mx', '今日情况'], ['vc', '进度百分之七十']]);
  });
});

describe('self-built app callback (/wecom/app)', () => {
  it('answers the URL check for ReceiveId = corpid', async () => {
    const h = await start();
    const answer = await verifyUrl(h.url, 'app', { ...app, receiveId: CORP }, h.clock);
    expect(answer).toMatchObject({ status: 200, body: answer.expected });
  });

  it('turns a private text message into an event (single chat, chatId null)', async () => {
    const h = await start();
    const answer = await postAppMessage(h.url, app, { corpId: CORP, agentId: AGENT, msgId: '4561255354251345929', userId: 'leader-wang', text: '/进度 城东污水厂' }, h.clock);
    expect(answer).toEqual({ status: 200, body: '' });
    await settle();
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({ source: 'app', msgId: '4561255354251345929', chatId: null, chatType: 'single', userId: 'leader-wang', text: '/进度 城东污水厂', kind: 'message' });
    expect(h.events[0]!.replyUrl).toBeUndefined();
    expect(h.events[0]!.raw).toMatchObject({ MsgType: 'text', AgentID: AGENT });
  });

  it('turns a card button click into an event with EventKey and a stable id, once per retry', async () => {
    const h = await start();
    const click = { corpId: CORP, agentId: AGENT, userId: 'leader-wang', eventKey: 'confirm:r-7', taskId: 'task-7' };
    expect((await postAppCardEvent(h.url, app, click, h.clock)).status).toBe(200);
    expect((await postAppCardEvent(h.url, app, click, h.clock)).status).toBe(200);
    await settle();
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({ source: 'app', kind: 'event', eventType: 'template_card_event', eventKey: 'confirm:r-7', userId: 'leader-wang', chatId: null });
    expect(h.events[0]!.msgId).toBe(`app-event:leader-wang:${START.getTime() / 1000}:template_card_event:confirm:r-7`);
  });

  it.each([
    ['key set A', vectors.post, 'mycreate', 'hello', '4561255354251345929'],
    ['key set B (Chinese text)', vectors.altSetB.post, 'ChenJiaShun', '你好', '1456453720'],
  ])('accepts the official %s POST body as sent by WeCom', async (_name, v, userId, text, msgId) => {
    const env = { WECOM_CORP_ID: v.receiveId, WECOM_APP_TOKEN: v.token, WECOM_APP_AES_KEY: v.encodingAESKey };
    const h = await start(env, new Date(Number(v.timestamp) * 1000));
    const answer = await postRaw(h, 'app', v.body, new URLSearchParams({ msg_signature: v.msg_signature, timestamp: v.timestamp, nonce: v.nonce }).toString());
    expect(answer).toEqual({ status: 200, body: '' });
    await settle();
    expect(h.events).toEqual([expect.objectContaining({ source: 'app', userId, text, msgId, chatType: 'single' })]);
  });

  it('answers the official URL-verify vector from its raw query string', async () => {
    const v = vectors.urlVerify;
    const h = await start({ WECOM_CORP_ID: v.receiveId, WECOM_APP_TOKEN: v.token, WECOM_APP_AES_KEY: v.encodingAESKey }, new Date(Number(v.timestamp) * 1000));
    const res = await fetch(`${h.url}/wecom/app?${v.rawQueryString}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(v.expectedPlain);
  });

  it('acks other app events without an event', async () => {
    const h = await start();
    const plaintext = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><AgentID>${AGENT}</AgentID></xml>`;
    const answer = await postCallback(h.url, 'app', app, { receiveId: CORP, plaintext, envelope: { xml: {} } }, h.clock);
    expect(answer).toEqual({ status: 200, body: '' });
    await settle();
    expect(h.events).toEqual([]);
  });
});

describe('legacy group-robot callback (/wecom/robot)', () => {
  it('answers the URL check with ReceiveId ""', async () => {
    const h = await start();
    const answer = await verifyUrl(h.url, 'robot', { ...robot, receiveId: '' }, h.clock);
    expect(answer).toMatchObject({ status: 200, body: answer.expected });
  });

  it.each(['xml', 'json'] as const)('turns a %s group message into an event whose replyUrl is the WebhookUrl', async (format) => {
    const h = await start();
    const webhookUrl = 'http://in.qyapi.weixin.qq.com/cgi-bin/webhook/send?key=WEBHOOK';
    const answer = await postRobotMessage(h.url, robot, { msgId: `r-${format}`, chatId: 'wrkSFfCgAALF', userId: 'zhangsan', text: '城东 完成 30%', webhookUrl, botName: BOT, format }, h.clock);
    expect(answer).toEqual({ status: 200, body: '' });
    await settle();
    expect(h.events).toEqual([
      expect.objectContaining({ source: 'grouprobot', msgId: `r-${format}`, chatId: 'wrkSFfCgAALF', chatType: 'group', userId: 'zhangsan', text: '城东 完成 30%', replyUrl: webhookUrl, kind: 'message' }),
    ]);
  });

  it('reads the documented example (spaces around CDATA, nested From)', async () => {
    const h = await start({ ...fullEnv, WECOM_BOT_NAME: 'RobotA' });
    const plaintext = `<xml>
\t<WebhookUrl> <![CDATA[http://in.qyapi.weixin.qq.com/cgi-bin/webhook/send?key=WEBHOOK]]></WebhookUrl>
\t<MsgId>abcdabcdabcd</MsgId>
\t<ChatId><![CDATA[wrkSFfCgAALFgnrSsWU38puiv4yvExuw]]></ChatId>
\t<PostId><![CDATA[bpkSFfCgAAWeiHos2p6lJbG3_F2xxxxx]]></PostId>
\t<ChatType>single</ChatType>
\t<From>
\t\t<UserId>zhangsan</UserId>
\t\t<Name><![CDATA[张三]]></Name>
\t\t<Alias><![CDATA[jackzhang]]></Alias>
\t</From>
\t<GetChatInfoUrl><![CDATA[https://qyapi.weixin.qq.com/cgi-bin/webhook/get_chat_info?code=CODE]]></GetChatInfoUrl>
\t<MsgType>text</MsgType>
\t<Text>
\t\t<Content><![CDATA[@RobotA hello robot]]></Content>
\t</Text>
</xml>`;
    expect((await postCallback(h.url, 'robot', robot, { receiveId: '', plaintext, envelope: { xml: {} } }, h.clock)).status).toBe(200);
    await settle();
    expect(h.events).toEqual([
      expect.objectContaining({ msgId: 'abcdabcdabcd', chatType: 'single', chatId: null, userId: 'zhangsan', text: 'hello robot', replyUrl: 'http://in.qyapi.weixin.qq.com/cgi-bin/webhook/send?key=WEBHOOK' }),
    ]);
  });
});

describe('refusals: bare status, one log line, no event, server still serving', () => {
  const aibotJson = (payload: unknown) => ({ receiveId: '', plaintext: typeof payload === 'string' ? payload : JSON.stringify(payload), envelope: 'json' as const });
  const appXml = (plaintext: string, receiveId = CORP) => ({ receiveId, plaintext, envelope: { xml: { ToUserName: CORP, AgentID: AGENT } } });
  const appText = `<xml><ToUserName><![CDATA[${CORP}]]></ToUserName><FromUserName><![CDATA[u]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>99</MsgId><AgentID>${AGENT}</AgentID></xml>`;
  const now = Math.floor(START.getTime() / 1000);

  const cases: Array<[string, number, string, (h: Harness) => Promise<CallbackAnswer>]> = [
    ['a forged signature', 401, 'bad-signature', (h) => postCallback(h.url, 'aibot', aibot, aibotJson({ msgid: 'f' }), h.clock, { signature: 'f'.repeat(40) })],
    ['a signature made with another token', 401, 'bad-signature', (h) => postAibotMessage(h.url, { ...aibot, token: 'wrong' }, { chatId: null, userId: 'u', text: 'x', responseUrl: 'r' }, h.clock)],
    ['a stale timestamp', 403, 'stale-timestamp', (h) => postCallback(h.url, 'aibot', aibot, aibotJson({ msgid: 's' }), h.clock, { timestamp: String(now - 301) })],
    ['a timestamp from the future', 403, 'stale-timestamp', (h) => postCallback(h.url, 'app', app, appXml(appText), h.clock, { timestamp: String(now + 301) })],
    ['the wrong ReceiveId (app, another corp)', 403, 'wrong-receive-id', (h) => postCallback(h.url, 'app', app, appXml(appText, 'ww-other-corp'), h.clock)],
    ['the wrong ReceiveId (AI bot, a corpid)', 403, 'wrong-receive-id', (h) => postCallback(h.url, 'aibot', aibot, { ...aibotJson({ msgid: 'w' }), receiveId: CORP }, h.clock)],
    ['a body that is not JSON', 400, 'malformed', (h) => postRaw(h, 'aibot', '{"encrypt": ')],
    ['a JSON body without encrypt', 400, 'malformed', (h) => postRaw(h, 'aibot', '{"msg": "x"}')],
    ['decrypted JSON that is not JSON', 400, 'malformed', (h) => postCallback(h.url, 'aibot', aibot, aibotJson('{"msgid": :x'), h.clock)],
    ['decrypted JSON missing from.userid', 400, 'malformed', (h) => postCallback(h.url, 'aibot', aibot, aibotJson({ msgid: 'm', msgtype: 'text', text: { content: 'x' } }), h.clock)],
    ['a body that is not XML', 400, 'malformed', (h) => postRaw(h, 'app', '<xml><Encrypt>abc</xml>')],
    ['decrypted XML that is not XML', 400, 'malformed', (h) => postCallback(h.url, 'app', app, appXml('<xml><MsgType>text</xml>'), h.clock)],
    ['an envelope with a DOCTYPE', 400, 'forbidden-markup', (h) => postRaw(h, 'robot', '<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>')],
    ['decrypted XML with entities', 400, 'forbidden-markup', (h) => postCallback(h.url, 'app', app, appXml(`<!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>${appText.replace('hi', '&b;')}`), h.clock)],
    ['an unsigned envelope nested 150 deep', 400, 'malformed', (h) => postRaw(h, 'app', `<xml>${'<a>'.repeat(150)}x${'</a>'.repeat(150)}</xml>`)],
    ['an unsigned robot envelope nested 150 deep', 400, 'malformed', (h) => postRaw(h, 'robot', `<xml><Encrypt>${'<a>'.repeat(150)}</Encrypt></xml>`)],
    ['decrypted XML nested 150 deep', 400, 'malformed', (h) => postCallback(h.url, 'app', app, appXml(`<xml>${'<a>'.repeat(150)}x${'</a>'.repeat(150)}</xml>`), h.clock)],
    ['an oversized body', 413, 'too-large', (h) => sayAibot(h, '很长'.repeat(3000))],
    ['missing signing parameters', 400, 'missing-params', (h) => fetch(`${h.url}/wecom/aibot?timestamp=1`, { method: 'POST', body: '{}' }).then(async (r) => ({ status: r.status, body: await r.text() }))],
  ];

  it.each(cases)('refuses %s with %i', async (_name, status, reason, send) => {
    const h = await start();
    const answer = await send(h);
    expect(answer).toEqual({ status, body: '' });
    await settle();
    expect(h.events).toEqual([]);
    expect(h.refusals()).toEqual([expect.objectContaining({ status, reason, surface: expect.any(String) })]);
    expect(JSON.stringify(h.refusals())).not.toContain(aibot.aesKey);

    expect((await sayAibot(h, '还在吗', { msgId: 'after-refusal' })).status).toBe(200);
    await settle();
    expect(h.events.map((e) => e.msgId)).toEqual(['after-refusal']);
  });

  it('refuses a replayed nonce, even with a different message', async () => {
    const h = await start();
    const first = await postCallback(h.url, 'aibot', aibot, aibotJson({ msgid: 'n1', chattype: 'single', from: { userid: 'u' }, msgtype: 'text', text: { content: 'a' } }), h.clock, { nonce: '12345' });
    const replay = await postCallback(h.url, 'aibot', aibot, aibotJson({ msgid: 'n2', chattype: 'single', from: { userid: 'u' }, msgtype: 'text', text: { content: 'b' } }), h.clock, { nonce: '12345' });
    expect(first.status).toBe(200);
    expect(replay).toEqual({ status: 403, body: '' });
    await settle();
    expect(h.events.map((e) => e.msgId)).toEqual(['n1']);
    expect(h.refusals()).toEqual([expect.objectContaining({ status: 403, reason: 'replayed-nonce' })]);
    // The same nonce on another surface is another callback.
    expect((await postCallback(h.url, 'app', app, appXml(appText), h.clock, { nonce: '12345' })).status).toBe(200);
  });

  it('answers 503 on every surface whose credentials are missing, and still starts and serves', async () => {
    const h = await start({ WECOM_BOT_NAME: BOT });
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    const answers = [
      await sayAibot(h, 'x'),
      await postAppMessage(h.url, app, { corpId: CORP, agentId: AGENT, userId: 'u', text: 'x' }, h.clock),
      await postRobotMessage(h.url, robot, { chatId: 'c', userId: 'u', text: 'x', webhookUrl: 'w' }, h.clock),
      await verifyUrl(h.url, 'aibot', { ...aibot, receiveId: '' }, h.clock),
    ];
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(4).fill([503, '']));
    expect(h.refusals().map((l) => [l.surface, l.reason])).toEqual([
      ['aibot', 'missing-credentials'],
      ['app', 'missing-credentials'],
      ['grouprobot', 'missing-credentials'],
      ['aibot', 'missing-credentials'],
    ]);
  });

  it('refuses the app surface when the corpid (its ReceiveId) is missing', async () => {
    const { WECOM_CORP_ID: _omit, ...env } = fullEnv;
    const h = await start(env);
    expect((await postAppMessage(h.url, app, { corpId: CORP, agentId: AGENT, userId: 'u', text: 'x' }, h.clock)).status).toBe(503);
    expect((await sayAibot(h, 'still here')).status).toBe(200);
  });
});
