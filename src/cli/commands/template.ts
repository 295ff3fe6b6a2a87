import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { templateWorkbook } from '../../ledger/write.js';

export const command: Command = {
  summary: '生成空白台账模板 / write the blank Excel 台账 template',
  usage: 'npm run -s cli -- template [FILE.xlsx]   (default 项目台账模板.xlsx)',
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
    const file = positionals[0] ?? '项目台账模板.xlsx';
    fs.writeFileSync(file, await templateWorkbook());
    process.stderr.write(`已生成模板 / template written: ${file}\n`);
    return 0;
  },
};
