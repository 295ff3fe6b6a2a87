import { describe, expect, it } from 'vitest';
import { BSON, Binary, Double, Int32, Long, MongoNetworkError, ObjectId, type Db } from 'mongodb';
import { overTheWire } from '../src/db/memory/wire.js';
import type { Arbitrary } from 'fast-check';
import { MemoryServer } from '../src/db/memory/index.js';
import { ManualClock } from '../src/clock.js';
import { FieldIndex } from '../src/db/memory/field-index.js';
import { ensureIndexes } from '../src/db/collections.js';
import { silentLogger } from '../src/log.js';
import { Aggregator, find as mingoFind } from 'mingo';

describe('memory:// store only', () => {
  it('injects faults for the next n operations, then recovers', async () => {
    const server = new MemoryServer();
    const c = server.db('t').collection('x');
    server.failNext(2);
    await expect(c.insertOne({ a: 1 })).rejects.toBeInstanceOf(MongoNetworkError);
    await expect(c.findOne({})).rejects.toBeInstanceOf(MongoNetworkError);
    await c.insertOne({ a: 1 });
    expect(await c.countDocuments({})).toBe(1);
  });

  it('injects faults after an operation: the write is applied, the caller gets a network error', async () => {
    const server = new MemoryServer();
    const c = server.db('t').collection<{ _id: string; n: number }>('x');
    server.failNext(2, { after: true });
    await expect(c.insertOne({ _id: 'a', n: 1 })).rejects.toBeInstanceOf(MongoNetworkError);
    await expect(c.updateOne({ _id: 'a' }, { $inc: { n: 1 } })).rejects.toThrow(/injected fault after x.updateOne/);
    expect(await c.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 2 });
    server.failNext(1, { after: true, error: () => new Error('reply lost') });
    await expect(c.deleteOne({ _id: 'a' })).rejects.toThrow('reply lost');
    expect(await c.countDocuments({})).toBe(0);
  });

  it('names what it does not support instead of answering wrongly', async () => {
    const db = new MemoryServer().db('t');
    expect(() => db.collection('x').watch()).toThrow(/memory:\/\/ store does not support change streams/);
    await expect(db.command({ serverStatus: 1 })).rejects.toThrow(/does not support the command serverStatus/);
  });

  it('refuses work after close', async () => {
    const server = new MemoryServer();
    const c = server.db('t').collection('x');
    await server.close();
    await expect(c.insertOne({ a: 1 })).rejects.toThrow(/closed/);
  });

  it('expires TTL-indexed documents by the clock it follows, not by the wall clock', async () => {
    const server = new MemoryServer();
    const clock = new ManualClock(new Date('2026-10-27T02:00:00Z'));
    server.useClock(clock);
    const c = server.db('t').collection('x');
    await c.createIndex({ at: 1 }, { name: 'ttl', expireAfterSeconds: 60 });
    await c.insertOne({ n: 1, at: clock.now() });
    clock.advance(59_000);
    expect(await c.countDocuments({})).toBe(1);
    clock.advance(2_000);
    expect(await c.countDocuments({})).toBe(0);
  });

  it('forgets sent outbox entries and handled events after the retention, never what is still to do', async () => {
    const server = new MemoryServer();
    const clock = new ManualClock(new Date('2026-10-27T02:00:00Z'));
    server.useClock(clock);
    const db = server.db('t') as unknown as Db;
    await ensureIndexes(db, silentLogger, { days: 90 });
    await db.collection('outbox').insertMany([
      { key: 'sent', status: 'sent', sentAt: clock.now() },
      { key: 'pending', status: 'pending', nextAttemptAt: clock.now() },
      { key: 'failed', status: 'failed' },
    ]);
    await db.collection('inbound').insertMany([
      { msgId: 'done', status: 'done', receivedAt: clock.now(), doneAt: clock.now() },
      { msgId: 'pending', status: 'pending', receivedAt: clock.now() },
    ]);
    clock.advance(89 * 86_400_000);
    expect(await db.collection('outbox').countDocuments()).toBe(3);
    clock.advance(2 * 86_400_000);
    expect((await db.collection('outbox').find().toArray()).map((d) => d.key)).toEqual(['pending', 'failed']);
    expect((await db.collection('inbound').find().toArray()).map((d) => d.msgId)).toEqual(['pending']);
  });

  it('keeps one database per name and one collection object per name', () => {
    const server = new MemoryServer();
    expect(server.db('a').collection('c')).toBe(server.db('a').collection('c'));
    expect(server.db('a').collection('c')).not.toBe(server.db('b').collection('c'));
  });
});

