import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Bench } from './index.js';
import { benchStore, mib, timed } from './store.js';
import { collections } from '../src/db/collections.js';
import { silentLogger } from '../src/log.js';
import { defaultRules } from '../src/domain/rules.js';
import { standingService } from '../src/services/standing.js';
import { assessmentFacts } from '../src/repo/assessments.js';
import { scorecard } from '../src/domain/assessment.js';
import { parsePeriod } from '../src/domain/period.js';
import { dailyDigestMessages } from '../jobs/daily-digest.js';
import { cardEvaluation } from '../jobs/card-evaluation.js';
import { monthlyBulletinMessages } from '../jobs/monthly-bulletin.js';
import type { ProjectDoc, ReportDoc } from '../src/domain/records.js';
import type { OutboundMessage } from '../src/messages/outbound.js';
import type { Db } from 'mongodb';

/** One county-scale run: its projects (a tenth as many leaders) and how many years before 2026 the store holds. */
export interface Scale {
  projects: number;
  pastYears: number;
}

const SCALES: Scale[] = [
  { projects: 2000, pastYears: 0 },
  { projects: 2000, pastYears: 3 },
  { projects: 20_000, pastYears: 0 },
];
const GOALS = { digests: 10, cards: 2, scorecard: 5, scorecardRss: 500, monthly: 3 };
const TOWNSHIPS = Array.from({ length: 24 }, (_, i) => `第${i + 1}镇`);
const DEPARTMENTS = ['县发改委', '县经信局', '县住建局', '县交通局', '县商务局', '县文旅局'];
const INDUSTRIES = ['快递智能装备', '高性能新材料', '电子电器信息', '绿色低碳环保', '农产品深加工', '文旅康养', '基础设施', '社会民生'];
/** Monday 4 January 2027, 08:30: the first working day after the year the bench measures. */
const NOW = new Date('2027-01-04T08:30:00+08:00');
const DAY = 86_400_000;

