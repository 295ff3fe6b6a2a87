import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { ledgerSnapshot } from '../../ledger/snapshot.js';
import { ledgerWorkbook } from '../../ledger/write.js';
import { systemClock } from '../../clock.js';
import dayjs from '../../time.js';

export const command: Command = {
  summary: '导出当前台账 / export the registry with latest figures, cards, open problems and approvals to Excel',
  usage: 'npm run -s cli -- export [FILE.xlsx]   (default 项目台账-YYYYMMDD.xlsx); the file re-imports as is',
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
    const now = systemClock.now();
    const file = positionals[0] ?? `项目台账-${dayjs(now).tz().format('YYYYMMDD')}.xlsx`;
    const snapshot = await withStore(({ store }) => ledgerSnapshot(store.db, now));
    fs.writeFileSync(file, await ledgerWorkbook(snapshot.setup, snapshot.figures, snapshot.extras));
    process.stderr.write(`已导出 / exported ${snapshot.setup.projects.length} 个项目: ${file}\n`);
    return 0;
  },
};
