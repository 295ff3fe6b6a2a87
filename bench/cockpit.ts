import http from 'node:http';
import os from 'node:os';
import Koa from 'koa';
import type { Bench } from './index.js';
import { benchStore } from './store.js';
import { seedCounty } from './scale.js';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { defaultRules } from '../src/domain/rules.js';
import { standingService } from '../src/services/standing.js';
import { createCockpitRouter } from '../src/web/router.js';
import { createSigner, sessionToken, SESSION_COOKIE } from '../src/web/session.js';
import { COCKPIT_PREFIX } from '../src/services/links.js';

const PROJECTS = 2000;
const RUNS = 10;
const GOALS = { ms: 300, kb: 500 };
/** A mid-December morning: nearly a year of weekly reports behind the page. */
const NOW = new Date('2026-12-15T10:00:00+08:00');
const SECRET = 'bench-cockpit-session-secret-0123456789abcdef';

/** One GET as a browser makes it (gzip accepted): the bytes that cross the wire. */
function get(url: string, cookie: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      })
      .on('error', reject);
  });
}

export const bench: Bench = {
  name: `cockpit: the 驾驶舱 总览 for the county (all ${PROJECTS.toLocaleString('en-US')} projects), server time and bytes transferred`,
  async run() {
    const store = await benchStore('cockpit');
    const server = http.createServer();
    try {
      await seedCounty(store.db, { projects: PROJECTS, pastYears: 0 }, NOW);
      const config = loadConfig({ COCKPIT_SESSION_SECRET: SECRET, WECOM_CORP_ID: 'wwbench', WECOM_AGENT_ID: '1000002' });
      const clock = new ManualClock(NOW);
      const outbox = { enqueue: async () => undefined };
      const router = createCockpitRouter({
        config, clock, log: silentLogger, db: store.db, rules: defaultRules,
        standing: standingService({ db: store.db, outbox, rules: defaultRules }),
        userIdByCode: async () => null,
      });
      const serverMs: number[] = [];
      const cpuMs: number[] = [];
      const app = new Koa();
      // Server time: from the request's arrival to its body being ready (the page built and gzipped).
      // CPU time beside it: on a shared machine the wall clock also counts other processes' turns.
      app.use(async (ctx, next) => {
        const t0 = process.hrtime.bigint();
        const c0 = process.cpuUsage();
        await next();
        const cpu = process.cpuUsage(c0);
        serverMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        cpuMs.push((cpu.user + cpu.system) / 1000);
      });
      app.use(router.routes());
      server.on('request', app.callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      const cookie = `${SESSION_COOKIE}=${sessionToken(createSigner(SECRET), 'admin', new Date(NOW.getTime() + 3_600_000))}`;
      const url = `http://127.0.0.1:${port}${COCKPIT_PREFIX}/`;

      const first = await get(url, cookie);
      if (first.status !== 200) throw new Error(`总览 answered ${first.status}`);
      serverMs.length = 0;
      cpuMs.length = 0;
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) bytes = (await get(url, cookie)).bytes;
      const sorted = [...serverMs].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)]!;
      const cpu = [...cpuMs].sort((a, b) => a - b)[Math.floor(cpuMs.length / 2)]!;
      const kb = bytes / 1024;
      const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
      console.log(`  总览 as the county admin, ${RUNS} requests after one warm-up: median ${median.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms server time, median ${cpu.toFixed(0)} ms CPU (goal < ${GOALS.ms} ms: ${median < GOALS.ms ? 'met' : 'NOT met'})`);
      console.log(`  transferred: ${kb.toFixed(0)} KB gzipped (goal < ${GOALS.kb} KB: ${kb < GOALS.kb ? 'met' : 'NOT met'}); load average ${load}`);
    } finally {
      server.close();
      await store.close();
    }
  },
};
