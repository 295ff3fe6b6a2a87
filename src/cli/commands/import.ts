import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../index.js';
import { withStore } from '../with-store.js';
import { setupSchema } from '../../domain/setup.js';
import { importSetup } from '../../repo/registry.js';
import { systemClock } from '../../clock.js';

export const command: Command = {
  summary: '导入项目台账 / import the registry (projects, people, unit targets) from JSON',
  usage: 'npm run -s cli -- import FILE.json [--dry-run]\n  FILE: {"projects": [...], "people": [...], "units": [...]} — the SETUP.json form of docs',
  async run(argv) {
    const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false } } });
    const file = positionals[0];
    if (!file) {
      process.stderr.write(`缺少文件名 / missing FILE\n${this.usage}\n`);
      return 2;
    }
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      process.stderr.write(`无法读取 / cannot read ${file}: ${(err as Error).message}\n`);
      return 1;
    }
    const setup = setupSchema.safeParse(json);
    if (!setup.success) {
      // All or nothing: every problem is listed and nothing is written.
      for (const issue of setup.error.issues) process.stderr.write(`${issue.path.map((p) => (typeof p === 'number' ? `第${p + 1}条` : String(p))).join(' › ')}：${issue.message}\n`);
      process.stderr.write('未导入任何数据 / nothing imported\n');
      return 1;
    }
    if (values['dry-run']) {
      process.stderr.write(`校验通过 / valid: ${setup.data.projects.length} 个项目, ${setup.data.people.length} 人, ${setup.data.units.length} 个单位（未写入 / dry run）\n`);
      return 0;
    }
    const summary = await withStore(({ store }) => importSetup(store.db, setup.data, 'cli', systemClock.now()));
    process.stderr.write(`已导入 / imported: 新增项目 ${summary.projects.created}, 更新 ${summary.projects.updated}, 人员 ${summary.people}, 单位 ${summary.units}\n`);
    return 0;
  },
};
