import fs from 'node:fs';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { StoreUnavailableError } from './db/index.js';
import { startApp } from './app.js';
import { gracefulStop, onSignals, trackRequests } from './shutdown.js';

/**
 * `npm start` (node dist/src/main.js): configuration errors and a missing store end the start with
 * one clear message, never a stack. Start and stop each log one line saying what was done and how long
 * it took; SIGTERM or SIGINT stops gracefully (src/shutdown.ts), a second one exits at once.
 */
async function main(): Promise<void> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  if (config.missingWecom.length > 0) {
    log.warn(
      { missing: config.missingWecom },
      `企业微信参数未配置，回调将被拒绝直到配置完成 / WeCom credentials missing, callbacks refused until set: ${config.missingWecom.join(', ')}`,
    );
  }
  // A signal during start-up (mongod download, index build) ends the process at once: nothing to drain yet.
  const early = (signal: NodeJS.Signals) => {
    log.warn({ signal }, `启动中收到 ${signal}，退出 / ${signal} while starting, exiting`);
    process.exit(1);
  };
  process.once('SIGTERM', early);
  process.once('SIGINT', early);
  let app;
  try {
    app = await startApp({ config, log });
  } catch (err) {
    if (err instanceof StoreUnavailableError) {
      process.stderr.write(err.message + '\n');
      process.exit(1);
    }
    throw err;
  }
  process.off('SIGTERM', early);
  process.off('SIGINT', early);
  const requests = trackRequests(app.server);
  const longconn = config.wecom.mode === 'longconn' && config.wecom.longconn !== undefined;
  // Since the process began (module loading included), not since main() was entered.
  const ms = Math.round(performance.now());
  log.info(
    { ms, store: app.store.kind, url: app.url, scheduler: 'on', wecom: longconn ? 'longconn' : 'callback' },
    `启动完成 / started in ${ms} ms: store ${app.store.kind}, http ${app.url}, scheduler on, wecom ${longconn ? 'longconn' : 'callback'}`,
  );

  const running = app;
  onSignals({
    log,
    stop: async (signal) => {
      const begun = Date.now();
      try {
        const { summary, clean } = await gracefulStop({ app: running, log, requests, finalDrain: !longconn });
        const took = Date.now() - begun;
        log.info({ signal, ms: took, clean }, `已停止 / stopped in ${took} ms (${signal}): ${summary}`);
        process.exit(0);
      } catch (err) {
        log.error({ err, signal }, '停止失败 / stop failed');
        process.exit(1);
      }
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败 / start failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
