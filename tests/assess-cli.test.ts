import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { spawnTs } from './support/spawn.js';

const cli = (args: string[]) => spawnTs('src/cli/index.ts', args, { MONGODB_URI: 'memory://' });

describe('assess and report assess commands', () => {
  it('name every bad option in Chinese and write nothing', async () => {
    const bad = cli(['assess', 'adjust', '--period', '2026-13', '--unit', '城关镇', '--points', 'abc']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain('--period 应为 2026-10、2026-Q3 或 2026');
    expect(bad.stderr()).toContain('--points 应为数字');
    expect(bad.stderr()).toContain('需要 --reason "原因"');
    const noPeriod = cli(['report', 'assess']);
    expect(await noPeriod.exited).toBe(2);
    expect(noPeriod.stderr()).toContain('report assess 需要 --period');
  }, 30_000);

  it('records an adjustment and renders a period\'s ranking', async () => {
    const adjust = cli(['assess', 'adjust', '--period', '2026-10', '--unit', '城关镇', '--points', '-2', '--reason', '督查发现台账不实', '--by', 'fgw_admin']);
    expect(await adjust.exited).toBe(0);
    expect(adjust.stderr()).toContain('已记录 / done: adjust 2026年10月 城关镇（审计：fgw_admin）');
    const report = cli(['report', 'assess', '--period', '2026-Q3']);
    expect(await report.exited).toBe(0);
    expect(report.stdout()).toContain('2026年第3季度 考核评比排名');
    expect(report.stdout()).toContain('[附件] 2026年第3季度考核评比.xlsx（加 --out DIR 保存）');
  }, 30_000);

  it('report assess --period --out writes the workbook and the chart; --unit names the units there are', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-'));
    const report = cli(['report', 'assess', '--period', '2026', '--out', out]);
    expect(await report.exited).toBe(0);
    expect(report.stdout()).toContain('2026年度 考核评比排名');
    const xlsx = path.join(out, '2026年度考核评比.xlsx');
    expect(report.stdout()).toContain(`[附件] ${xlsx}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['排名', '得分依据']);
    expect((wb.getWorksheet('排名')!.getRow(1).values as unknown[]).slice(1)).toContain('未报送项目');
    const png = fs.readdirSync(out).find((f) => f.endsWith('.png'))!;
    expect(fs.readFileSync(path.join(out, png)).subarray(1, 4).toString()).toBe('PNG');
    const unit = cli(['report', 'assess', '--period', '2026', '--unit', '城关镇']);
    expect(await unit.exited).toBe(1);
    expect(unit.stderr()).toContain('没有考核单位“城关镇”；有：');
    fs.rmSync(out, { recursive: true });
  }, 30_000);
});
