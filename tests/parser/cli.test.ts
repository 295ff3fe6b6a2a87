import { describe, expect, it } from 'vitest';
import { spawnTs } from '../support/spawn.js';
import { fixturePath } from '../support/fixtures.js';

const projects = fixturePath('projects.json');

async function runParse(args: string[], stdin: string) {
  const p = spawnTs('src/cli/index.ts', ['parse', ...args], {});
  p.child.stdin!.end(stdin);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

describe('parse CLI contract', () => {
  it('answers one JSON object per input line, in order, error lines for bad input, nothing else on stdout', async () => {
    const lines = [
      JSON.stringify({ text: '本月完成投资1250万元,形象进度65%', boundProject: '陶瓷琉璃文创园', date: '2026-11-20' }),
      'not json',
      JSON.stringify({ boundProject: null, date: '2026-11-20' }),
      JSON.stringify({ text: '收到', boundProject: null, date: '2026-11-20' }),
    ];
    const { code, stdout } = await runParse(['--projects', projects], lines.join('\n') + '\n');
    expect(code).toBe(0);
    const out = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ project: '陶瓷琉璃文创园', completedThisPeriod: 1250, completedThisYear: null, progressPercent: 65, stage: null, approvals: [], problems: [] });
    expect(out[1]).toEqual({ error: expect.any(String) });
    expect(out[2]).toEqual({ error: expect.stringContaining('text') });
    expect(out[3]).toMatchObject({ project: null, isReport: false });
  }, 30_000);

  it('exits non-zero with a message when the projects file cannot be read', async () => {
    const { code, stdout, stderr } = await runParse(['--projects', '/nonexistent.json'], '');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('/nonexistent.json');
  }, 30_000);
});
