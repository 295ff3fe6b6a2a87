import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { importSetup } from '../../repo/registry.js';
import { readLedger, type LedgerRead } from '../../ledger/read.js';
import { readSetupJson } from '../../ledger/json.js';
import { systemClock } from '../../clock.js';
import { allPeople } from '../../repo/projects.js';
import { checkAccounts } from '../../ledger/accounts.js';
import { projectSheet } from '../../ledger/columns.js';

const isXlsx = (file: string) => file.toLowerCase().endsWith('.xlsx');

export const command: Command = {
  summary: '导入项目台账 / import the registry (projects, people, unit targets) from the Excel 台账 or JSON',
  usage: [
    'npm run -s cli -- import FILE.xlsx|FILE.json [--dry-run] [--partial]',
    '  FILE.xlsx  the 台账 template (npm run -s cli -- template writes a blank one)',
    '  FILE.json  {"projects": [...], "people": [...], "units": [...]} — the SETUP.json form',
    '  --partial  import the good rows even when some rows are bad (default: all or nothing)',
    '  --dry-run  check the file, write nothing',
  ].join('\n'),
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean', default: false }, partial: { type: 'boolean', default: false } },
    });
    const file = positionals[0];
    if (!file) {
      process.stderr.write(`缺少文件名 / missing FILE\n${this.usage}\n`);
      return 2;
    }
    let read: LedgerRead;
    try {
      read = isXlsx(file) ? await readLedger(fs.readFileSync(file)) : readSetupJson(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (err) {
      process.stderr.write(`无法读取 / cannot read ${file}: ${(err as Error).message}\n`);
      return 1;
    }
    for (const w of read.warnings) process.stderr.write(`提示：${w}\n`);
    return withStore(async ({ store }) => {
      const registered = (await allPeople(store.db)).map((p) => p.userid);
      const checked = checkAccounts(read, registered, isXlsx(file) ? projectSheet.name : '项目');
      for (const p of checked.problems) process.stderr.write(`${where(p)}：${p.message}\n`);
      const { setup } = checked;
      const counts = `${setup.projects.length} 个项目, ${setup.people.length} 人, ${setup.units.length} 个单位`;
      if (checked.problems.length > 0 && !values.partial) {
        process.stderr.write(`共 ${checked.problems.length} 处错误，未导入任何数据 / nothing imported (改正后重试，或加 --partial 只导入正确的行)\n`);
        return 1;
      }
      if (values['dry-run']) {
        process.stderr.write(`校验通过 / valid: ${counts}（未写入 / dry run）\n`);
        return 0;
      }
      const summary = await importSetup(store.db, setup, 'cli', systemClock.now());
      const skipped = checked.problems.length > 0 ? `；有错误的行已跳过（${checked.problems.length} 处）` : '';
      process.stderr.write(`已导入 / imported: 新增项目 ${summary.projects.created}, 更新 ${summary.projects.updated}, 人员 ${summary.people}, 单位 ${summary.units}${skipped}\n`);
      return checked.problems.length > 0 ? 3 : 0;
    });
  },
};

function where(p: LedgerRead['problems'][number]): string {
  const row = p.row > 0 ? ` 第${p.row}行` : '';
  return `${p.sheet}${row}${p.column ? ` 「${p.column}」` : ''}`;
}