describe('memory:// field indexes', () => {
  it('answer equality and $in filters exactly as a full scan does, in store order, through inserts, updates and deletes', async () => {
    const { default: fc } = await import('fast-check');
    const value = fc.oneof(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: 0, max: 3 }), fc.constant(null));
    const field = fc.oneof(value, fc.array(value, { maxLength: 3 }));
    const doc = fc.record({ a: field, b: field }, { requiredKeys: [] });
    const condition = fc.oneof(value, fc.record({ $in: fc.array(value, { maxLength: 3 }) }), fc.record({ $eq: value }), fc.record({ $ne: value }));
    const filter = fc.record({ a: condition, b: condition }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { maxLength: 25 }), fc.array(filter, { minLength: 1, maxLength: 5 }), fc.nat(5), async (docs, filters, drop) => {
        const indexed = new MemoryServer().db('t').collection('c');
        const plain = new MemoryServer().db('t').collection('c');
        await indexed.createIndex({ a: 1 });
        await indexed.createIndex({ b: 1, a: 1 });
        for (const [i, d] of docs.entries()) for (const c of [indexed, plain]) await c.insertOne({ _id: i as never, ...d });
        for (const c of [indexed, plain]) {
          await c.updateMany({ a: 'x' }, { $set: { b: 'moved' } });
          await c.deleteMany({ _id: { $lt: drop } as never });
        }
        for (const f of filters) expect(await indexed.find(f).toArray()).toEqual(await plain.find(f).toArray());
      }),
      { numRuns: 150 },
    );
  });

  it('answer ranges (numbers, Dates, strings), $not, $type, partial indexes, sorts, projections and a plain $group exactly as mingo does over a full scan, through inserts, updates and deletes', async () => {
    const { default: fc } = await import('fast-check');
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
    const text = fc.constantFrom('x', 'y', '2026-01-02', '2026-12-31');
    const scalar = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }).map(day), text, fc.constant(null), fc.boolean());
    const field = fc.oneof(scalar, scalar, fc.array(scalar, { maxLength: 2 }));
    const doc = fc.record({ k: fc.integer({ min: 0, max: 2 }), a: field, t: field, n: fc.oneof(fc.record({ x: scalar }, { requiredKeys: [] }), fc.array(fc.record({ x: scalar }), { maxLength: 2 }), scalar) }, { requiredKeys: ['k'] });
    const range = <T>(bound: Arbitrary<T>) => fc.oneof(
      fc.record({ $gte: bound, $lt: bound }, { requiredKeys: [] }),
      fc.record({ $gt: bound, $lte: bound }, { requiredKeys: [] }),
    );
    const condition = fc.oneof(
      scalar,
      range(fc.integer({ min: 0, max: 4 })),
      range(fc.integer({ min: 0, max: 4 }).map(day)),
      range(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }).map(day))),
      range(text),
      fc.oneof(range(text), range(fc.integer({ min: 0, max: 4 }))).map(($not) => ({ $not })),
      fc.record({ $in: fc.array(scalar, { maxLength: 3 }) }),
      fc.record({ $nin: fc.array(scalar, { maxLength: 2 }) }),
      fc.record({ $ne: scalar }),
      fc.record({ $type: fc.constantFrom('number', 'string', 'date', 'bool', 'null') }),
    );
    const path = fc.constantFrom('a', 't', 'n.x');
    const filter = fc.oneof(
      fc.tuple(path, condition).map(([p, c]) => ({ [p]: c })),
      fc.tuple(path, condition, path, condition).map(([p, c, q, d]) => ({ [p]: c, [q]: d })),
    );
    const sort = fc.constantFrom<Array<Record<string, 1 | -1> | undefined>>(undefined, { t: 1 }, { t: -1, a: 1 }, { a: -1 }, { k: -1 }, { k: 1, _id: -1 });
    const projection = fc.constantFrom<Array<Record<string, 0 | 1> | undefined>>(undefined, { a: 1 }, { a: 1, 'n.x': 1, _id: 0 }, { t: 0 }, { _id: 0 });
    // Half the queries state the partial index's filter, which lets them use it.
    const query = fc.record({ filter: fc.tuple(filter, fc.boolean()).map(([f, dated]) => (dated ? { ...f, t: { $type: 'date' } } : f)), sort, projection });
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { maxLength: 40 }), fc.array(query, { minLength: 1, maxLength: 4 }), fc.nat(5), async (docs, queries, drop) => {
        const c = new MemoryServer().db('t').collection('c');
        await c.createIndex({ a: 1 });
        await c.createIndex({ t: -1 });
        await c.createIndex({ a: -1 }, { name: 'a_dated', partialFilterExpression: { t: { $type: 'date' } } });
        for (const [i, d] of docs.entries()) await c.insertOne({ _id: i as never, ...d });
        await c.updateMany({ a: { $gte: 3 } }, { $set: { t: day(9) } });
        await c.deleteMany({ _id: { $lt: drop } as never });
        const all = await c.find({}).toArray();
        for (const q of queries) {
          let expected = mingoFind(all, q.filter, q.projection);
          if (q.sort) expected = expected.sort(q.sort as never);
          expect(await c.find(q.filter, { ...(q.sort ? { sort: q.sort } : {}), ...(q.projection ? { projection: q.projection } : {}) }).toArray()).toEqual(expected.all());
          const pipeline = [{ $match: q.filter }, { $sort: q.sort ?? { _id: 1 } }, { $group: { _id: '$a', first: { $first: '$t' }, last: { $last: '$t' }, x: { $last: '$n.x' } } }];
          expect(await c.aggregate(pipeline).toArray()).toEqual(new Aggregator(pipeline).run(all));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('leave nothing behind for a value no document holds any more', () => {
    const index = new FieldIndex('at');
    const docs = [{ at: new Date(1) }, { at: 'x' }, { at: [2, 'y'] }, { at: new Date(1) }];
    docs.forEach((d, i) => index.add(d, String(i)));
    // An array may meet each bound with another element: it stays a candidate of every range.
    expect(index.candidates({ $gte: new Date(0), $lt: new Date(5) })?.ids()).toEqual(new Set(['0', '2', '3']));
    expect(index.candidates({ $gt: 1 })?.ids()).toEqual(new Set(['2']));
    expect(index.candidates('x')?.ids()).toEqual(new Set(['1']));
    docs.forEach((d, i) => index.remove(d, String(i)));
    expect(index.size).toBe(0);
    expect(index.candidates({ $gte: new Date(0) })?.ids()).toEqual(new Set());
  });
});

