import type http from 'node:http';
import type { RunningApp } from './app.js';
import type { Logger } from './log.js';

/** How long the stop may wait for in-flight requests, running jobs, the dispatcher and the outbox, together. */
export const DRAIN_MS = 10_000;
/** Each step after the budget is spent still gets this long (a job or the outbox finishing a send). */
const STEP_GRACE_MS = 2_000;
/** After this the process exits 1 whatever is still running (systemd's TimeoutStopSec and pm2's kill_timeout, 30 s, exceed it). */
export const HARD_LIMIT_MS = 25_000;

/** Counts HTTP requests in flight, those that finished once the stop began, and open connections. */
export function trackRequests(server: http.Server) {
  let active = 0;
  let finishedDuringStop = 0;
  let stopping = false;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (socket: import('node:net').Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    active++;
    // A request that is answered while stopping closes its connection instead of keeping it alive.
    if (stopping) res.shouldKeepAlive = false;
    res.once('close', () => {
      active--;
      if (!stopping) return;
      finishedDuringStop++;
      // Its keep-alive connection is idle now: close it, so server.close() does not wait for the idle timeout.
      setImmediate(() => server.closeIdleConnections());
    });
  });
  return {
    active: () => active,
    connections: () => sockets.size,
    openSockets: () => [...sockets],
    finishedDuringStop: () => finishedDuringStop,
    markStopping() {
      stopping = true;
    },
  };
}

type Outcome<T> = { done: true; value: T } | { done: false };

/** Waits for `promise` until `deadline` (epoch ms); a rejection counts as done with the error logged by the caller. */
async function until<T>(promise: Promise<T>, waitMs: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), waitMs);
  });
  try {
    return await Promise.race([promise.then((value): Outcome<T> => ({ done: true, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface StopOptions {
  app: RunningApp;
  log: Logger;
  requests: ReturnType<typeof trackRequests>;
  /** Send what the outbox holds before closing (off in long-connection mode: only the connection holder sends). */
  finalDrain: boolean;
  drainMs?: number;
}

/**
 * The graceful stop, in the order that loses nothing: stop accepting and let in-flight callbacks
 * finish; stop Agenda (it waits for a running job); let the dispatcher finish the accepted events;
 * send what they and the jobs left in the outbox; then `app.stop()` closes the long connection and
 * the store (its own steps are done by then and return at once). Everything before the store shares
 * one `drainMs` budget; what is left over is durable (pending inbound events are handled again and
 * pending outbox entries sent at the next start). Returns the one summary line's text.
 */
export async function gracefulStop(opts: StopOptions): Promise<{ summary: string; clean: boolean }> {
  const { app, log, requests } = opts;
  const drainMs = opts.drainMs ?? DRAIN_MS;
  const deadline = Date.now() + drainMs;
  const done: string[] = [];
  let clean = true;
  const step = async <T>(name: string, promise: Promise<T>, grace = STEP_GRACE_MS): Promise<Outcome<T>> => {
    try {
      const outcome = await until(promise, Math.max(deadline - Date.now(), grace));
      if (!outcome.done) clean = false;
      return outcome;
    } catch (err) {
      clean = false;
      log.error({ err, step: name }, `停止时出错 / stop step failed: ${name}`);
      return { done: true, value: undefined as T };
    }
  };

  // 1. HTTP: no new connections; idle keep-alive ones close now, busy ones after their response.
  requests.markStopping();
  const closed = new Promise<void>((resolve) => app.server.close(() => resolve()));
  app.server.closeIdleConnections();
  if ((await step('http', closed, 0)).done) {
    done.push(`http closed, ${requests.finishedDuringStop()} callbacks finished`);
  } else {
    const cut = requests.connections();
    app.server.closeAllConnections();
    // closeAllConnections ends only connections that have sent a request; destroy the rest too.
    for (const socket of requests.openSockets()) socket.destroy();
    await closed;
    done.push(`http closed, ${requests.finishedDuringStop()} callbacks finished, ${cut} connections cut after ${drainMs} ms`);
  }

  // 2. Agenda: takes no new job and waits for the running one.
  done.push((await step('scheduler', app.scheduler.stop())).done ? 'scheduler stopped' : 'scheduler: a job still running (its lock expires)');

  // 3. Dispatcher: events already accepted run to the end; unfinished ones stay pending for the next start.
  done.push((await step('dispatcher', app.runtime.dispatcher.idle())).done ? 'dispatcher idle' : 'dispatcher: events left pending');

  // 4. Outbox: the loop stops, then one last send of what is due.
  const outbox = app.runtime.outbox;
  if (!(await step('outbox', outbox.stop())).done) {
    done.push('outbox: still sending at the deadline');
  } else if (!opts.finalDrain) {
    done.push('outbox stopped');
  } else {
    const sent = await step('outbox', outbox.drainDue());
    const left = await outbox.pending().catch(() => -1);
    const rest = left > 0 ? `, ${left} left pending` : '';
    done.push(sent.done ? `outbox drained ${sent.value ?? 0}${rest}` : `outbox: still sending at the deadline${rest}`);
  }

  // 5. The long connection and the store (app.stop's other steps are no-ops by now).
  try {
    await app.stop();
    done.push('store closed');
  } catch (err) {
    clean = false;
    log.error({ err }, '关闭存储失败 / closing the store failed');
    done.push('store close failed');
  }
  return { summary: done.join(', '), clean };
}

export interface SignalOptions {
  log: Logger;
  stop(signal: NodeJS.Signals): Promise<void>;
  /** Under npm a signal sent to the process group arrives twice (the kernel's and npm's forward): ignore the echo. */
  echoWindowMs?: number;
}

const SIGNAL_NUMBERS: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };

/**
 * SIGTERM or SIGINT starts the stop; a second signal exits at once with 128 + its number. When npm
 * runs us, the same signal again within `echoWindowMs` of the first is npm forwarding the signal the
 * whole group got (Ctrl-C in a terminal, `kill -- -PGID`), not a second request.
 */
export function onSignals(opts: SignalOptions): void {
  const echoWindowMs = opts.echoWindowMs ?? (process.env.npm_lifecycle_event ? 1_000 : 0);
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const handle = (signal: NodeJS.Signals) => {
    if (!first) {
      first = { signal, at: Date.now() };
      const hard = setTimeout(() => {
        opts.log.error(`停止超过 ${HARD_LIMIT_MS} ms，强制退出 / stop took longer than ${HARD_LIMIT_MS} ms, exiting`);
        process.exit(1);
      }, HARD_LIMIT_MS);
      hard.unref();
      void opts.stop(signal);
      return;
    }
    if (signal === first.signal && Date.now() - first.at < echoWindowMs) {
      opts.log.debug({ signal }, 'signal echoed by npm, ignored');
      return;
    }
    opts.log.warn({ signal }, `再次收到 ${signal}，立即退出 / second ${signal}, exiting now without finishing the stop`);
    process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
