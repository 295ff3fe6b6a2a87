import fs from 'node:fs';
import { loadConfig, type Config } from '../config.js';
import { loadRules, type Rules } from '../domain/rules.js';
import { createLogger, type Logger } from '../log.js';
import { openStore, type Store } from '../db/index.js';

export interface CliEnv {
  config: Config;
  /** The county's rules (RULES_FILE, or the defaults); their retention also sets the store's TTL indexes. */
  rules(): Rules;
  log: Logger;
  store: Store;
}

/** Opens the configured store for one CLI command and always closes it. Logs go to stderr. */
export async function withStore<T>(fn: (env: CliEnv) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const rules = loadRules(config.rulesFile, (f) => fs.readFileSync(f, 'utf8'));
  const store = await openStore({ ...config.mongo, retention: rules.retention }, log);
  try {
    return await fn({ config, log, store, rules: () => rules });
  } finally {
    await store.close();
  }
}