interface Figures {
  digests: number;
  cards: number;
  scorecard: number;
  scorecardRss: number;
  monthly: number;
  reports: number;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** RSS after a forced collection (the bench runs with --expose-gc). */
function rssAfterGc(): number {
  gc();
  return process.memoryUsage().rss;
}

/** The highest RSS while `fn` runs, sampled every 20 ms, and fn's time. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; peak: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const { value, seconds } = await timed(fn);
    return { value, seconds, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
  }
}

/** A weekly report from each project on its weekday, for each week of `year` before `now` (one week in 13 missed). */
function weeklyReports(projects: number, year: number, now: Date): ReportDoc[] {
  const firstMonday = new Date(`${year}-01-05T09:00:00+08:00`);
  firstMonday.setTime(firstMonday.getTime() - ((firstMonday.getUTCDay() + 6) % 7) * DAY);
  const out: ReportDoc[] = [];
  for (let w = 0; w < 53; w++) {
    for (let i = 0; i < projects; i++) {
      if ((i + w) % 13 === 0) continue;
      const reportedAt = new Date(firstMonday.getTime() + w * 7 * DAY + (i % 5) * DAY + (i % 7) * 3_600_000);
      if (reportedAt.getFullYear() > year || reportedAt >= now) continue;
      out.push({
        _id: `r${year}-${w}-${i}`, msgId: `m${year}-${w}-${i}`, project: `第${i + 1}号重点项目`, userId: `liaison${i}`, chatId: `wrchat${i}`,
        text: `本周完成投资100万元，年度累计完成投资${100 * (w + 1)}万元`, reportedAt, status: 'confirmed', confidence: 1, flags: [], unregistered: false,
        fields: { completedThisPeriod: 100, completedThisYear: 100 * (w + 1), completedTotal: null, totalInvestment: null, progressPercent: null, stage: null, approvals: [] },
      });
    }
  }
  return out;
}

/**
 * A county of `projects` projects (a tenth as many leaders, one admin), their weekly reports from
 * `pastYears` before 2026 up to `now`, and a problem for every fourth project. Says what it seeded.
 */
export async function seedCounty(db: Db, { projects, pastYears }: Scale, now: Date): Promise<number> {
  const leaders = projects / 10;
  const createdAt = new Date(`${2026 - pastYears}-01-02T09:00:00+08:00`);
  const registry: ProjectDoc[] = Array.from({ length: projects }, (_, i) => ({
    name: `第${i + 1}号重点项目`, aliases: [], township: TOWNSHIPS[i % TOWNSHIPS.length], department: DEPARTMENTS[i % DEPARTMENTS.length],
    industry: INDUSTRIES[i % INDUSTRIES.length], category: '产业', landUse: '工业', totalInvestment: 20_000 + (i % 9) * 10_000,
    yearPlan: 5000 + (i % 30) * 200, stage: '在建', leader: `leader${i % leaders}`, specialist: `spec${i % 40}`, liaisons: [`liaison${i}`],
    chatId: `wrchat${i}`, createdAt, updatedAt: createdAt,
  }));
  await db.collection(collections.projects).insertMany(registry as never[]);
  await db.collection(collections.people).insertMany([
    ...Array.from({ length: leaders }, (_, i) => ({ userid: `leader${i}`, name: `县领导${i}`, role: 'leader' })),
    { userid: 'admin', name: '管理员', role: 'admin' },
  ]);
  await db.collection(collections.units).insertMany(TOWNSHIPS.map((name) => ({ name, kind: 'township', yearTargets: { investment: 300_000, 签约: 12, 落地: 10, 开工: 8, 投产: 4, 达效: 2 } })));
  let reports = 0;
  for (let year = 2026 - pastYears; year <= 2026; year++) {
    const rows = weeklyReports(projects, year, now);
    for (let i = 0; i < rows.length; i += 50_000) await db.collection(collections.reports).insertMany(rows.slice(i, i + 50_000) as never[]);
    reports += rows.length;
  }
  const problems = Array.from({ length: projects / 4 }, (_, i) => ({
    _id: `p${i}`, no: i + 1, sourceKey: `s${i}`, project: `第${(i * 7) % projects + 1}号重点项目`, text: '用地指标待协调', reportedBy: 'x', chatId: null,
    openedAt: new Date(Date.parse('2026-01-05T10:00:00+08:00') + (i % 360) * DAY), status: i % 3 ? '已解决' : '协调中', level: 0, escalations: [],
    ...(i % 3 ? { resolvedAt: new Date(Date.parse('2026-01-05T10:00:00+08:00') + ((i % 360) + (i % 25)) * DAY) } : {}),
  })).filter((p) => p.openedAt < now);
  await db.collection(collections.problems).insertMany(problems as never[]);
  console.log(`seeded: ${projects.toLocaleString('en-US')} projects, ${leaders.toLocaleString('en-US')} leaders, ${reports.toLocaleString('en-US')} reports (${pastYears} past years + 2026), ${problems.length.toLocaleString('en-US')} problems; RSS after GC ${mib(rssAfterGc())}`);
  return reports;
}

async function measure(scale: Scale): Promise<Figures> {
  const store = await benchStore('scale');
  try {
    const db = store.db;
    const reports = await seedCounty(db, scale, NOW);

    const sent: OutboundMessage[] = [];
    const outbox = { enqueue: async (m: OutboundMessage | OutboundMessage[]) => void sent.push(...[m].flat()) };
    const ctx = { db, rules: defaultRules, log: silentLogger, outbox, standing: standingService({ db, outbox, rules: defaultRules }) };

    const cards = await timed(() => cardEvaluation.run(ctx, new Date(NOW.getTime() - 30 * 60_000)));
    console.log(`  card evaluation: ${cards.seconds.toFixed(2)} s (goal < ${GOALS.cards} s), ${sent.length.toLocaleString('en-US')} announcements`);
    const digests = await timed(() => dailyDigestMessages(ctx, NOW));
    console.log(`  daily digests: ${digests.value.length.toLocaleString('en-US')} messages in ${digests.seconds.toFixed(2)} s (goal < ${GOALS.digests} s)`);
    const base = rssAfterGc();
    const year = await peakRss(async () => scorecard(await assessmentFacts(db, parsePeriod('2026')!, defaultRules), defaultRules.assessment));
    const rise = year.peak - base;
    console.log(`  year scorecard: ${year.value.units.length} units in ${year.seconds.toFixed(2)} s (goal < ${GOALS.scorecard} s); RSS ${mib(base)} after GC, peak +${mib(rise)} (goal < ${GOALS.scorecardRss} MiB)`);
    const monthly = await timed(() => monthlyBulletinMessages(ctx, NOW));
    console.log(`  月通报 (markdown + .xlsx + chart): ${monthly.seconds.toFixed(2)} s (goal < ${GOALS.monthly} s), ${Math.round(monthly.value.reduce((s, m) => s + JSON.stringify(m.body).length, 0) / 1024)} KiB`);
    console.log(`  RSS after GC: ${mib(rssAfterGc())}`);
    return { digests: digests.seconds, cards: cards.seconds, scorecard: year.seconds, scorecardRss: rise / 2 ** 20, monthly: monthly.seconds, reports };
  } finally {
    await store.close();
  }
}

const scaleArg = process.env.BENCH_SCALE;

export const bench: Bench = {
  name: 'scale: digests, card evaluation, year scorecard and 月通报 at 2,000 and 20,000 projects (200 / 2,000 leaders), and with 3 past years stored',
  async run() {
    if (scaleArg) {
      const figures = await measure(JSON.parse(scaleArg) as Scale);
      console.log(`FIGURES ${JSON.stringify(figures)}`);
      return;
    }
    // Each scale in a process of its own, so one store's heap does not show in the next one's RSS.
    const results: Figures[] = [];
    for (const scale of SCALES) {
      console.log(`\n### ${scale.projects.toLocaleString('en-US')} projects, ${scale.pastYears} past years`);
      const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./index.ts', import.meta.url)), 'scale'], {
        env: { ...process.env, BENCH_SCALE: JSON.stringify(scale) },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 2 ** 24,
      });
      const lines = run.stdout.split('\n');
      console.log(lines.filter((l) => !l.startsWith('FIGURES ') && !l.startsWith('#') && !l.startsWith('## ') && l.trim()).join('\n'));
      const line = lines.find((l) => l.startsWith('FIGURES '));
      if (run.status !== 0 || !line) throw new Error(`scale ${JSON.stringify(scale)} failed (exit ${run.status})`);
      results.push(JSON.parse(line.slice('FIGURES '.length)) as Figures);
    }
    const [small, past, large] = results as [Figures, Figures, Figures];
    const row = (name: keyof typeof GOALS, unit: string) =>
      `${name.padEnd(13)} 2k ${small[name].toFixed(2).padStart(7)}   2k+3y ${past[name].toFixed(2).padStart(7)} (×${(past[name] / small[name]).toFixed(2)})   20k ${large[name].toFixed(2).padStart(7)} ${unit} (×${(large[name] / small[name]).toFixed(1)} for ×10 projects; goal < ${GOALS[name]} ${unit} at 20k: ${large[name] < GOALS[name] ? 'met' : 'NOT met'})`;
    console.log('\n### summary (ratio 20k/2k: linear is ×10; past years: ×1.0 is independent of history)');
    console.log(row('digests', 's'));
    console.log(row('cards', 's'));
    console.log(row('scorecard', 's'));
    console.log(row('scorecardRss', 'MiB'));
    console.log(row('monthly', 's'));
  },
};
