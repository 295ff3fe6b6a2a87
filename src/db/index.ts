import fs from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../log.js';
import type { Clock } from '../clock.js';
import { ensureIndexes } from './collections.js';
import { MemoryServer } from './memory/index.js';

export type StoreKind = 'mongodb' | 'embedded' | 'memory';

export interface Store {
  db: Db;
  kind: StoreKind;
  /** A URI a second process could use to reach the same data (undefined for memory://). */
  uri: string | undefined;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * memory:// only: the next `count` storage operations fail as a network error would (outage tests);
   * with `after`, each is applied first, as when a write lands and its reply is lost.
   */
  failNext?(count: number, options?: { after?: boolean }): void;
  /** memory:// only: the clock its TTL indexes expire by (a mongod's TTL monitor reads the server's own). */
  useClock?(clock: Clock): void;
}

export interface StoreOptions {
  uri: string | undefined;
  dbName: string;
  dataDir: string;
}

export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

export const STORE_OPTIONS_HELP = [
  '无法获得 MongoDB / no MongoDB available. 三种选择 / three options:',
  '  1) MONGODB_URI=mongodb://host:27017/xmdd   使用已有的 MongoDB / use an existing MongoDB',
  '  2) MONGOMS_SYSTEM_BINARY=/path/to/mongod    用本机 mongod 运行内嵌库 (数据在 ./data/mongo) / embedded mongod from a local binary',
  '  3) MONGODB_URI=memory://                    进程内存储, 重启即丢失, 仅供演示与测试 / in-process store, data lost on exit (demo, tests)',
].join('\n');

/** Opens the configured store and applies the indexes. Never falls back from one kind to another. */
export async function openStore(opts: StoreOptions, log: Logger): Promise<Store> {
  const store = opts.uri?.startsWith('memory://')
    ? openMemory(opts)
    : opts.uri
      ? await openMongo(opts.uri, opts.dbName)
      : await openEmbedded(opts, log);
  await ensureIndexes(store.db, log);
  log.info({ store: store.kind, db: opts.dbName }, 'store ready');
  return store;
}

function openMemory(opts: StoreOptions): Store {
  const server = new MemoryServer();
  const db = server.db(opts.dbName);
  return {
    db,
    kind: 'memory',
    uri: undefined,
    ping: () => db.command({ ping: 1 }).then(() => true, () => false),
    close: async () => server.close(),
    failNext: (count, options) => server.failNext(count, options),
    useClock: (clock) => server.useClock(clock),
  };
}

async function openMongo(uri: string, dbName: string, kind: StoreKind = 'mongodb'): Promise<Store> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, appName: 'xmdd-bot' });
  try {
    await client.connect();
    await client.db(dbName).command({ ping: 1 });
  } catch (err) {
    await client.close().catch(() => undefined);
    throw new StoreUnavailableError(
      `无法连接 MongoDB / cannot reach MongoDB at ${redactUri(uri)}: ${(err as Error).message}\n${STORE_OPTIONS_HELP}`,
    );
  }
  const db = client.db(dbName);
  return {
    db,
    kind,
    uri,
    ping: async () => {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

/** Real mongod through mongodb-memory-server-core, data kept in `dataDir` across restarts. */
async function openEmbedded(opts: StoreOptions, log: Logger): Promise<Store> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const binary = process.env.MONGOMS_SYSTEM_BINARY;
  if (binary && !fs.existsSync(binary)) {
    throw new StoreUnavailableError(`MONGOMS_SYSTEM_BINARY=${binary} 不存在 / does not exist\n${STORE_OPTIONS_HELP}`);
  }
  const dbPath = path.resolve(opts.dataDir);
  fs.mkdirSync(dbPath, { recursive: true });
  let server: InstanceType<typeof MongoMemoryServer>;
  try {
    server = await MongoMemoryServer.create({
      instance: { dbPath, storageEngine: 'wiredTiger', dbName: opts.dbName },
    });
  } catch (err) {
    throw new StoreUnavailableError(
      `内嵌 MongoDB 启动失败 / embedded mongod could not start (${firstLine(err)})\n${STORE_OPTIONS_HELP}`,
    );
  }
  log.info({ dbPath }, 'embedded mongod started');
  const store = await openMongo(server.getUri(), opts.dbName, 'embedded');
  return {
    ...store,
    close: async () => {
      await store.close();
      await server.stop({ doCleanup: false });
    },
  };
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200);
}

export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
