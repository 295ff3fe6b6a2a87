import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../src/log.js';
import { loadConfig } from '../src/config.js';
import { importSetup } from '../src/repo/registry.js';
import { startApp, type RunningApp } from '../src/app.js';
import { startWecomSimulator, type WecomSimulator } from '../src/simulate/wecom/server.js';
import { startLongConnSimulator, type LongConnSimulator } from '../src/simulate/wecom/longconn.js';
import { ManualClock } from '../src/clock.js';
import { collections } from '../src/db/collections.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { lastTo, replyIn } from './support/records.js';
import type { Store } from '../src/db/index.js';

const setup = countySetup;
const BOT = { id: 'aib-test', secret: 'long-connection-secret' };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Rig {
  store: Store;
  app: RunningApp;
  wecom: WecomSimulator;
  ws: LongConnSimulator;
  settle(): Promise<void>;
}

async function rig(secret = BOT.secret, log: Logger = silentLogger): Promise<Rig> {
  const clock = new ManualClock(new Date('2026-10-27T10:00:00+08:00'));
  const store = await openTestStore();
  const wecom = await startWecomSimulator({ clock, corpId: 'wwcorp', secret: 'app-secret' });
  const ws = await startLongConnSimulator({ clock, botId: BOT.id, secret: BOT.secret, records: wecom.records });
  closers.push(() => store.close(), () => wecom.close(), () => ws.close());
  await importSetup(store.db, setup, 'test', clock.now());
  const app = await instance({ clock, store, wecom, ws }, secret, log);
  return { store, app, wecom, ws, settle: () => settle(app) };
}

/** One bot instance on the rig's store and simulators. */
async function instance(r: { clock: ManualClock; store: Store; wecom: WecomSimulator; ws: LongConnSimulator }, secret = BOT.secret, log: Logger = silentLogger): Promise<RunningApp> {
  const config = loadConfig({
    WECOM_MODE: 'longconn', WECOM_BOT_ID: BOT.id, WECOM_BOT_SECRET: secret, WECOM_WS_URL: r.ws.url,
    WECOM_API_BASE: r.wecom.url, WECOM_CORP_ID: 'wwcorp', WECOM_AGENT_ID: '1000002', WECOM_APP_SECRET: 'app-secret',
    WECOM_APP_TOKEN: 'apptoken', WECOM_APP_AES_KEY: 'a'.repeat(43), PORT: '0', HOST: '127.0.0.1',
  });
  const app = await startApp({ config, log, clock: r.clock, store: r.store, schedule: false, longconnReconnectMs: 30, longconnLeaseMs: 300, outbox: { timeoutMs: 500 } });
  closers.push(() => app.stop());
  return app;
}

