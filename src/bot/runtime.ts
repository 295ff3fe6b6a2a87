import type { Db } from 'mongodb';
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { WecomClient } from '../wecom/client.js';
import { createOutbox, type Outbox, type Sender } from '../wecom/outbox.js';
import type { Rules } from '../domain/rules.js';
import { matcherCache } from '../repo/projects.js';
import { standingService } from '../services/standing.js';
import { viaWebhook, viaWebhookOrBot } from '../services/group-route.js';
import { commandTable, createBot } from './bot.js';
import { createDispatcher, type Dispatcher } from './dispatcher.js';
import type { BotDeps } from './context.js';
import type { JobContext } from '../../jobs/context.js';
import { createMetrics, type Metrics } from '../metrics.js';

export interface Runtime {
  metrics: Metrics;
  outbox: Outbox;
  dispatcher: Dispatcher;
  jobContext: JobContext;
}

export interface RuntimeOptions {
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

/** Everything between the transport and the store: outbox, standing, handlers, dispatcher, job context. */
export function createRuntime(opts: RuntimeOptions): Runtime {
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
  const outbox = createOutbox({ db, client: sender, clock, log, metrics, ...(opts.outbox?.active ? { active: opts.outbox.active } : {}), ...(opts.outbox?.backoffBaseMs ? { backoff: { baseMs: opts.outbox.backoffBaseMs } } : {}) });
  const groupRoute = config.wecom.mode === 'longconn' ? viaWebhookOrBot : viaWebhook;
  const standing = standingService({ db, outbox, rules, groupRoute });
  const deps: BotDeps = { db, clock, log, botName: config.wecom.botName, outbox, matchers: matcherCache(db, clock), rules, metrics, standing };
  const handle = createBot(deps, commandTable());
  const dispatcher = createDispatcher({ db, log, clock, handle });
  return { metrics, outbox, dispatcher, jobContext: { db, log, outbox, rules, standing, groupRoute } };
}
