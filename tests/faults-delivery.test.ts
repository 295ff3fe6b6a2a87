import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { tally } from './support/faults.js';

const at = (s: string) => new Date(`${s}+08:00`);
let store: Store;
let county: SimulatedCounty;

const records = () => county.wecom.records;

beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await county.close();
  await store.close();
});

describe('delivery faults: 0 lost, 0 duplicated', () => {
  it('a slow answer (WeCom took it, answered after the client gave up): the receipt and a scheduled digest arrive once', async () => {
    county = await startSimulatedCounty({ setup: countySetup, store, log: silentLogger, start: at('2026-12-02T09:00:00') });
    county.wecom.fault('slow', 1);
    await county.sendGroup('wr_ll', 'ma_ll', '本月完成投资680万元');
    await county.settle();
    await advanceTo(county, at('2026-12-02T09:05:00'));
    expect(records().filter((r) => r.via === 'reply')).toHaveLength(1);

    await advanceTo(county, at('2026-12-03T08:29:00'));
    county.wecom.fault('slow', 1);
    await advanceTo(county, at('2026-12-03T08:40:00'));
    const digests = records().filter((r) => r.text.includes('项目日报'));
    expect(digests.map((d) => d.to)).toEqual([{ users: ['qian_fxz'] }, { users: ['sun_cw'] }]);
    expect(await tally(store, records())).toEqual({ lost: 0, duplicated: 0 });
  }, 60_000);
});
