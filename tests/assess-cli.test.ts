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
});
