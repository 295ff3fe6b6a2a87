import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnTs } from './support/spawn.js';

async function cli(args: string[], env: Record<string, string> = {}) {
  const p = spawnTs('src/cli/index.ts', ['calendar', ...args], { MONGODB_URI: 'memory://', ...env });
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

describe('calendar CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cal-cli-'));

  it("shows a year's days off and working weekends, with the county's file in force", async () => {
    const file = path.join(dir, '2027.json');
    fs.writeFileSync(file, JSON.stringify([{ date: '2027-02-09', kind: 'holiday', name: '春节' }, { date: '2027-02-20', kind: 'workday', name: '调休上班' }]));
    const provisional = await cli(['show', '2027']);
    expect(provisional.code).toBe(0);
    expect(provisional.stdout).toContain('2027 年（暂定');
    expect(provisional.stdout).toContain('2027-02-08 周一 春节');
    const county = await cli(['show', '2027'], { CALENDAR_FILE: file });
    expect(county.stdout).not.toContain('暂定');
    expect(county.stdout).toContain('2027-02-09 周二 春节');
    expect(county.stdout).toMatch(/周末调休上班（1 天）：\n {2}2027-02-20 周六 调休上班/);
  }, 60_000);

  it('refuses a file with bad entries, naming each, and stores nothing', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([{ date: '2027-1-1', kind: 'holiday', name: '元旦' }]));
    const r = await cli(['import', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第 1 条：date 日期应为 YYYY-MM-DD');
    expect((await cli(['nonsense'])).code).toBe(2);
  }, 60_000);
});
