import { afterEach, describe, expect, it } from 'vitest';
import { nextOpenAt } from '../src/domain/quiet-hours.js';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { conversation } from './support/records.js';

const at = (s: string) => new Date(`${s}+08:00`);
const window = { from: '08:00', until: '21:00' };

describe('quiet hours', () => {
  it.each([
    ['2026-12-02T10:00:00', '2026-12-02T10:00:00'],
    ['2026-12-02T07:59:00', '2026-12-02T08:00:00'],
    ['2026-12-02T21:00:00', '2026-12-03T08:00:00'],
    ['2026-12-02T22:40:00', '2026-12-03T08:00:00'],
    ['2026-12-31T23:59:00', '2027-01-01T08:00:00'],
  ])('a push at %s may go at %s', (now, expected) => {
    expect(nextOpenAt(at(now), window)).toEqual(at(expected));
  });
});

describe('quiet hours in a running county', () => {
  let store: Store;
  let county: SimulatedCounty;
  afterEach(async () => {
    await county.close();
    await store.close();
  });

  it("holds a red card's push to the leader at 22:40 until 08:00, and answers the liaison at once", async () => {
    store = await openTestStore();
    county = await startSimulatedCounty({ setup: countySetup, store, log: silentLogger, start: at('2026-12-02T22:39:00') });
    const { group } = conversation(() => county);
    const receipt = await group('wr_ll', 'ma_ll', '1-11月累计完成投资1000万元');
    expect(receipt.at.slice(0, 16)).toBe('2026-12-02T22:39');
    const toLeader = () => county.wecom.records.filter((r) => r.via === 'app' && 'users' in r.to && r.to.users.includes('qian_fxz') && r.text.includes('红牌'));
    expect(toLeader()).toEqual([]);
    expect(county.wecom.records.filter((r) => r.via === 'webhook' && r.text.includes('红牌'))).toEqual([]);
    await advanceTo(county, at('2026-12-03T08:05:00'));
    expect(toLeader().map((r) => r.at.slice(0, 16))).toEqual(['2026-12-03T08:00']);
  });
});
