import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import type { Store } from '../src/db/index.js';
import { backup, restore, RestoreError } from '../src/ops/backup.js';
import { openTestStore } from './support/store.js';
import { silentLogger } from '../src/log.js';

let source: Store;
let target: Store;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xmdd-backup-'));
beforeAll(async () => {
  source = await openTestStore();
  target = await openTestStore();
});
afterAll(async () => {
  await source.close();
  await target.close();
});

describe('backup and restore', () => {
  it('round-trips every collection with ObjectIds, dates, binaries and Chinese text', async () => {
    const id = new ObjectId();
    await source.db.collection('projects').insertOne({ _id: id, name: '农产品冷链物流中心', at: new Date('2026-12-02T01:10:00Z'), aliases: ['冷链项目'] });
    await source.db.collection('outbox').insertMany([{ key: 'a', blob: Buffer.from([0, 1, 2]) }, { key: 'b', n: 1.5 }]);
    const file = path.join(dir, 'b.jsonl');
    const summary = await backup(source.db, file, new Date('2026-12-03T00:00:00Z'));
    expect(summary.collections).toMatchObject({ projects: 1, outbox: 2 });

    const restored = await restore(target.db, file, silentLogger);
    expect(restored.collections).toEqual({ projects: 1, outbox: 2 });
    const project = await target.db.collection('projects').findOne({ _id: id });
    expect(project).toEqual({ _id: id, name: '农产品冷链物流中心', at: new Date('2026-12-02T01:10:00Z'), aliases: ['冷链项目'] });
    const blob = await target.db.collection('outbox').findOne({ key: 'a' });
    expect(Buffer.from(blob!.blob.buffer)).toEqual(Buffer.from([0, 1, 2]));
    const idx = (await target.db.collection('outbox').indexes()).map((i) => i.name);
    expect(idx).toContain('key_unique');
  });

  it('refuses to restore over data, and refuses files that are not backups', async () => {
    const file = path.join(dir, 'b.jsonl');
    await expect(restore(target.db, file, silentLogger)).rejects.toBeInstanceOf(RestoreError);
    const bogus = path.join(dir, 'bogus.jsonl');
    fs.writeFileSync(bogus, '{"hello": 1}\n');
    const empty = await openTestStore();
    await expect(restore(empty.db, bogus, silentLogger)).rejects.toThrow(/不是本系统的备份文件/);
    await empty.close();
  });
});
