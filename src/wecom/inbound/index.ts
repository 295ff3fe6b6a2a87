import { MongoError, type Db } from 'mongodb';
import type { Metrics } from '../../metrics.js';
import type { Context } from 'koa';
import { Router } from '@koa/router';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { CallbackRefusal } from '../crypto.js';
import type { EventSource, InboundEvent } from '../event.js';
import { parseAibot } from './aibot.js';
import { parseApp } from './app.js';
import { readBody } from './body.js';
import { recordInbound } from './dedupe.js';
import { readEncrypt } from './envelope.js';
import type { Parsed } from './parsed.js';
import { parseRobot } from './robot.js';
import { openCallback, signedQuery, single, type Credentials, type SecurityDeps } from './security.js';

export interface WecomRouterOptions {
  config: Config;
  db: Db;
  log: Logger;
  clock: Clock;
  /** Called once per new event, after it is stored and without delaying the ack. */
  onEvent: (event: InboundEvent) => void;
  metrics: Pick<Metrics, 'callback'>;
}

interface Surface {
  source: Exclude<EventSource, 'longconn'>;
  path: string;
  credentials(wecom: Config['wecom']): Credentials | undefined;
  parse(plaintext: string, botName: string): Parsed;
}

const surfaces: Surface[] = [
  {
    source: 'aibot',
    path: '/wecom/aibot',
    credentials: (w) => w.aibot && { ...w.aibot, receiveId: '' },
    parse: parseAibot,
  },
  {
    source: 'app',
    path: '/wecom/app',
    credentials: (w) => (w.app && w.corpId ? { ...w.app, receiveId: w.corpId } : undefined),
    parse: parseApp,
  },
  {
    source: 'grouprobot',
    path: '/wecom/robot',
    credentials: (w) => w.grouprobot && { ...w.grouprobot, receiveId: '' },
    parse: parseRobot,
  },
];

/**
 * WeCom's inbound callbacks: `GET` answers the URL check with the decrypted echostr, `POST`
 * turns a message into one stored InboundEvent and acks with 200 and an empty body. Every
 * refusal is a bare status plus one log line.
 */
export function createWecomRouter(opts: WecomRouterOptions): Router {
  const router = new Router();
  const deps: SecurityDeps = { db: opts.db, clock: opts.clock, maxSkewSeconds: opts.config.wecom.maxSkewSeconds };

  for (const surface of surfaces) {
    const guarded = (step: (ctx: Context, creds: Credentials, log: Logger) => Promise<void>) => async (ctx: Context) => {
      const log = opts.log.child({ surface: surface.source, reqId: ctx.state.requestId as string | undefined });
      try {
        const creds = surface.credentials(opts.config.wecom);
        if (!creds) throw new CallbackRefusal(503, 'missing-credentials');
        await step(ctx, creds, log);
      } catch (caught) {
        // The store being unreachable is not the caller's fault: 503 makes WeCom retry later.
        const err = caught instanceof MongoError ? new CallbackRefusal(503, 'store-unavailable', caught.message) : caught;
        if (!(err instanceof CallbackRefusal)) throw err;
        log.warn({ status: err.status, reason: err.reason, detail: err.message, method: ctx.method, ip: ctx.ip }, 'wecom callback refused');
        opts.metrics.callback(surface.source, err.reason);
        ctx.status = err.status;
        ctx.body = '';
      }
    };

    router.get(
      surface.path,
      guarded(async (ctx, creds) => {
        const echostr = single(ctx.query.echostr);
        const q = signedQuery(ctx.query);
        if (!echostr) throw new CallbackRefusal(400, 'missing-params', 'no echostr');
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = await openCallback(deps, surface.source, creds, q, echostr);
      }),
    );

    router.post(
      surface.path,
      guarded(async (ctx, creds, log) => {
        const q = signedQuery(ctx.query);
        const body = await readBody(ctx.req, opts.config.wecom.bodyLimitBytes);
        const plaintext = await openCallback(deps, surface.source, creds, q, readEncrypt(body));
        const parsed = surface.parse(plaintext, opts.config.wecom.botName);
        if (parsed.kind === 'ignore') {
          log.info({ msgtype: parsed.msgtype, reason: parsed.reason }, 'wecom callback acked without event');
          opts.metrics.callback(surface.source, 'ignored');
        } else {
          const event: InboundEvent = { ...parsed.event, source: surface.source, receivedAt: opts.clock.now() };
          if (await recordInbound(opts.db, event)) {
            opts.metrics.callback(surface.source, 'accepted');
            setImmediate(() => deliver(opts.onEvent, log, event));
          } else {
            log.info({ msgId: event.msgId }, 'wecom callback repeated, already stored');
            opts.metrics.callback(surface.source, 'duplicate');
          }
        }
        ctx.status = 200;
        ctx.body = '';
      }),
    );
  }
  return router;
}

function deliver(onEvent: (event: InboundEvent) => void, log: Logger, event: InboundEvent): void {
  try {
    onEvent(event);
  } catch (err) {
    log.error({ err, msgId: event.msgId }, 'inbound event hand-off failed');
  }
}
