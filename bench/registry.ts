import type { Bench } from './index.js';
import { benchStore, timed } from './store.js';
import { ledgerWorkbook } from '../src/ledger/write.js';
import { readLedger } from '../src/ledger/read.js';
import { importSetup } from '../src/repo/registry.js';
import type { ProjectInput } from '../src/domain/setup.js';

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
  name: 'registry: import of 1,000 projects from Excel',
  async run() {
    const store = await benchStore('registry');
    try {
      const file = await ledgerWorkbook({ projects: projects(1000), people: [], units: [] }, new Map(), []);
      const now = new Date('2026-10-15T08:00:00+08:00');
      const imported = await timed(async () => importSetup(store.db, (await readLedger(file)).setup, 'bench', now));
      console.log(`import 1,000 projects (${Math.round(file.length / 1024)} KiB xlsx → validated → stored, audited): ${imported.seconds.toFixed(2)} s (target < 5 s)`);
    } finally {
      await store.close();
    }
  },
};
