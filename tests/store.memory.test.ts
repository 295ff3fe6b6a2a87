import { describe, expect, it } from 'vitest';
import { MongoNetworkError } from 'mongodb';
import { MemoryServer } from '../src/db/memory/index.js';

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

  it('keeps one database per name and one collection object per name', () => {
    const server = new MemoryServer();
    expect(server.db('a').collection('c')).toBe(server.db('a').collection('c'));
    expect(server.db('a').collection('c')).not.toBe(server.db('b').collection('c'));
  });
});
