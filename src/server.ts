import { randomUUID } from 'node:crypto';
import Koa, { type Middleware } from 'koa';
import { Router } from '@koa/router';
import type { Logger } from './log.js';

export interface Readiness {
  ready: boolean;
  checks: Record<string, boolean | string>;
}

export interface AppDeps {
  log: Logger;
  readiness(): Promise<Readiness>;
  routers?: Router[];
}

export interface AppState {
  requestId: string;
  log: Logger;
}

/** Tags every request with an id (ours, or the caller's X-Request-Id) and a child logger. */
function requestContext(log: Logger): Middleware<AppState> {
  return async function requestContext(ctx, next) {
    const given = ctx.get('x-request-id');
    ctx.state.requestId = /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
    ctx.state.log = log.child({ reqId: ctx.state.requestId });
    ctx.set('X-Request-Id', ctx.state.requestId);
    await next();
  };
}

/** One top-level catch: expected errors (ctx.throw) answer their status, bugs answer 500 and are logged. */
function errorBoundary(): Middleware<AppState> {
  return async function errorBoundary(ctx, next) {
    try {
      await next();
    } catch (err) {
      const e = err as { status?: number; expose?: boolean; message?: string };
      const status = typeof e.status === 'number' && e.status >= 400 && e.status < 600 ? e.status : 500;
      ctx.status = status;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = e.expose ? e.message : status >= 500 ? 'internal error' : 'bad request';
      if (!e.expose || status >= 500) ctx.state.log.error({ err, path: ctx.path }, 'request failed');
    }
  };
}

/** The Koa app without `listen`, so tests can drive `app.callback()` directly (as Koa's own tests do). */
export function createApp(deps: AppDeps): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: true });
  app.silent = true;
  const health = new Router();
  health.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  health.get('/readyz', async (ctx) => {
    const r = await deps.readiness();
    ctx.status = r.ready ? 200 : 503;
    ctx.body = { status: r.ready ? 'ready' : 'not ready', checks: r.checks };
  });
  app.use(requestContext(deps.log));
  app.use(errorBoundary());
  app.use(health.routes());
  for (const router of deps.routers ?? []) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
