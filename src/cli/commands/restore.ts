import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { restore, RestoreError } from '../../ops/backup.js';

export const command: Command = {
  summary: '从备份文件恢复到一个空数据库 / restore a backup into an empty database',
  usage: 'npm run -s cli -- restore FILE   (MONGODB_URI / MONGO_DB_NAME 指向空库 / point at an empty database)',
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true });
    const file = positionals[0];
    if (!file || !fs.existsSync(file)) {
      process.stderr.write(`找不到备份文件 / backup file not found: ${file ?? ''}\n${this.usage}\n`);
      return 2;
    }
    try {
      const summary = await withStore(({ store, log, rules }) => restore(store.db, file, log, rules().retention));
      process.stderr.write(`已恢复 / restored: ${JSON.stringify(summary.collections)}\n`);
      return 0;
    } catch (err) {
      if (err instanceof RestoreError) {
        process.stderr.write(err.message + '\n');
        return 1;
      }
      throw err;
    }
  },
};
