import type { Bench } from './index.js';
import { benchStore, mib, timed } from './store.js';
import { importSetup } from '../src/repo/registry.js';
import { storeReport } from '../src/repo/reports.js';
import { silentLogger } from '../src/log.js';
import { defaultRules } from '../src/domain/rules.js';
import { standingService } from '../src/services/standing.js';
import { dailyDigestMessages } from '../jobs/daily-digest.js';
import { monthlyBulletinMessages } from '../jobs/monthly-bulletin.js';
import type { ProjectInput } from '../src/domain/setup.js';
import type { OutboundMessage } from '../src/messages/outbound.js';

const PROJECTS = 2000;
const LEADERS = 200;
const WEEKS = 20;
const TOWNSHIPS = Array.from({ length: 24 }, (_, i) => `第${i + 1}镇`);
const INDUSTRIES = ['快递智能装备', '高性能新材料', '电子电器信息', '绿色低碳环保', '农产品深加工', '文旅康养', '基础设施', '社会民生'];

export const bench: Bench = {
  name: `bulletins: daily digests for ${PROJECTS.toLocaleString('en-US')} projects and ${LEADERS} leaders; the monthly bulletin`,
  async run() {
    const store = await benchStore('bulletins');
    try {
      const start = new Date('2026-06-01T09:00:00+08:00');
      const projects: ProjectInput[] = Array.from({ length: PROJECTS }, (_, i) => ({
        name: `第${i + 1}号重点项目`, aliases: [], township: TOWNSHIPS[i % TOWNSHIPS.length], industry: INDUSTRIES[i % INDUSTRIES.length],
        yearPlan: 5000 + (i % 30) * 200, stage: '在建', leader: `leader${i % LEADERS}`, liaisons: [`liaison${i}`],
      }));
      const people = Array.from({ length: LEADERS }, (_, i) => ({ userid: `leader${i}`, name: `县领导${i}`, role: 'leader' as const }));
      await importSetup(store.db, { projects, people: [...people, { userid: 'admin', name: '管理员', role: 'admin' }], units: [] }, 'bench', start);
      // A weekly report from most projects for 20 weeks: 36,000 reports in the store.
      let n = 0;
      for (let w = 0; w < WEEKS; w++) {
        for (let i = 0; i < PROJECTS; i++) {
          if ((i + w) % 10 === 0) continue;
          const reportedAt = new Date(start.getTime() + w * 7 * 86_400_000 + (i % 5) * 3_600_000);
          await storeReport(store.db, {
            msgId: `b${n++}`, project: projects[i]!.name, userId: `liaison${i}`, chatId: null, text: '年度累计完成投资', reportedAt,
            fields: { completedThisPeriod: 100, completedThisYear: 1000 + w * 150, completedTotal: null, totalInvestment: null, progressPercent: null, stage: null, approvals: [] },
            confidence: 1, flags: [], status: 'confirmed', unregistered: false,
          });
        }
      }
      console.log(`registry: ${PROJECTS} projects, ${LEADERS} leaders, ${n.toLocaleString('en-US')} reports over ${WEEKS} weeks`);
      const now = new Date('2026-11-02T08:30:00+08:00');
      const sent: OutboundMessage[] = [];
      const outbox = { enqueue: async (m: OutboundMessage | OutboundMessage[]) => void sent.push(...[m].flat()) };
      const ctx = { db: store.db, rules: defaultRules, log: silentLogger, outbox, standing: standingService({ db: store.db, outbox, rules: defaultRules }) };
      const rss0 = process.memoryUsage().rss;
      const digests = await timed(() => dailyDigestMessages(ctx, now));
      console.log(`daily digests: ${digests.value.length} messages in ${digests.seconds.toFixed(2)} s (target < 10 s), RSS ${mib(rss0)} → ${mib(process.memoryUsage().rss)} (target < 300 MiB)`);
      const monthly = await timed(() => monthlyBulletinMessages(ctx, now));
      const bytes = monthly.value.reduce((s, m) => s + JSON.stringify(m.body).length, 0);
      console.log(`monthly bulletin (markdown + .xlsx + chart): ${monthly.seconds.toFixed(2)} s, ${Math.round(bytes / 1024)} KiB queued, RSS ${mib(process.memoryUsage().rss)}`);
    } finally {
      await store.close();
    }
  },
};
