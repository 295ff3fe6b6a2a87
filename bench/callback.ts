import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import autocannon from 'autocannon';
import type { Bench } from './index.js';
import { benchStore, mib } from './store.js';
import { silentLogger } from '../src/log.js';
import { setupSchema } from '../src/domain/setup.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { aibotTextCallback, signedCallback } from '../src/simulate/wecom/callbacks.js';
import { decryptMessage, verifySignature } from '../src/wecom/crypto.js';
import { createWecomRouter } from '../src/wecom/inbound/index.js';
import { createApp } from '../src/server.js';
import { openStore } from '../src/db/index.js';
import type { InboundEvent } from '../src/wecom/event.js';
import { createMetrics } from '../src/metrics.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const setupFile = path.resolve(import.meta.dirname, '../tests/scenarios/county.setup.json');
const GROUPS = [
  { chatId: 'wr_ll', userId: 'ma_ll' },
  { chatId: 'wr_xx', userId: 'niu_ll' },
  { chatId: 'wr_gf', userId: 'zhao_ll' },
  { chatId: 'wr_ld', userId: 'zheng_ll' },
];

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function listen(app: Koa): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * A realistic mix for one request in ten thousand: mostly progress reports, some /进度 commands,
 * each with its own msgid, nonce and amount (the amount lets a receipt be matched to its callback).
 */
function message(county: SimulatedCounty, n: number) {
  const g = GROUPS[n % GROUPS.length]!;
  const text = n % 4 === 3 ? '/进度' : `本月完成投资${1000 + n}万元，形象进度${(n % 90) + 5}%`;
  return { msgId: `bench-${n}`, ...g, text, responseUrl: county.wecom.responseUrl(g), botName: county.config.wecom.botName };
}

async function cannon(name: string, url: string, next: () => { path: string; body: string }, opts: { duration: number; overallRate?: number }): Promise<Result> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: opts.duration,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const r = next();
          return { ...req, path: r.path, body: r.body, headers: { 'content-type': 'application/json' } };
        },
      },
    ],
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts };
}

function print(r: Result): void {
  console.log(`${r.name.padEnd(46)} ${Math.round(r.rps).toLocaleString('en-US').padStart(7)} req/s   p50 ${r.p50.toFixed(1).padStart(5)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   non-2xx/errors ${r.errors}`);
}

export const bench: Bench = {
  name: `callback path: ${CONNECTIONS} connections over loopback, ${SECONDS} s each at saturation (callback → receipt under a county's load: bench county)`,
  async run() {
    const store = await benchStore('callback');
    const county = await startSimulatedCounty({ setup: setupSchema.parse(JSON.parse(fs.readFileSync(setupFile, 'utf8'))), store, log: silentLogger, start: new Date('2026-10-27T10:00:00+08:00') });
    const creds = county.credentials.bot;
    let n = 0;
    const nextSigned = () => signedCallback('aibot', creds, aibotTextCallback(message(county, n++)), county.clock);

    const bare = new Koa().use((ctx) => {
      ctx.body = 'success';
    });
    // The ceiling of any correct callback path: read the body, check the signature, decrypt.
    const cryptoOnly = new Koa().use(async (ctx) => {
      const chunks: Buffer[] = [];
      for await (const c of ctx.req) chunks.push(c as Buffer);
      const { encrypt } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { encrypt: string };
      const q = ctx.query as Record<string, string>;
      if (!verifySignature(creds.token, q.timestamp!, q.nonce!, encrypt, q.msg_signature!)) ctx.throw(401);
      decryptMessage(creds.aesKey, encrypt, '');
      ctx.body = '';
    });
    // Our callback path as the transport runs it (the production router, the store's nonce and dedupe
    // writes) with the hand-off to a queue: what WeCom waits for before its ack.
    const ackStore = await openStore({ uri: 'memory://', dbName: 'ack', dataDir: '/tmp/unused' }, silentLogger);
    const handedOff: InboundEvent[] = [];
    const router = createWecomRouter({ config: county.config, db: ackStore.db, log: silentLogger, clock: county.clock, metrics: createMetrics(ackStore.db), onEvent: (e) => void handedOff.push(e) });
    const ackPath = createApp({ log: silentLogger, routers: [router], readiness: async () => ({ ready: true, checks: {} }) });
    const servers = [await listen(bare), await listen(cryptoOnly), await listen(ackPath)];
    try {
      const results = [
        await cannon('bare Koa handler', servers[0]!.url, nextSigned, { duration: SECONDS }),
        await cannon('Koa + signature check + decrypt (@wecom/crypto)', servers[1]!.url, nextSigned, { duration: SECONDS }),
        await cannon('our path: verify, decrypt, dedupe write, hand-off', servers[2]!.url, nextSigned, { duration: SECONDS }),
      ];
      const rss0 = process.memoryUsage().rss;
      results.push(await cannon('whole bot: the above + handling on the same core', county.app.url, nextSigned, { duration: SECONDS }));
      results.forEach(print);
      const [, ceiling, ours, whole] = results as [Result, Result, Result, Result];
      console.log(`our path / crypto-only: throughput ${((ours.rps / ceiling.rps) * 100).toFixed(0)}% (goal ≥ 50%), p99 ×${(ours.p99 / ceiling.p99).toFixed(1)} (goal ≤ 3×); ${handedOff.length.toLocaleString('en-US')} events handed off`);
      await county.settle();
      console.log(`whole bot: ${Math.round(whole.rps)} req/s acked and handled; ${(await county.app.store.db.collection('reports').countDocuments()).toLocaleString('en-US')} reports stored, RSS ${mib(rss0)} → ${mib(process.memoryUsage().rss)}`);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
      await ackStore.close();
      await county.close();
      await store.close();
    }
  },
};
