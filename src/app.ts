import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { systemClock, type Clock } from './clock.js';
import { openStore, type Store } from './db/index.js';
import { ensureIndexes } from './db/collections.js';
import { createApp, type Readiness } from './server.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import type { Db } from 'mongodb';
import { WecomClient } from './wecom/client.js';
import { createOutbox, type Outbox, type Sender } from './wecom/outbox.js';
import { matcherCache } from './services/matchers.js';
import { standingService } from './services/standing.js';
import { digestSource } from './services/digest.js';
import { cockpitLinks, type CockpitLinks } from './services/links.js';
import { viaWebhook, viaWebhookOrBot, type GroupRoute } from './services/group-route.js';
import { deliveryAlerts, lateReplyRoute } from './services/delivery.js';
import { createBot } from './bot/bot.js';
import { createDispatcher, type Dispatcher } from './bot/dispatcher.js';
import type { BotDeps } from './bot/context.js';
import type { OutboxPort } from './messages/outbound.js';
import { createRepos } from './repo/index.js';
import { createMetrics, type Metrics } from './metrics.js';
import { handlers } from '../handlers/index.js';
import type { JobContext } from '../jobs/context.js';
import { loadRules, type Rules } from './domain/rules.js';
import { nextOpenAt } from './domain/quiet-hours.js';
import { HOW_TO_ADD_YEAR, loadCountyCalendar, uncoveredYears } from './services/calendar.js';
import { jobs } from '../jobs/index.js';
import { createWecomRouter } from './wecom/inbound/index.js';
import { createCockpitRouter } from './web/router.js';
import { Router } from '@koa/router';
import { startLongConn } from './wecom/longconn/transport.js';
import { createLease } from './wecom/longconn/lease.js';
import os from 'node:os';
import { randomBytes } from 'node:crypto';

export interface RunningApp {
  store: Store;
  runtime: Runtime;
  scheduler: Scheduler;
  server: http.Server;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  log: Logger;
  clock?: Clock;
  /** Reuse an open store (tests, simulate); otherwise open the configured one. */
  store?: Store;
  /** Run Agenda's polling loop and the outbox worker (production); simulate drives both through its own clock instead. */
  schedule?: boolean;
  rules?: Rules;
  /** Where outbound messages go (tests and simulate: a client bound to the simulator). */
  sender?: Sender;
  outbox?: { backoffBaseMs?: number; timeoutMs?: number };
  /** Reconnect back-off base of the long connection (tests shorten it). */
  longconnReconnectMs?: number;
  /** Lifetime of the long-connection lease; another instance takes over within it plus a third. */
  longconnLeaseMs?: number;
}

/** 20 s, renewed every ~7 s: a dead holder is replaced within 30 s. */
const LEASE_MS = 20_000;

