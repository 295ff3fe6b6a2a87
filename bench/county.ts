import http from 'node:http';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Bench } from './index.js';
import { benchStore, mib } from './store.js';
import { silentLogger } from '../src/log.js';
import { setupSchema } from '../src/domain/setup.js';
import { startSimulatedCounty } from '../src/simulate/harness.js';
import { aibotTextCallback, signedCallback, type CallbackCredentials } from '../src/simulate/wecom/callbacks.js';

/** Chats (one project each), and the two loads: a working day's pace, then a Friday-afternoon burst. */
const CHATS = 200;
const PHASES = [
  { name: 'weekday', rate: 20, seconds: Number(process.env.BENCH_COUNTY_SECONDS ?? 20) },
  { name: 'Friday burst', rate: 200, seconds: Number(process.env.BENCH_COUNTY_SECONDS ?? 20) },
];
/** After the load, how long to wait for the last receipts: every receipt is counted, however late. */
const DRAIN_LIMIT_MS = 120_000;
/** Friday 30 October 2026, 15:00: the afternoon the week's reports come in. */
const START = new Date('2026-10-30T15:00:00+08:00');

interface Plan {
  url: string;
  creds: CallbackCredentials;
  botName: string;
  chats: Array<{ chatId: string; userId: string }>;
  responseUrls: string[];
  clockAt: number;
  wallAt: number;
  phases: typeof PHASES;
}

/** One callback the generator sent: its number, when (wall ms), in which phase, and its response code. */
interface Sent {
  n: number;
  at: number;
  phase: number;
  kind: 'report' | 'command';
  code: string;
}

type FromGenerator = { sent: Sent[] } | { done: true; refused: number; failed: number };

/** What people write: mostly reports, some /进度 and /帮助. */
function text(n: number): { kind: Sent['kind']; text: string } {
  if (n % 10 === 7) return { kind: 'command', text: '/进度' };
  if (n % 20 === 9) return { kind: 'command', text: '/帮助' };
  return { kind: 'report', text: `本周完成投资${100 + (n % 400)}万元，年度累计完成投资${2000 + (n % 3000)}万元，形象进度${(n % 90) + 5}%` };
}

/**
 * The load generator, in a process of its own: posts signed callbacks at each phase's rate without
 * waiting for answers (an open loop, as WeCom sends), on a clock that moves with the wall clock.
 */
