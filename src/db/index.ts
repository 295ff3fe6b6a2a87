import fs from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import type { Logger } from '../log.js';
import type { Clock } from '../clock.js';
import type { Rules } from '../domain/rules.js';
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
  /** How long done records are kept (the rules' retention; the default when not given). */
  retention?: Rules['retention'];
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
  await ensureIndexes(store.db, log, opts.retention);
  log.debug({ store: store.kind, db: opts.dbName }, 'store ready');
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
  if (!binary) await ensureMongodBinary(log);
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

/**
 * Finds the mongod binary, downloading it on the first start (~100 MB from fastdl.mongodb.org, or
 * MONGOMS_DOWNLOAD_MIRROR / MONGOMS_DOWNLOAD_URL) into the cache (MONGOMS_DOWNLOAD_DIR, else
 * node_modules/.cache/mongodb-memory-server). The log says where, and the download's progress.
 */
async function ensureMongodBinary(log: Logger): Promise<void> {
  const { DryMongoBinary, MongoBinary } = await import('mongodb-memory-server-core');
  let version = '?';
  try {
    const options = await DryMongoBinary.generateOptions();
    version = options.version;
    const found = await DryMongoBinary.locateBinary(options);
    if (found) {
      log.debug({ version, binary: found }, 'mongod binary cached');
      return;
    }
    const [, target] = await DryMongoBinary.generateDownloadPath(options);
    log.info(
      { version, cache: target },
      `首次启动：下载 mongod ${version}（约 100 MB，仅一次）到 ${target} / first start: downloading mongod ${version} (~100 MB, once) to ${target}; MONGOMS_DOWNLOAD_DIR sets the cache, MONGOMS_SYSTEM_BINARY uses a local mongod`,
    );
    const started = Date.now();
    await withDownloadProgress(log, () => MongoBinary.getPath(options));
    log.info({ version, ms: Date.now() - started }, `mongod ${version} 下载完成 / downloaded in ${Date.now() - started} ms`);
  } catch (err) {
    throw new StoreUnavailableError(
      `内嵌 MongoDB 下载失败 / could not get mongod ${version} for the embedded store (${oneLine(err)})\n${STORE_OPTIONS_HELP}`,
    );
  }
}

/**
 * mongodb-memory-server prints "Downloading MongoDB "v": p% (a mb / b mb)" with console.log every 2 s
 * when stdout is not a terminal (a terminal gets its own one-line counter): those go into the log as
 * JSON lines instead, the first, every 10 %, and the last.
 */
async function withDownloadProgress<T>(log: Logger, fn: () => Promise<T>): Promise<T> {
  const original = console.log;
  let logged = -1;
  console.log = (...args: unknown[]) => {
    const m = typeof args[0] === 'string' ? /^Downloading MongoDB "([^"]+)": ([\d.]+)% \(([\d.]+)mb \/ ([\d.]+)mb\)/.exec(args[0]) : null;
    if (!m) return original.apply(console, args);
    const percent = Number(m[2]);
    if (percent === logged || (logged >= 0 && percent < 100 && percent - logged < 10)) return;
    logged = percent;
    log.info({ version: m[1], percent, mb: Number(m[3]), totalMb: Number(m[4]) }, `下载 mongod / downloading mongod ${m[1]}: ${percent}% (${m[3]} / ${m[4]} MB)`);
  };
  try {
    return await fn();
  } finally {
    console.log = original;
  }
}

/** The download errors say "Details:" and put the cause on the next line. */
function oneLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n').map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 300);
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200);
}

export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}
