import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import { BSON, type Db, type Document } from 'mongodb';
import { z } from 'zod';
import { ensureIndexes } from '../db/collections.js';
import type { Rules } from '../domain/rules.js';
import type { Logger } from '../log.js';

const FORMAT = 'xmdd-backup/1';
const BATCH = 500;

const headerSchema = z.object({ format: z.literal(FORMAT), at: z.string(), db: z.string() });
const lineSchema = z.object({ c: z.string().min(1), d: z.record(z.string(), z.unknown()) });

export interface BackupSummary {
  collections: Record<string, number>;
}

/**
 * Writes every collection as JSON lines (canonical Extended JSON, so ObjectId, Date and binary
 * survive). Portable between stores: a memory:// demo can be restored into a real MongoDB.
 */
export async function backup(db: Db, file: string, now: Date): Promise<BackupSummary> {
  const out = fs.createWriteStream(file, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(line + '\n')) await once(out, 'drain');
  };
  await write(JSON.stringify({ format: FORMAT, at: now.toISOString(), db: db.databaseName }));
  const names = (await db.listCollections().toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.')).sort();
  const counts: Record<string, number> = {};
  for (const name of names) {
    counts[name] = 0;
    for await (const doc of db.collection(name).find({}).sort({ _id: 1 })) {
      await write(`{"c":${JSON.stringify(name)},"d":${BSON.EJSON.stringify(doc, { relaxed: false })}}`);
      counts[name]++;
    }
  }
  out.end();
  await once(out, 'finish');
  return { collections: counts };
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** Restores a backup into a database that must be empty (so a restore never mixes two states). */
export async function restore(db: Db, file: string, log: Logger, retention?: Rules['retention']): Promise<BackupSummary> {
  const existing = (await db.listCollections().toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.'));
  for (const name of existing) {
    if ((await db.collection(name).estimatedDocumentCount()) > 0) {
      throw new RestoreError(`目标数据库不为空（${name} 有数据），请恢复到新的数据库 / target database is not empty (${name})`);
    }
  }
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const counts: Record<string, number> = {};
  const batches = new Map<string, Document[]>();
  const flush = async (name: string) => {
    const docs = batches.get(name);
    if (docs && docs.length > 0) await db.collection(name).insertMany(docs);
    batches.set(name, []);
  };
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (raw.trim() === '') continue;
    if (n === 1) {
      if (!headerSchema.safeParse(JSON.parse(raw)).success) throw new RestoreError(`不是本系统的备份文件 / not a ${FORMAT} file`);
      continue;
    }
    const parsed = lineSchema.safeParse(BSON.EJSON.parse(raw, { relaxed: false }));
    if (!parsed.success) throw new RestoreError(`第 ${n} 行格式错误 / line ${n} is malformed`);
    const { c, d } = parsed.data;
    const batch = batches.get(c) ?? [];
    batch.push(d);
    batches.set(c, batch);
    counts[c] = (counts[c] ?? 0) + 1;
    if (batch.length >= BATCH) await flush(c);
  }
  if (n === 0) throw new RestoreError('备份文件为空 / empty backup file');
  for (const name of batches.keys()) await flush(name);
  await ensureIndexes(db, log, retention);
  return { collections: counts };
}