async function settle(app: RunningApp): Promise<void> {
  for (;;) {
    await app.runtime.dispatcher.idle();
    if ((await app.runtime.outbox.drainDue()) === 0 && (await app.runtime.outbox.pending()) === 0) break;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ready = async (app: RunningApp) => (await fetch(`${app.url}/readyz`)).status === 200;

describe('AI bot over the long connection', () => {
  it('takes a report and a command from frames and answers on the same frames', async () => {
    const r = await rig();
    await until(() => ready(r.app));
    // 5,000 of 9,000 by late October lags the schedule by over 20 points: the project turns red.
    r.ws.say({ chatId: 'wr_ll', userId: 'ma_ll', text: '10月完成投资700万元，年度累计完成5000万元', botName: '项目助手' });
    await until(async () => (await r.store.db.collection(collections.reports).countDocuments()) === 1);
    await r.settle();
    expect(replyIn(r.wecom.records, 'wr_ll')!.text).toContain('已记录');
    expect(await r.store.db.collection(collections.reports).findOne({})).toMatchObject({ project: '农产品冷链物流中心', userId: 'ma_ll' });
    // The group has no webhook key: its card change goes out over the connection (aibot_send_msg).
    const pushed = r.wecom.records.find((x) => x.via === 'webhook' && 'chat' in x.to && x.to.chat === 'wr_ll');
    expect(pushed?.text).toContain('红牌预警 · 农产品冷链物流中心');
    expect((pushed?.raw as { chatid?: string }).chatid).toBe('wr_ll');

    r.ws.say({ chatId: null, userId: 'qian_fxz', text: '/进度 冷链项目' });
    await until(async () => {
      await r.settle();
      return lastTo(r.wecom.records, 'qian_fxz')?.text.includes('农产品冷链物流中心') ?? false;
    });
    expect(lastTo(r.wecom.records, 'qian_fxz')!.via).toBe('reply');
    expect(await (await fetch(`${r.app.url}/metrics`)).text()).toMatch(/^xmdd_longconn_state\{state="ready"\} 1$/m);
  });

  it('handles every message once when the socket drops mid-burst and the SDK reconnects', async () => {
    const r = await rig();
    await until(() => ready(r.app));
    const chats = [['wr_ll', 'ma_ll'], ['wr_xx', 'niu_ll'], ['wr_gf', 'zhao_ll']] as const;
    const say = (i: number) => r.ws.say({ chatId: chats[i % 3]![0], userId: chats[i % 3]![1], text: `本月完成投资${100 + i}万元`, msgId: `burst-${i}`, botName: '项目助手' });
    for (let i = 0; i < 3; i++) say(i);
    r.ws.drop();
    for (let i = 3; i < 6; i++) say(i);
    await until(() => r.ws.connections() === 1);
    await until(async () => (await r.store.db.collection(collections.reports).countDocuments()) === 6);
    await r.settle();
    const receipts = r.wecom.records.filter((x) => x.via === 'reply' && x.text.includes('已记录'));
    expect(receipts).toHaveLength(6);
    expect(await r.store.db.collection(collections.inbound).countDocuments({ status: 'done' })).toBe(6);
  });

  it('waits out slow acks without sending anything twice', async () => {
    const r = await rig();
    await until(() => ready(r.app));
    r.ws.delayAcks(300);
    for (let i = 0; i < 3; i++) r.ws.say({ chatId: 'wr_xx', userId: 'niu_ll', text: `本月完成投资${200 + i}万元`, msgId: `slow-${i}`, botName: '项目助手' });
    await until(async () => {
      await r.settle();
      return r.wecom.records.filter((x) => x.via === 'reply').length >= 3;
    });
    await new Promise((res) => setTimeout(res, 400));
    await r.settle();
    expect(r.wecom.records.filter((x) => x.via === 'reply').map((x) => /本期完成：(\d+)/.exec(x.text)?.[1]).sort()).toEqual(['200', '201', '202']);
  });

  it('with two instances, one holds the connection; when it stops the other takes over and answers', async () => {
    const r = await rig();
    const second = await instance({ clock: new ManualClock(new Date('2026-10-27T10:00:00+08:00')), store: r.store, wecom: r.wecom, ws: r.ws });
    await until(async () => (await ready(r.app)) && (await ready(second)) && r.ws.connections() === 1);
    const states = await Promise.all([r.app, second].map(async (a) => (await (await fetch(`${a.url}/readyz`)).json()).checks.longconn));
    expect(states.sort()).toEqual(['ready', 'standby']);
    const [holder, standby] = states[0] === 'ready' ? [r.app, second] : [second, r.app];

    await holder.stop();
    await until(async () => (await (await fetch(`${standby.url}/readyz`)).json()).checks.longconn === 'ready');
    r.ws.say({ chatId: 'wr_ll', userId: 'ma_ll', text: '10月完成投资700万元，年度累计完成7100万元', botName: '项目助手' });
    await until(async () => {
      await settle(standby);
      return replyIn(r.wecom.records, 'wr_ll')?.text.includes('已记录') ?? false;
    });
    expect(r.ws.connections()).toBe(1);
    expect(await r.store.db.collection(collections.reports).countDocuments()).toBe(1);
  });

  it('says once, clearly, that the connection cannot be opened, and is not ready', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const clock = new ManualClock(new Date('2026-10-27T10:00:00+08:00'));
    const store = await openTestStore();
    const wecom = await startWecomSimulator({ clock, corpId: 'wwcorp', secret: 'app-secret' });
    const ws = await startLongConnSimulator({ clock, botId: BOT.id, secret: BOT.secret, records: wecom.records });
    closers.push(() => store.close(), () => wecom.close());
    await ws.close(); // nothing listens there any more
    const app = await instance({ clock, store, wecom, ws }, BOT.secret, log);
    await new Promise((res) => setTimeout(res, 500)); // several reconnect attempts at 30 ms back-off
    const readiness = await (await fetch(`${app.url}/readyz`)).json();
    expect(readiness).toMatchObject({ status: 'not ready', checks: { longconn: 'connecting' } });
    const errors = lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(String(errors[0]!.msg)).toContain('WECOM_WS_URL');
  });

  it('says once, clearly, that a wrong secret was refused, and is not ready', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const r = await rig('wrong-secret', log);
    await until(async () => (await (await fetch(`${r.app.url}/readyz`)).json()).checks?.longconn === 'refused');
    await new Promise((res) => setTimeout(res, 300));
    expect((await fetch(`${r.app.url}/readyz`)).status).toBe(503);
    const errors = lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(String(errors[0]!.msg)).toContain('WECOM_BOT_SECRET');
  });
});
