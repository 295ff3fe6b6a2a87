import { silentLogger } from '../src/log.js';
import { openStore, type Store } from '../src/db/index.js';

/** The store a bench runs on: MONGODB_URI when it names a real MongoDB, else the in-process store. Says which. */
export async function benchStore(name: string): Promise<Store> {
  const uri = process.env.MONGODB_URI?.startsWith('mongodb') ? process.env.MONGODB_URI : 'memory://';
  const store = await openStore({ uri, dbName: `bench_${name}_${process.pid}`, dataDir: '/tmp/xmdd-bench' }, silentLogger);
  console.log(`store: ${store.kind === 'memory' ? 'memory:// (in-process)' : 'real MongoDB'}`);
  return store;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MiB`;
