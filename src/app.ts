import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { systemClock, type Clock } from './clock.js';
import { openStore, type Store } from './db/index.js';
import { createApp } from './server.js';
import { createScheduler, type Scheduler } from './scheduler.js';

export interface RunningApp {
  store: Store;
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
  /** Run Agenda's polling loop (production); simulate drives jobs through its own clock instead. */
  schedule?: boolean;
}

/** Wires store, scheduler and HTTP server; the single entry for main.ts, e2e tests and simulate. */
export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const { config, log } = opts;
  const clock = opts.clock ?? systemClock;
  const store = opts.store ?? (await openStore(config.mongo, log));
  const scheduler = createScheduler({ db: store.db, log, clock, ctx: {}, jobs: [], timezone: config.timezone });
  if (opts.schedule ?? true) await scheduler.start();

  const app = createApp({
    log,
    readiness: async () => {
      const mongo = await store.ping();
      const agenda = scheduler.running() || !(opts.schedule ?? true);
      return { ready: mongo && agenda, checks: { mongo, agenda } };
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
  log.info({ url, store: store.kind }, 'server listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await scheduler.stop();
      if (!opts.store) await store.close();
    })());
  return { store, scheduler, server, url, stop };
}
