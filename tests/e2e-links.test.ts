import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCounty } from '../src/simulate/harness.js';
import type { SentRecord } from '../src/simulate/wecom/server.js';
import type { Store } from '../src/db/index.js';
import { advanceTo } from '../src/simulate/runner.js';
import { openTestStore } from './support/store.js';
import { cockpitCounty, signInOverHttp, VIEWERS } from './support/cockpit.js';
import { replyIn } from './support/records.js';

const PUBLIC = 'https://xmdd.example.gov.cn';
const at = (s: string) => new Date(`${s}+08:00`);

let stores: Store[];
let linked: SimulatedCounty;
let plain: SimulatedCounty;

beforeAll(async () => {
  stores = [await openTestStore(), await openTestStore()];
  linked = await cockpitCounty(stores[0]!, { publicBaseUrl: PUBLIC });
  plain = await cockpitCounty(stores[1]!);
  // Friday to Monday: Monday's 08:30 digest reaches the leaders.
  for (const county of [linked, plain]) await advanceTo(county, at('2026-11-23T09:00:00'));
}, 60_000);
afterAll(async () => {
  for (const county of [linked, plain]) await county.close();
  for (const store of stores) await store.close();
});

const body = (r: SentRecord | undefined) => JSON.stringify(r?.raw ?? null);
const digestTo = (county: SimulatedCounty, user: string) => county.wecom.records.filter((r) => r.via === 'app' && r.text.includes('项目日报') && 'users' in r.to && r.to.users.includes(user)).at(-1);
const COLD_CHAIN = `/cockpit/projects/${encodeURIComponent('农产品冷链物流中心')}`;

describe('"查看详情" over the simulated WeCom', () => {
  it('a report\'s receipt links its project page with PUBLIC_BASE_URL, and carries no link without it', async () => {
    const receipt = replyIn(linked.wecom.records, 'wr_gf');
    expect(receipt?.text).toContain('已记录');
    expect(body(receipt)).toContain(`${PUBLIC}/cockpit/projects/`);
    const bare = replyIn(plain.wecom.records, 'wr_gf');
    expect(bare?.text).toContain('已记录');
    expect(body(bare)).not.toContain('查看详情');
    expect(body(bare)).not.toContain('/cockpit/');
  });

  it('the leader\'s digest links the 总览, and not without PUBLIC_BASE_URL', async () => {
    const digest = digestTo(linked, VIEWERS.deputy);
    expect(digest).toBeDefined();
    expect(body(digest)).toContain(`[查看详情](${PUBLIC}/cockpit/)`);
    const bare = digestTo(plain, VIEWERS.deputy);
    expect(bare).toBeDefined();
    expect(body(bare)).not.toContain('查看详情');
  });

  it('a card change announced to the group and the people links the project page', async () => {
    const announced = linked.wecom.records.filter((r) => /预警 · /.test(r.text));
    expect(announced.length).toBeGreaterThan(0);
    for (const r of announced) expect(body(r)).toMatch(/\[查看详情\]\(https:\/\/xmdd\.example\.gov\.cn\/cockpit\/projects\/[^)]+\)/);
    const bare = plain.wecom.records.filter((r) => /预警 · /.test(r.text));
    expect(bare.length).toBe(announced.length);
    for (const r of bare) expect(body(r)).not.toContain('[查看详情](');
  });

  it('leads to a page the access matrix guards: signed out it asks to sign in, signed in it shows the project', async () => {
    const receipts = linked.wecom.records.filter((r) => r.via === 'reply' && 'chat' in r.to && r.to.chat === 'wr_ll' && r.text.includes('已记录'));
    expect(body(receipts[0])).toContain(`[查看详情](${PUBLIC}${COLD_CHAIN})`);
    const signedOut = await fetch(`${linked.app.url}${COLD_CHAIN}`, { redirect: 'manual' });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('location')).toMatch(/^\/cockpit\/login\?next=/);
    // The same path on the county without a public address, where the simulator's sign-in can come back.
    const leader = await signInOverHttp(plain, VIEWERS.county);
    expect((await leader.get(COLD_CHAIN)).status).toBe(200);
    const stranger = await signInOverHttp(plain, VIEWERS.stranger);
    expect((await stranger.get(COLD_CHAIN)).status).not.toBe(200);
  });
});
