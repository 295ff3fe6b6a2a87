import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnTs } from './support/spawn.js';
import { fixturePath } from './support/fixtures.js';

const example = fixturePath('scenario-example');

async function simulate(transport: string): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; stderr: string }> {
  const run = spawnTs('src/cli/index.ts', ['simulate', '--setup', path.join(example, 'setup.json'), '--transport', transport], {});
  run.child.stdin!.end(fs.readFileSync(path.join(example, 'events.jsonl')));
  const code = await run.exited;
  return { code, lines: run.stdout().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr: run.stderr() };
}

describe('npm run -s cli -- simulate --transport', () => {
  it('gives the same messages over the callback and the long connection', async () => {
    const [callback, longconn] = await Promise.all([simulate('callback'), simulate('longconn')]);
    expect([callback.code, longconn.code]).toEqual([0, 0]);
    expect(callback.lines.length).toBeGreaterThan(5);
    const comparable = (lines: Array<Record<string, unknown>>) => lines.map(({ at: _at, ...r }) => JSON.stringify(r)).sort();
    expect(comparable(longconn.lines)).toEqual(comparable(callback.lines));
  }, 60_000);

  it('refuses an unknown transport', async () => {
    const run = await simulate('carrier-pigeon');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--transport 应为 callback 或 longconn');
  }, 30_000);
});
