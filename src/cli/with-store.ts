import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { openStore, type Store } from '../db/index.js';

export interface CliEnv {
  config: Config;
  log: Logger;
  store: Store;
}

/** Opens the configured store for one CLI command and always closes it. Logs go to stderr. */
export async function withStore<T>(fn: (env: CliEnv) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const store = await openStore(config.mongo, log);
  try {
    return await fn({ config, log, store });
  } finally {
    await store.close();
  }
}