async function generate(plan: Plan, send: (m: FromGenerator) => void): Promise<void> {
  const clock = { now: () => new Date(plan.clockAt + Date.now() - plan.wallAt) };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const target = new URL(plan.url);
  let refused = 0;
  let failed = 0;
  let n = 0;
  let batch: Sent[] = [];
  const flush = setInterval(() => {
    if (batch.length > 0) send({ sent: batch });
    batch = [];
  }, 100);
  const inFlight = new Set<Promise<void>>();
  const post = (phase: number) => {
    const i = n++;
    const chat = plan.chats[(i * 7919) % plan.chats.length]!;
    const responseUrl = plan.responseUrls[i]!;
    const { kind, text: content } = text(i);
    const { path, body } = signedCallback('aibot', plan.creds, aibotTextCallback({ msgId: `county-${i}`, ...chat, text: content, responseUrl, botName: plan.botName }), clock);
    batch.push({ n: i, at: Date.now(), phase, kind, code: new URL(responseUrl).searchParams.get('response_code')! });
    const done = new Promise<void>((resolve) => {
      const req = http.request({ host: target.hostname, port: target.port, path, method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        if (res.statusCode !== 200) refused++;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end(body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  for (const [phase, { rate, seconds }] of plan.phases.entries()) {
    const start = Date.now();
    let posted = 0;
    while (Date.now() - start < seconds * 1000) {
      const due = Math.floor(((Date.now() - start) / 1000) * rate);
      while (posted < due) {
        post(phase);
        posted++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  await Promise.all(inFlight);
  clearInterval(flush);
  if (batch.length > 0) send({ sent: batch });
  send({ done: true, refused, failed });
}

const toParent = process.send?.bind(process);
if (process.env.BENCH_COUNTY_GENERATOR && toParent) {
  process.once('message', (plan: Plan) => {
    void generate(plan, (m) => void toParent(m)).then(() => process.disconnect?.());
  });
}

const quantile = (sorted: number[], p: number): string => (sorted.length === 0 ? '—' : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(0));

export const bench: Bench = {
  name: `county: ${CHATS} group chats, the load generator in its own process, ${PHASES.map((p) => `${p.rate} req/s for ${p.seconds} s (${p.name})`).join(', then ')}; callback → receipt`,
  async run() {
    const store = await benchStore('county');
    const setup = setupSchema.parse({
      projects: Array.from({ length: CHATS }, (_, i) => ({
        name: `第${i + 1}号重点项目`, aliases: [], township: `第${(i % 12) + 1}镇`, industry: '高性能新材料', yearPlan: 6000 + (i % 40) * 100,
        totalInvestment: 30_000, stage: '在建', plannedStart: '2026-03-01', leader: `leader${i % 20}`, specialist: `spec${i % 10}`, liaisons: [`liaison${i}`], chatId: `wrchat${i}`,
      })),
      people: [
        ...Array.from({ length: 20 }, (_, i) => ({ userid: `leader${i}`, name: `县领导${i}`, role: 'leader' })),
        ...Array.from({ length: 10 }, (_, i) => ({ userid: `spec${i}`, name: `专员${i}`, role: 'specialist' })),
        ...Array.from({ length: CHATS }, (_, i) => ({ userid: `liaison${i}`, name: `联络员${i}`, role: 'liaison' })),
      ],
      units: [],
    });
    const county = await startSimulatedCounty({ setup, store, log: silentLogger, start: START });
    const total = PHASES.reduce((s, p) => s + p.rate * p.seconds, 0) + 100;
    const chats = setup.projects.map((p) => ({ chatId: p.chatId!, userId: p.liaisons[0]! }));
    const responseUrls = Array.from({ length: total }, (_, i) => county.wecom.responseUrl(chats[(i * 7919) % chats.length]!));
    // The county's clock moves with the wall clock (ManualClock only moves forward).
    const wallAt = Date.now();
    const ticking = setInterval(() => county.clock.set(new Date(START.getTime() + Date.now() - wallAt)), 20);
    const sent = new Map<string, Sent>();
    const answered = new Map<string, number>();
    county.wecom.onReply((code) => answered.set(code, Date.now()));
    county.app.runtime.outbox.start(20);
    try {
      const generator = fork(fileURLToPath(import.meta.url), [], { execArgv: process.execArgv, env: { ...process.env, BENCH_COUNTY_GENERATOR: '1' }, stdio: 'inherit' });
      const finished = new Promise<{ refused: number; failed: number }>((resolve, reject) => {
        generator.on('message', (m: FromGenerator) => {
          if ('sent' in m) for (const s of m.sent) sent.set(s.code, s);
          else resolve(m);
        });
        generator.on('exit', (code) => (code ? reject(new Error(`load generator exited with ${code}`)) : undefined));
      });
      generator.send({ url: county.app.url, creds: county.credentials.bot, botName: county.config.wecom.botName, chats, responseUrls, clockAt: START.getTime(), wallAt, phases: PHASES } satisfies Plan);
      const { refused, failed } = await finished;
      const loadEnd = Date.now();
      while (answered.size < sent.size && Date.now() - loadEnd < DRAIN_LIMIT_MS) await new Promise((r) => setTimeout(r, 100));
      const drained = (Date.now() - loadEnd) / 1000;
      await county.app.runtime.outbox.stop();
      console.log(`${sent.size.toLocaleString('en-US')} callbacks sent (${refused} refused, ${failed} failed); ${answered.size.toLocaleString('en-US')} answered, the last ${drained.toFixed(1)} s after the load ended`);
      for (const [phase, p] of PHASES.entries()) {
        for (const kind of ['report', 'command'] as const) {
          const mine = [...sent.values()].filter((s) => s.phase === phase && s.kind === kind);
          const latencies = mine.flatMap((s) => (answered.has(s.code) ? [answered.get(s.code)! - s.at] : [])).sort((a, b) => a - b);
          const label = `${p.name} ${p.rate} req/s, ${kind === 'report' ? 'report → receipt' : 'command → answer'}`;
          console.log(`${label.padEnd(44)} p50 ${quantile(latencies, 0.5).padStart(6)} ms   p99 ${quantile(latencies, 0.99).padStart(6)} ms   ${latencies.length}/${mine.length} answered`);
        }
      }
      (globalThis as { gc?: () => void }).gc?.();
      console.log(`bot process RSS after forced GC: ${mib(process.memoryUsage().rss)} (heap used ${mib(process.memoryUsage().heapUsed)}); ${(await store.db.collection('reports').countDocuments()).toLocaleString('en-US')} reports stored`);
    } finally {
      clearInterval(ticking);
      await county.close();
      await store.close();
    }
  },
};
