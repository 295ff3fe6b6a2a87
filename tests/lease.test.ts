import { afterEach, describe, expect, it } from 'vitest';
import { createLease } from '../src/wecom/longconn/lease.js';
import { ManualClock } from '../src/clock.js';
import { openTestStore } from './support/store.js';
import type { Store } from '../src/db/index.js';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('lease', () => {
  it('has one holder; another takes over only after it expires or is released', async () => {
    const store = await openTestStore();
    stores.push(store);
    const clock = new ManualClock(new Date('2026-10-27T10:00:00Z'));
    const a = createLease({ db: store.db, clock, name: 'longconn', holder: 'a', ttlMs: 20_000 });
    const b = createLease({ db: store.db, clock, name: 'longconn', holder: 'b', ttlMs: 20_000 });
    expect(await Promise.all([a.hold(), b.hold()])).toEqual([true, false]);
    clock.advance(15_000);
    expect(await a.hold()).toBe(true);
    clock.advance(15_000);
    expect(await b.hold()).toBe(false);
    clock.advance(6_000);
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
    await b.release();
    expect(await a.hold()).toBe(true);
  });
});
