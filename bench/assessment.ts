import type { Bench } from './index.js';
import { benchStore, mib, timed } from './store.js';
import { importSetup } from '../src/repo/registry.js';
import { collections } from '../src/db/collections.js';
import { assessmentFacts } from '../src/repo/assessments.js';
import { scorecard } from '../src/domain/assessment.js';
import { parsePeriod } from '../src/domain/period.js';
import { defaultRules } from '../src/domain/rules.js';
import type { ProjectInput } from '../src/domain/setup.js';

const PROJECTS = 2000;
const TOWNSHIPS = Array.from({ length: 24 }, (_, i) => `第${i + 1}镇`);
const DEPARTMENTS = ['县发改委', '县经信局', '县住建局', '县交通局', '县商务局', '县文旅局'];

export const bench: Bench = {
  name: `assessment: year scorecard for ${PROJECTS.toLocaleString('en-US')} projects in ${TOWNSHIPS.length + DEPARTMENTS.length} units over a year of weekly reports`,
  async run() {
    const store = await benchStore('assessment');
    try {
      const start = new Date('2026-01-02T09:00:00+08:00');
      const projects: ProjectInput[] = Array.from({ length: PROJECTS }, (_, i) => ({
        name: `第${i + 1}号重点项目`, aliases: [], township: TOWNSHIPS[i % TOWNSHIPS.length], department: DEPARTMENTS[i % DEPARTMENTS.length],
        yearPlan: 5000 + (i % 30) * 200, totalInvestment: 20_000 + (i % 9) * 10_000, landUse: '工业', stage: '在建', liaisons: [`liaison${i}`],
      }));
      const units = TOWNSHIPS.map((name) => ({ name, kind: 'township' as const, yearTargets: { investment: 300_000, 签约: 12, 落地: 10, 开工: 8, 投产: 4, 达效: 2 } }));
      await importSetup(store.db, { projects, people: [], units }, 'bench', start);
      const reports = [];
      for (let w = 0; w < 52; w++) {
        for (let i = 0; i < PROJECTS; i++) {
          if ((i + w) % 13 === 0) continue;
          const reportedAt = new Date(start.getTime() + w * 7 * 86_400_000 + (i % 6) * 3_600_000);
          reports.push({ _id: `r${w}-${i}`, msgId: `m${w}-${i}`, project: `第${i + 1}号重点项目`, userId: `liaison${i}`, chatId: null, text: '年度累计完成投资', reportedAt, status: 'confirmed', confidence: 1, flags: [], unregistered: false, fields: { completedThisPeriod: 100, completedThisYear: 100 * (w + 1), completedTotal: null, totalInvestment: null, progressPercent: null, stage: null, approvals: [] } });
        }
      }
      await store.db.collection(collections.reports).insertMany(reports as never[]);
      const problems = Array.from({ length: 600 }, (_, i) => ({ _id: `p${i}`, no: i + 1, sourceKey: `s${i}`, project: `第${(i * 7) % PROJECTS + 1}号重点项目`, text: '问题', reportedBy: 'x', chatId: null, openedAt: new Date(start.getTime() + (i % 300) * 86_400_000), status: i % 3 ? '已解决' : '协调中', level: 0, escalations: [], ...(i % 3 ? { resolvedAt: new Date(start.getTime() + ((i % 300) + (i % 25)) * 86_400_000) } : {}) }));
      await store.db.collection(collections.problems).insertMany(problems as never[]);
      console.log(`store: ${PROJECTS} projects, ${reports.length.toLocaleString('en-US')} weekly reports, ${problems.length} problems`);
      const year = parsePeriod('2026')!;
      const rss0 = process.memoryUsage().rss;
      const { value, seconds } = await timed(async () => scorecard(await assessmentFacts(store.db, year, defaultRules), defaultRules.assessment));
      console.log(`year scorecard (facts read + scored, ${value.units.length} units): ${seconds.toFixed(2)} s (target < 2 s), RSS ${mib(rss0)} → ${mib(process.memoryUsage().rss)}`);
      const q = await timed(async () => scorecard(await assessmentFacts(store.db, parsePeriod('2026-Q3')!, defaultRules), defaultRules.assessment));
      console.log(`quarter scorecard: ${q.seconds.toFixed(2)} s`);
    } finally {
      await store.close();
    }
  },
};
