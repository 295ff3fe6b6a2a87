import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { backup } from '../../ops/backup.js';
import { systemClock } from '../../clock.js';

export const command: Command = {
  summary: '备份全部数据到一个 JSON Lines 文件 / back up every collection to one JSON Lines file',
  usage: 'npm run -s cli -- backup FILE',
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true });
    const file = positionals[0];
    if (!file) {
      process.stderr.write(`缺少文件名 / missing FILE\n${this.usage}\n`);
      return 2;
    }
    const summary = await withStore(({ store }) => backup(store.db, file, systemClock.now()));
    process.stderr.write(`已备份 / backed up: ${JSON.stringify(summary.collections)} → ${file}\n`);
    return 0;
  },
};
