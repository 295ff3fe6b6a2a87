import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary, Double, Int32, Long, MongoBulkWriteError, MongoInvalidArgumentError, MongoServerError, ObjectId, type Db, type Document } from 'mongodb';
import { ensureIndexes, indexes } from '../src/db/collections.js';
import { createLogger, silentLogger } from '../src/log.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';

/** One suite for every store: what holds on real MongoDB must hold on memory://. */
let store: Store;
let db: Db;
beforeAll(async () => {
  store = await openTestStore();
  db = store.db;
});
afterAll(() => store.close());

const serverCode = (p: Promise<unknown>, code: number) =>
  expect(p).rejects.toSatisfy((e: unknown) => e instanceof MongoServerError && e.code === code);
const dupKey = (p: Promise<unknown>) => serverCode(p, 11000);
const MiB = 1024 * 1024;
/** Documents with string ids and any fields, for cases that write what the types would refuse. */
type Named = Document & { _id: string };

describe(`store contract`, () => {
  it('filters: comparison, $in/$nin, $exists, $or, $regex, dotted paths, arrays, ObjectId and Date', async () => {
    const c = db.collection('filters');
    const id = new ObjectId();
    await c.insertMany([
      { _id: id, n: 1, tags: ['a', 'b'], sub: { k: 'x' }, at: new Date('2026-03-01T00:00:00Z') },
      { n: 5, tags: ['c'], sub: { k: 'y' }, at: new Date('2026-05-01T00:00:00Z') },
      { n: 9, name: '城南污水厂' },
    ]);
    const count = (f: Record<string, unknown>) => c.countDocuments(f);
    expect(await count({ n: { $gt: 1, $lte: 9 } })).toBe(2);
    expect(await count({ n: { $ne: 5 } })).toBe(2);
    expect(await count({ n: { $in: [1, 9] } })).toBe(2);
    expect(await count({ n: { $nin: [1, 9] } })).toBe(1);
    expect(await count({ name: { $exists: true } })).toBe(1);
    expect(await count({ $or: [{ n: 1 }, { 'sub.k': 'y' }] })).toBe(2);
    expect(await count({ name: { $regex: '污水' } })).toBe(1);
    expect(await count({ tags: 'b' })).toBe(1);
    expect(await count({ _id: new ObjectId(id.toHexString()) })).toBe(1);
    expect(await count({ _id: { $in: [new ObjectId(id.toHexString())] } })).toBe(1);
    expect(await count({ at: { $lt: new Date('2026-04-01T00:00:00Z') } })).toBe(1);
    expect(await count({ missing: null })).toBe(3);
  });

  it('updates: $set, $inc, $push, $unset, $addToSet, $pull, and upsert with $setOnInsert', async () => {
    const c = db.collection<{ _id: string; n?: number; list?: string[]; gone?: boolean; created?: string; nested?: { a: number } }>('updates');
    await c.insertOne({ _id: 'p1', n: 1, list: ['x'], gone: true });
    const r = await c.updateOne({ _id: 'p1' }, {
      $set: { 'nested.a': 2 }, $inc: { n: 2 }, $push: { list: 'y' }, $unset: { gone: '' },
    });
    expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    await c.updateOne({ _id: 'p1' }, { $addToSet: { list: 'y' } });
    await c.updateOne({ _id: 'p1' }, { $pull: { list: 'x' } });
    expect(await c.findOne({ _id: 'p1' })).toEqual({ _id: 'p1', n: 3, list: ['y'], nested: { a: 2 } });

    const up = await c.updateOne({ _id: 'p2' }, { $set: { n: 1 }, $setOnInsert: { created: 'now' } }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    await c.updateOne({ _id: 'p2' }, { $set: { n: 2 }, $setOnInsert: { created: 'later' } }, { upsert: true });
    expect(await c.findOne({ _id: 'p2' })).toEqual({ _id: 'p2', n: 2, created: 'now' });
    const none = await c.updateMany({ n: 99 }, { $set: { n: 100 } });
    expect(none).toMatchObject({ matchedCount: 0, modifiedCount: 0 });
  });

  it('sort, skip, limit and projection', async () => {
    const c = db.collection('sorting');
    await c.insertMany([3, 1, 4, 1, 5, 9, 2, 6].map((n, i) => ({ n, i })));
    const page = await c.find({}, { projection: { _id: 0, n: 1 } }).sort({ n: -1, i: 1 }).skip(1).limit(3).toArray();
    expect(page).toEqual([{ n: 6 }, { n: 5 }, { n: 4 }]);
    const firstOne = await c.findOne({ n: 1 }, { sort: { i: -1 } });
    expect(firstOne?.i).toBe(3);
  });

  it('findOneAndUpdate returns before or after, upserts, and null when nothing matches', async () => {
    const c = db.collection<{ _id: string; seq: number }>('counters_t');
    const first = await c.findOneAndUpdate({ _id: 'problem' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    expect(first).toEqual({ _id: 'problem', seq: 1 });
    const before = await c.findOneAndUpdate({ _id: 'problem' }, { $inc: { seq: 1 } }, { returnDocument: 'before' });
    expect(before).toEqual({ _id: 'problem', seq: 1 });
    expect(await c.findOne({ _id: 'problem' })).toEqual({ _id: 'problem', seq: 2 });
    expect(await c.findOneAndUpdate({ _id: 'nothing' }, { $inc: { seq: 1 } })).toBeNull();
  });

  it('unique indexes raise 11000 on insert, update, upsert, compound and partial keys', async () => {
    const c = db.collection('uniq');
    await c.createIndex({ name: 1 }, { unique: true });
    await c.createIndex({ a: 1, b: 1 }, { unique: true, name: 'a_b' });
    await c.createIndex({ chat: 1 }, { unique: true, name: 'chat', partialFilterExpression: { chat: { $type: 'string' } } });
    await c.insertOne({ name: 'x', a: 1, b: 1 });
    await c.insertOne({ name: 'y', a: 1, b: 2 });
    await dupKey(c.insertOne({ name: 'x', a: 9, b: 9 }));
    await dupKey(c.insertOne({ name: 'z', a: 1, b: 2 }));
    await dupKey(c.updateOne({ name: 'y' }, { $set: { name: 'x' } }));
    await dupKey(c.updateOne({ name: 'new' }, { $set: { a: 1, b: 1 } }, { upsert: true }));
    await c.insertOne({ name: 'p', a: 2, b: 1 });
    await c.insertOne({ name: 'q', a: 2, b: 2 });
    await c.updateOne({ name: 'p' }, { $set: { chat: 'wr1' } });
    await dupKey(c.updateOne({ name: 'q' }, { $set: { chat: 'wr1' } }));
    expect(await c.countDocuments({})).toBe(4);
    expect(await c.findOne({ name: 'y' })).toMatchObject({ a: 1, b: 2 });
    const ids = db.collection<{ _id: string; v: number }>('ids');
    await ids.insertOne({ _id: '2026-10', v: 1 });
    await dupKey(ids.insertOne({ _id: '2026-10', v: 2 }));
    expect(await ids.findOne({ _id: '2026-10' })).toEqual({ _id: '2026-10', v: 1 });
  });

  it('aggregates with $match, $group and $sort', async () => {
    const c = db.collection('agg');
    await c.insertMany([{ t: '城关镇', v: 10 }, { t: '城东镇', v: 5 }, { t: '城关镇', v: 7 }]);
    const rows = await c.aggregate([{ $match: { v: { $gt: 1 } } }, { $group: { _id: '$t', sum: { $sum: '$v' } } }, { $sort: { sum: -1 } }]).toArray();
    expect(rows).toEqual([{ _id: '城关镇', sum: 17 }, { _id: '城东镇', sum: 5 }]);
  });

  it('returns copies: changing a returned document does not change the store', async () => {
    const c = db.collection<{ _id: string; list: number[] }>('alias');
    const doc = { _id: 'a', list: [1] };
    await c.insertOne(doc);
    doc.list.push(2);
    const read = await c.findOne({ _id: 'a' });
    read!.list.push(3);
    expect(await c.findOne({ _id: 'a' })).toEqual({ _id: 'a', list: [1] });
  });

  it('applies the declared indexes idempotently', async () => {
    await ensureIndexes(db, silentLogger);
    await ensureIndexes(db, silentLogger);
    const names = (await db.collection('outbox').indexes()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['_id_', 'key_unique', 'due']));
    await db.collection('outbox').insertOne({ key: 'k1' });
    await dupKey(db.collection('outbox').insertOne({ key: 'k1' }));
  });

  it('keeps done records as long as the rules\' retention: a changed retention is a new TTL index, the old one dropped', async () => {
    const lines: { dropped?: string[] }[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    await ensureIndexes(db, log, { days: 7 });
    const ttl = async (collection: string) =>
      (await db.collection(collection).indexes()).filter((i) => i.expireAfterSeconds !== undefined).map((i) => [i.name, i.key, i.expireAfterSeconds]);
    expect(await ttl('outbox')).toEqual([['sent_ttl_7d', { sentAt: 1 }, 7 * 86_400]]);
    expect(await ttl('inbound')).toEqual([['done_ttl_7d', { doneAt: 1 }, 7 * 86_400]]);
    await ensureIndexes(db, log, { days: 30 });
    expect(await ttl('outbox')).toEqual([['sent_ttl_30d', { sentAt: 1 }, 30 * 86_400]]);
    expect(await ttl('inbound')).toEqual([['done_ttl_30d', { doneAt: 1 }, 30 * 86_400]]);
    expect(lines.at(-1)!.dropped).toEqual(['inbound.done_ttl_7d', 'outbox.sent_ttl_7d']);
    await ensureIndexes(db, silentLogger);
  });

  it('createIndex: the same spec again is a no-op; a taken name with another key or unique is 86, with other options 85; the same key under another name 85', async () => {
    const c = db.collection('index_conflicts');
    expect(await c.createIndex({ a: 1 }, { name: 'a' })).toBe('a');
    expect(await c.createIndex({ a: 1 }, { name: 'a' })).toBe('a');
    await serverCode(c.createIndex({ b: 1 }, { name: 'a' }), 86);
    await serverCode(c.createIndex({ a: 1 }, { name: 'a', unique: true }), 86);
    await serverCode(c.createIndex({ a: 1 }, { name: 'a', expireAfterSeconds: 60 }), 85);
    await serverCode(c.createIndex({ a: 1 }, { name: 'a_again' }), 85);
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_', 'a']);
  });

  it('refuses updates as mongod does (40 two operators on one path, 14 $inc on a non-number, 2 $push on a non-array, 9 an unknown modifier) and as the driver does (operators required, or forbidden)', async () => {
    const c = db.collection<Named>('strict_updates');
    const doc = { _id: 'u', n: 'text', list: 'x', a: { b: 1 } };
    await c.insertOne(doc);
    await serverCode(c.updateOne({ _id: 'u' }, { $set: { created: 1 }, $setOnInsert: { created: 2 } }, { upsert: true }), 40);
    await serverCode(c.updateOne({ _id: 'none' }, { $set: { created: 1 }, $setOnInsert: { created: 2 } }, { upsert: true }), 40);
    await serverCode(c.updateOne({ _id: 'u' }, { $set: { a: {} }, $unset: { 'a.b': '' } }), 40);
    await serverCode(c.updateOne({ _id: 'u' }, { $inc: { n: 1 } }), 14);
    await serverCode(c.updateOne({ _id: 'u' }, { $push: { list: 'y' } } as never), 2); // the driver's types refuse it too
    await serverCode(c.updateOne({ _id: 'u' }, { $set: { n: 1 }, list: [] }), 9);
    const needsOperators = /Update document requires atomic operators/;
    await expect(c.updateOne({ _id: 'u' }, { n: 1 })).rejects.toThrow(MongoInvalidArgumentError);
    await expect(c.updateOne({ _id: 'u' }, { n: 1 })).rejects.toThrow(needsOperators);
    await expect(c.updateMany({}, { n: 1 })).rejects.toThrow(needsOperators);
    await expect(c.findOneAndUpdate({ _id: 'u' }, { n: 1 })).rejects.toThrow(needsOperators);
    await expect(c.replaceOne({ _id: 'u' }, { $set: { n: 1 } })).rejects.toThrow(/Replacement document must not contain atomic operators/);
    expect(await c.findOne({ _id: 'u' })).toEqual(doc);
    expect(await c.countDocuments({})).toBe(1);
  });

  it('keeps what BSON carries: undefined as null, Int32, Double and safe Longs as numbers, a bigger Long as Long, Dates, ObjectIds, bytes as Binary, no functions', async () => {
    const c = db.collection<Named>('bson');
    const at = new Date('2026-10-27T02:00:00Z');
    const ref = new ObjectId();
    await c.insertOne({
      _id: 'b', gone: undefined, list: [undefined, 1], i: new Int32(3), d: new Double(2.5), whole: new Double(2),
      l: Long.fromNumber(7), big: Long.fromString('9007199254740993'), at, ref, bytes: Buffer.from('hi'), fn: () => 1,
    });
    const read = await c.findOne({ _id: 'b' });
    expect(read).toEqual({
      _id: 'b', gone: null, list: [null, 1], i: 3, d: 2.5, whole: 2, l: 7, big: Long.fromString('9007199254740993'), at, ref, bytes: new Binary(Buffer.from('hi')),
    });
    expect(read!.at).toBeInstanceOf(Date);
    expect(read!.ref).toBeInstanceOf(ObjectId);
    expect(await c.countDocuments({ gone: null })).toBe(1);
    await c.updateOne({ _id: 'b' }, { $set: { later: undefined, n: new Int32(4) } });
    expect(await c.findOne({ _id: 'b' }, { projection: { _id: 0, later: 1, n: 1 } })).toEqual({ later: null, n: 4 });
    const inserted = { n: 1 };
    const { insertedId } = await db.collection('bson').insertOne(inserted);
    expect(insertedId).toBeInstanceOf(ObjectId);
    expect(inserted).toEqual({ n: 1, _id: insertedId });
  });

  it('refuses documents over 16 MiB: mongod a command too big (10334) or an update that grows one (17419), the driver a bulk write with one', async () => {
    const c = db.collection<Named>('big');
    await serverCode(c.insertOne({ _id: 'big', s: 'x'.repeat(16.5 * MiB) }), 10334);
    await expect(c.insertMany([{ _id: 'big', s: 'x'.repeat(16.5 * MiB) }])).rejects.toThrow(MongoInvalidArgumentError);
    await c.insertOne({ _id: 'grow', s: 'x'.repeat(9 * MiB) });
    await serverCode(c.updateOne({ _id: 'grow' }, { $set: { t: 'y'.repeat(9 * MiB) } }), 17419);
    expect(await c.countDocuments({})).toBe(1);
    expect(await c.findOne({ _id: 'grow' }, { projection: { t: 1 } })).toEqual({ _id: 'grow' });
  });

  it('insertMany with duplicate keys fails with a MongoBulkWriteError (11000): ordered stops at the first, unordered goes on', async () => {
    const c = db.collection<{ _id: number }>('bulk_dups');
    const ordered = await c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }]).then(() => undefined, (e: unknown) => e);
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    const first = ordered as MongoBulkWriteError;
    expect(first.code).toBe(11000);
    expect(first.insertedCount).toBe(2);
    expect(first.insertedIds).toEqual({ 0: 1, 1: 2 });
    expect([first.writeErrors].flat().map((e) => [e.index, e.code])).toEqual([[2, 11000]]);
    expect(first.message).toMatch(/E11000 duplicate key error/);
    const unordered = (await c.insertMany([{ _id: 4 }, { _id: 1 }, { _id: 5 }, { _id: 2 }], { ordered: false }).then(() => undefined, (e: unknown) => e)) as MongoBulkWriteError;
    expect(unordered).toBeInstanceOf(MongoBulkWriteError);
    expect(unordered.insertedCount).toBe(2);
    expect(unordered.insertedIds).toEqual({ 0: 4, 2: 5 });
    expect([unordered.writeErrors].flat().map((e) => [e.index, e.code])).toEqual([[1, 11000], [3, 11000]]);
    expect((await c.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 2, 4, 5]);
  });

  it('a collection exists from its first write or index until dropped: before, listIndexes is NamespaceNotFound (26)', async () => {
    const c = db.collection('lifecycle');
    const listed = async () => (await db.listCollections().toArray()).map((i) => i.name).includes('lifecycle');
    await serverCode(c.indexes(), 26);
    expect(await listed()).toBe(false);
    await c.insertOne({ n: 1 });
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_']);
    expect(await listed()).toBe(true);
    await c.drop();
    expect(await listed()).toBe(false);
    await c.createIndex({ n: 1 }, { name: 'n' });
    expect(await listed()).toBe(true);
  });

  it('ensureIndexes upgrades a store holding the old index specs: drops the changed ones in one log line, creates the declared ones', async () => {
    // The indexes as the first release created them: the same names, the keys on projectId.
    const old: [string, Record<string, 1 | -1>, string, boolean][] = [
      ['reports', { projectId: 1, reportedAt: -1 }, 'project_time', false],
      ['problems', { projectId: 1, status: 1 }, 'project_status', false],
      ['cards', { projectId: 1, at: -1 }, 'project_time', false],
      ['approvals', { projectId: 1, item: 1 }, 'project_item_unique', true],
    ];
    for (const [collection, key, name, unique] of old) {
      await db.collection(collection).drop();
      await db.collection(collection).createIndex(key, { name, unique });
    }
    const lines: { msg: string; dropped?: string[] }[] = [];
    await ensureIndexes(db, createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) }));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.dropped).toEqual(['reports.project_time', 'problems.project_status', 'cards.project_time', 'approvals.project_item_unique']);
    for (const [collection] of old) {
      const names = (await db.collection(collection).indexes()).map((i) => i.name);
      expect(names.sort()).toEqual(['_id_', ...indexes[collection as keyof typeof indexes].map((i) => i.name!)].sort());
    }
    await ensureIndexes(db, createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) }));
    expect(lines).toHaveLength(1);
  });
});
