import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoServerError, ObjectId, type Db } from 'mongodb';
import { ensureIndexes } from '../src/db/collections.js';
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

const dupKey = (p: Promise<unknown>) =>
  expect(p).rejects.toSatisfy((e: unknown) => e instanceof MongoServerError && e.code === 11000);

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
    await ensureIndexes(db);
    await ensureIndexes(db);
    const names = (await db.collection('outbox').indexes()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['_id_', 'key_unique', 'due']));
    await db.collection('outbox').insertOne({ key: 'k1' });
    await dupKey(db.collection('outbox').insertOne({ key: 'k1' }));
  });
});