const instanceId = () => `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export interface Runtime {
  metrics: Metrics;
  outbox: Outbox;
  dispatcher: Dispatcher;
  jobContext: JobContext;
}

interface RuntimeOptions {
  config: Config;
  db: Db;
  log: Logger;
  clock: Clock;
  rules: Rules;
  /** How messages leave: the WeCom client by default; tests may pass a client bound to the simulator. */
  sender?: Sender;
  /** The long connection takes the replies to its own messages and hands the rest to the sender. */
  viaTransport?: (sender: Sender) => Sender;
  /** The long connection's state, for /metrics. */
  connectionState?: () => string;
  outbox?: { backoffBaseMs?: number; timeoutMs?: number; active?: () => boolean };
}

/** What handlers get: repositories and services over one store, the outbox port, the rules. */
export function botDeps(opts: { db: Db; clock: Clock; log: Logger; rules: Rules; outbox: OutboxPort; metrics: BotDeps['metrics']; botName: string; groupRoute?: GroupRoute; links?: CockpitLinks | null }): BotDeps {
  const { db, clock, log, rules, outbox, metrics, botName } = opts;
  const links = opts.links ?? null;
  return {
    repos: createRepos(db),
    clock,
    log,
    botName,
    outbox,
    matchers: matcherCache(db, clock),
    rules,
    metrics,
    standing: standingService({ db, outbox, rules, links, ...(opts.groupRoute ? { groupRoute: opts.groupRoute } : {}) }),
    digestSource: (from, to) => digestSource(db, from, to),
    links,
  };
}

/** Everything between the transport and the store: outbox, standing, handlers, dispatcher, job context. */
function createRuntime(opts: RuntimeOptions): Runtime {
  const { config, db, log, clock, rules } = opts;
  const base =
    opts.sender ??
    new WecomClient({
      baseUrl: config.wecom.apiBase,
      corpId: config.wecom.corpId,
      agentId: config.wecom.agentId,
      secret: config.wecom.appSecret,
      clock,
      log,
      ...(opts.outbox?.timeoutMs ? { timeoutMs: opts.outbox.timeoutMs } : {}),
    });
  const metrics = createMetrics(db, opts.connectionState);
  const sender = opts.viaTransport ? opts.viaTransport(base) : base;
  const groupRoute = config.wecom.mode === 'longconn' ? viaWebhookOrBot : viaWebhook;
  // The alert goes through the outbox it reports on.
  const alert = deliveryAlerts({ db, clock, outbox: { enqueue: (msgs) => outbox.enqueue(msgs) }, rules, metrics });
  const outbox = createOutbox({
    db,
    client: sender,
    clock,
    log,
    metrics,
    notBefore: (now) => nextOpenAt(now, rules.quietHours),
    giveUpAfterMs: rules.delivery.giveUpAfterHours * 3_600_000,
    backoff: { capMs: rules.delivery.retryCapMinutes * 60_000, ...(opts.outbox?.backoffBaseMs ? { baseMs: opts.outbox.backoffBaseMs } : {}) },
    reroute: lateReplyRoute(db, groupRoute),
    onFailed: alert,
    ...(opts.outbox?.active ? { active: opts.outbox.active } : {}),
  });
  const links = cockpitLinks(config.cockpit.publicBaseUrl);
  const deps = botDeps({ db, clock, log, rules, outbox, metrics, groupRoute, links, botName: config.wecom.botName });
  const bot = createBot(deps, handlers());
  const dispatcher = createDispatcher({ db, log, clock, handle: (event) => bot.receive(event) });
  return { metrics, outbox, dispatcher, jobContext: { db, log, outbox, rules, standing: deps.standing, groupRoute, calendarFile: config.calendarFile, links } };
}

/** Wires store, scheduler and HTTP server; the single entry for main.ts, e2e tests and simulate. */
export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const rules = opts.rules ?? loadRules(config.rulesFile, (f) => fs.readFileSync(f, 'utf8'));
  const store = opts.store ?? (await openStore({ ...config.mongo, retention: rules.retention }, log));
  // A store handed in was opened with the default retention: the county's may differ.
  if (opts.store) await ensureIndexes(store.db, log, rules.retention);
  store.useClock?.(clock);
  const provisional = await loadCountyCalendar(store.db, config.calendarFile, clock.now());
  if (provisional.length > 0) log.warn({ years: provisional }, `节假日安排未覆盖 ${provisional.join('、')} 年：暂按周末和法定节日判断。${HOW_TO_ADD_YEAR}`);
  // The long connection and the runtime need each other: frames go to the dispatcher, replies go back on frames.
  let runtime: Runtime | undefined;
  const longconn =
    config.wecom.mode === 'longconn' && config.wecom.longconn
      ? startLongConn({
          ...config.wecom.longconn,
          botName: config.wecom.botName,
          db: store.db,
          log,
          clock,
          metrics: { callback: (surface, outcome) => runtime!.metrics.callback(surface, outcome) },
          onEvent: (event) => runtime!.dispatcher.accept(event),
          lease: createLease({ db: store.db, clock, name: 'wecom-longconn', holder: instanceId(), ttlMs: opts.longconnLeaseMs ?? LEASE_MS }),
          leaseCheckMs: (opts.longconnLeaseMs ?? LEASE_MS) / 3,
          ...(opts.longconnReconnectMs ? { reconnectMs: opts.longconnReconnectMs } : {}),
        })
      : null;
  runtime = createRuntime({
    config,
    db: store.db,
    log,
    clock,
    rules,
    ...(opts.sender ? { sender: opts.sender } : {}),
    // Replies go out on the connection, so only the instance holding it runs the outbox.
    ...(opts.outbox || longconn ? { outbox: { ...opts.outbox, ...(longconn ? { active: () => longconn.holding() } : {}) } } : {}),
    ...(longconn ? { viaTransport: (sender: Sender) => longconn.sender(sender), connectionState: () => longconn.state() } : {}),
  });
  const scheduler = createScheduler({ db: store.db, log, clock, ctx: runtime.jobContext, jobs: jobs(rules), timezone: config.timezone, metrics: runtime.metrics, makeUpWithinMs: rules.jobRuns.makeUpWithinHours * 3_600_000 });
  const schedule = opts.schedule ?? true;
  if (schedule) {
    await scheduler.start();
    runtime.outbox.start();
  }
  const recovered = await runtime.dispatcher.recover();
  if (recovered > 0) log.warn({ recovered }, 're-handled events an earlier run left pending or failed');
  await scheduler.recover();

  const wecomRouter = createWecomRouter({ config, db: store.db, log, clock, metrics: runtime.metrics, onEvent: (event) => runtime.dispatcher.accept(event) });
  const metricsRouter = new Router().get('/metrics', async (ctx) => {
    const { contentType, body } = await runtime.metrics.render();
    ctx.type = contentType;
    ctx.body = body;
  });
  // Sign-in asks WeCom who a code belongs to: its own client, whatever carries the outbound messages.
  const signInClient = new WecomClient({ baseUrl: config.wecom.apiBase, corpId: config.wecom.corpId, agentId: config.wecom.agentId, secret: config.wecom.appSecret, clock, log });
  const cockpitRouter = createCockpitRouter({ config, clock, log, db: store.db, rules, standing: runtime.jobContext.standing, userIdByCode: (code) => signInClient.userIdByCode(code) });
  const app = createApp({
    log,
    routers: [wecomRouter, metricsRouter, cockpitRouter],
    readiness: async (): Promise<Readiness> => {
      const mongo = await store.ping();
      const agenda = scheduler.running() || !schedule;
      const uncovered = uncoveredYears(clock.now());
      // A provisional calendar is a warning, not unreadiness: the bot still works, on the days it can know.
      const calendar = uncovered.length === 0 ? 'ok' : `provisional ${uncovered.join(',')}`;
      if (!longconn) return { ready: mongo && agenda, checks: { mongo, agenda, calendar } };
      const connection = longconn.state();
      // A standby instance is healthy: it takes the connection over when the holder goes.
      return { ready: mongo && agenda && (connection === 'ready' || connection === 'standby'), checks: { mongo, agenda, calendar, longconn: connection } };
    },
  });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  log.debug({ url, store: store.kind }, 'server listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await longconn?.stop();
      await scheduler.stop();
      await runtime.outbox.stop();
      await runtime.dispatcher.idle();
      if (!opts.store) await store.close();
    })());
  return { store, runtime, scheduler, server, url, stop };
}
