import { randomBytes } from 'node:crypto';
import { silentLogger } from '../../src/log.js';
import { openStore, type Store } from '../../src/db/index.js';
import type { Clock } from '../../src/clock.js';

let announced = false;

/**
 * A fresh, randomly named database on real MongoDB when one is reachable (MONGODB_URI=mongodb://…
 * or MONGOMS_SYSTEM_BINARY), else on the in-process memory:// store. Says once which one ran.
 * `clock` is what the in-process store's TTL indexes expire by; a real mongod's follow its wall
 * clock, so tests that read TTL-indexed records back keep their times within the TTL of now.
 */
export async function openTestStore(opts: { clock?: Clock } = {}): Promise<Store> {
  const uri = process.env.MONGODB_URI?.startsWith('mongodb') ? process.env.MONGODB_URI : undefined;
  const embedded = !uri && Boolean(process.env.MONGOMS_SYSTEM_BINARY);
  const dbName = `test_${randomBytes(6).toString('hex')}`;
  const store = await openStore(
    { uri: uri ?? (embedded ? undefined : 'memory://'), dbName, dataDir: `/tmp/xmdd-test-mongo-${process.pid}` },
    silentLogger,
  );
  if (opts.clock) store.useClock?.(opts.clock);
  if (!announced) {
    announced = true;
    const why = store.kind === 'memory' ? ' (no MONGODB_URI or MONGOMS_SYSTEM_BINARY)' : '';
    process.stderr.write(`[store] storage tests run on ${store.kind === 'memory' ? 'memory://' : `real MongoDB (${store.kind})`}${why}\n`);
  }
  return {
    ...store,
    close: async () => {
      if (store.kind !== 'memory') await store.db.dropDatabase();
      await store.close();
    },
  };
}