describe('memory:// over the wire', () => {
  it('gives what the driver\'s BSON round trip gives, for plain values (its shortcut) and for the others', async () => {
    const { default: fc } = await import('fast-check');
    const plain = fc.oneof(
      fc.string(), fc.constantFrom('\uD800', 'a\uDFFFb', '😀'), fc.boolean(), fc.constant(null), fc.double(), fc.constant(-0), fc.integer(),
      fc.date(), fc.constant(new Date(NaN)), fc.constant(new ObjectId()),
    );
    const typed = fc.oneof(
      fc.constant(undefined), fc.constant(() => 1), fc.integer().map((n) => new Int32(n)), fc.double().map((n) => new Double(n)),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)), fc.uint8Array({ maxLength: 4 }).map((b) => new Binary(b)),
    );
    const docs = (leaf: Arbitrary<unknown>) => fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), tie('doc')),
      doc: fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('\uD83D', 'é')), tie('value'), { maxKeys: 4 }),
    })).doc;
    for (const doc of [docs(plain), docs(fc.oneof(plain, typed))]) {
      fc.assert(
        fc.property(doc, (d) => {
          const driver = BSON.deserialize(BSON.serialize(d, { ignoreUndefined: false }));
          expect(overTheWire(d as Record<string, unknown>).doc).toEqual(driver);
        }),
        { numRuns: 300 },
      );
    }
  });
});
