import { randomBytes } from 'node:crypto';
import type { Store } from '../db/index.js';
import { loadConfig, type Config } from '../config.js';
import type { Logger } from '../log.js';
import { ManualClock } from '../clock.js';
import { startApp, type RunningApp } from '../app.js';
import { startWecomSimulator, type WecomSimulator } from './wecom/server.js';
import { startLongConnSimulator } from './wecom/longconn.js';
import { collections } from '../db/collections.js';
import { postAibotMessage, postAppMessage } from './wecom/callbacks.js';
import { importSetup } from '../repo/registry.js';
import type { Setup } from '../domain/setup.js';
import type { Rules } from '../domain/rules.js';
import { jobs } from '../../jobs/index.js';
import type { JobContext } from '../../jobs/context.js';
import type { Harness } from './runner.js';

export type Transport = 'callback' | 'longconn';

const CORP_ID = 'wwsimulatedcorp';
const BOT_ID = 'aibot-simulated';
const SECRET = 'simulated-app-secret';
const AGENT_ID = '1000002';

/** Polls real time (a frame on a socket, not the simulated clock); a message that never arrives is an error, not a hang. */
async function waitUntil(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`simulate: ${what} did not arrive within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A random EncodingAESKey: 43 base64 characters, as the admin console generates. */
const aesKey = () => randomBytes(32).toString('base64').slice(0, 43);

export interface SimulatedCounty extends Harness<JobContext> {
  app: RunningApp;
  /** The bot's configuration, for a second instance on the same store and tenant. */
  config: Config;
  wecom: WecomSimulator;
  /** The callback credentials the simulated tenant shares with the bot (for tests that post by hand). */
  credentials: { bot: { token: string; aesKey: string }; app: { token: string; aesKey: string } };
  close(): Promise<void>;
}

/**
 * How long the bot waits for the simulator's answer. Generous, because a send that the simulator
 * recorded but answered after the bot gave up is sent again (a duplicate) — on a loaded machine a
 * short limit decides results by timing. A scripted 'timeout' fault costs this much wall time.
 */
const SIMULATOR_TIMEOUT_MS = 5_000;

/**
 * The whole bot on a manual clock, wired to the in-repo WeCom simulator over real HTTP with real
 * signatures and AES (or, with `transport: 'longconn'`, group messages as frames on the simulated
 * long connection): the demo, the acceptance scenarios and the end-to-end tests all run on it.
 * Groups without a webhook key get one, as the admin does when adding the 消息推送 robot.
 */
export async function startSimulatedCounty(opts: {
  setup: Setup;
  store: Store;
  log: Logger;
  start: Date;
  transport?: Transport;
  /**
   * A county whose bot stopped or died (`app.stop()`): the bot starts again on the same store,
   * WeCom simulator and clock (set to `start`), as a restarted process would; setup is not imported again.
   */
  restartOf?: SimulatedCounty;
  rules?: Rules;
  publicBaseUrl?: string;
}): Promise<SimulatedCounty> {
  const clock = opts.restartOf?.clock ?? new ManualClock(opts.start);
  clock.set(opts.start);
  const wecom = opts.restartOf?.wecom ?? (await startWecomSimulator({ clock, corpId: CORP_ID, secret: SECRET, host: '127.0.0.1' }));
  const bot = { token: randomBytes(8).toString('hex'), aesKey: aesKey() };
  const app = { token: randomBytes(8).toString('hex'), aesKey: aesKey() };
  const longconn = opts.transport === 'longconn' ? await startLongConnSimulator({ clock, botId: BOT_ID, secret: bot.token, records: wecom.records }) : null;
  const config = loadConfig({
    ...(longconn ? { WECOM_MODE: 'longconn', WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: bot.token, WECOM_WS_URL: longconn.url } : {}),
    PORT: '0',
    HOST: '127.0.0.1',
    WECOM_API_BASE: wecom.url,
    WECOM_CORP_ID: CORP_ID,
    WECOM_AGENT_ID: AGENT_ID,
    WECOM_APP_SECRET: SECRET,
    WECOM_APP_TOKEN: app.token,
    WECOM_APP_AES_KEY: app.aesKey,
    WECOM_BOT_TOKEN: bot.token,
    WECOM_BOT_AES_KEY: bot.aesKey,
    WECOM_OAUTH_BASE: wecom.url,
    WECOM_SSO_BASE: wecom.url,
    COCKPIT_SESSION_SECRET: randomBytes(32).toString('hex'),
    ...(opts.publicBaseUrl ? { PUBLIC_BASE_URL: opts.publicBaseUrl } : {}),
  });
  const setup: Setup = {
    ...opts.setup,
    projects: opts.setup.projects.map((p) => (p.chatId && !p.webhookKey ? { ...p, webhookKey: `sim-${p.chatId}` } : p)),
  };
  for (const p of setup.projects) if (p.chatId && p.webhookKey) wecom.bindWebhook(p.webhookKey, p.chatId);
  if (!opts.restartOf) await importSetup(opts.store.db, setup, 'simulate', clock.now());
  const running = await startApp({ config, log: opts.log, clock, store: opts.store, schedule: false, ...(opts.rules ? { rules: opts.rules } : {}), outbox: { timeoutMs: SIMULATOR_TIMEOUT_MS }, longconnReconnectMs: 50 });
  const { dispatcher, outbox, jobContext } = running.runtime;

  const settle = async () => {
    for (;;) {
      await dispatcher.idle();
      if ((await outbox.drainDue()) === 0) break;
    }
  };
  const expectOk = (what: string, res: { status: number; body: string }) => {
    if (res.status !== 200) opts.log.warn({ what, status: res.status, body: res.body.slice(0, 200) }, 'callback refused');
  };
  return {
    app: running,
    config,
    wecom,
    credentials: { bot, app },
    clock,
    jobs: jobs(jobContext.rules),
    jobContext,
    timezone: config.timezone,
    runJob: (job, at) => running.scheduler.runJob(job, at),
    async sendGroup(chatId, userId, text) {
      if (longconn) {
        // The frame crosses the socket on its own time: wait until the bot has stored it.
        const msgId = longconn.say({ chatId, userId, text, botName: config.wecom.botName });
        await waitUntil(async () => (await opts.store.db.collection(collections.inbound).countDocuments({ msgId })) === 1, `frame ${msgId}`);
        return;
      }
      expectOk('group', await postAibotMessage(running.url, bot, { chatId, userId, text, responseUrl: wecom.responseUrl({ chatId, userId }), botName: config.wecom.botName }, clock));
    },
    async sendPrivate(userId, text) {
      expectOk('private', await postAppMessage(running.url, app, { corpId: CORP_ID, agentId: AGENT_ID, userId, text }, clock));
    },
    fault: (kind, count) => wecom.fault(kind, count),
    settle,
    pendingOutbound: () => outbox.pending(),
    nextOutboundAt: () => outbox.nextDueAt(),
    async close() {
      await running.stop();
      await longconn?.close();
      await wecom.close();
    },
  };
}
