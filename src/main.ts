import fs from 'node:fs';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { StoreUnavailableError } from './db/index.js';
import { startApp } from './app.js';

/** `npm start`: configuration errors and a missing store end the start with one clear message, never a stack. */
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
  const started = Date.now();
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
  log.info({ ms: Date.now() - started }, 'started');

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 45 s, exiting');
      process.exit(1);
    }, 45_000);
    force.unref();
    app.stop().then(
      () => {
        log.info('bye');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`启动失败 / start failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
