import type { Bench } from './index.js';
import { benchStore, timed } from './store.js';
import { ledgerWorkbook } from '../src/ledger/write.js';
import { readLedger } from '../src/ledger/read.js';
import { importSetup } from '../src/repo/registry.js';
import { allProjects } from '../src/repo/projects.js';
import { storeReport } from '../src/repo/reports.js';
import { standingService } from '../src/services/standing.js';
import { cardEvaluation } from '../jobs/card-evaluation.js';
import { silentLogger } from '../src/log.js';
import { defaultRules } from '../src/domain/rules.js';
import type { ProjectInput } from '../src/domain/setup.js';
import type { OutboundMessage } from '../src/messages/outbound.js';

const TOWNSHIPS = ['城关镇', '青山经开区', '竹溪乡', '东河镇', '西岭镇', '南湖街道'];

function projects(n: number): ProjectInput[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `第${i + 1}号重点项目（鑫瀚）`,
    aliases: [`${i + 1}号项目`],
    level: '县',
    category: '产业',
    industry: '高性能新材料',
    township: TOWNSHIPS[i % TOWNSHIPS.length],
    totalInvestment: 20000 + i,
    yearPlan: 6000 + (i % 50) * 100,
    plannedStart: '2026-03-01',
    stage: '在建',
    acres: i % 80,
    leader: `leader${i % 20}`,
    department: '县经信局',
    specialist: `spec${i % 40}`,
    liaisons: [`liaison${i}`],
    chatId: `wrchat${i}`,
  }));
}

export const bench: Bench = {
  name: 'registry: import of 1,000 projects from Excel; card evaluation of 2,000 projects',
  async run() {
    const store = await benchStore('registry');
    try {
      const file = await ledgerWorkbook({ projects: projects(1000), people: [], units: [] }, new Map(), []);
      const now = new Date('2026-10-15T08:00:00+08:00');
      const imported = await timed(async () => importSetup(store.db, (await readLedger(file)).setup, 'bench', now));
      console.log(`import 1,000 projects (${Math.round(file.length / 1024)} KiB xlsx → validated → stored, audited): ${imported.seconds.toFixed(2)} s (target < 5 s)`);

      await importSetup(store.db, { projects: projects(2000), people: [], units: [] }, 'bench', now);
      const list = await allProjects(store.db);
      for (const [i, p] of list.entries()) {
        await storeReport(store.db, {
          msgId: `bench-${i}`, project: p.name, chatId: p.chatId ?? null, userId: p.liaisons[0]!, text: '年度累计完成投资', reportedAt: new Date('2026-10-09T10:00:00+08:00'),
          fields: { completedThisPeriod: null, completedThisYear: (i % 10) * 500, completedTotal: null, totalInvestment: null, progressPercent: null, stage: null, approvals: [] },
          confidence: 1, status: 'confirmed', flags: [], unregistered: false,
        });
      }
      const sent: OutboundMessage[] = [];
      const outbox = { enqueue: async (m: OutboundMessage | OutboundMessage[]) => void sent.push(...[m].flat()) };
      const ctx = { db: store.db, log: silentLogger, outbox, rules: defaultRules, standing: standingService({ db: store.db, outbox, rules: defaultRules }) };
      const run = await timed(() => cardEvaluation.run(ctx, now));
      console.log(`daily card evaluation job, ${list.length} projects (facts read, cards judged, changes recorded and audited): ${run.seconds.toFixed(2)} s (target < 1 s); ${sent.length} announcements queued`);
    } finally {
      await store.close();
    }
  },
};
