import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnTs } from './support/spawn.js';
import { fixturePath } from './support/fixtures.js';
import { signInByLink } from './support/cockpit.js';

const example = fixturePath('scenario-example');

function start(...args: string[]) {
  const run = spawnTs('src/cli/index.ts', ['simulate', '--setup', path.join(example, 'setup.json'), ...args], {});
  run.child.stdin!.end(fs.readFileSync(path.join(example, 'events.jsonl')));
  return run;
}

async function simulate(transport: string): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; stderr: string }> {
  const run = start('--transport', transport);
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

  it('with --user prints sign-in links that open the 驾驶舱 of the county the timeline left, until stopped', async () => {
    const run = start('--user', 'qian_fxz', '--user', 'fgw_admin');
    const link = (user: string) => new RegExp(`sign in as ${user}: (\\S+)`).exec(run.stderr())?.[1];
    for (let waited = 0; !(link('qian_fxz') && link('fgw_admin')); waited += 100) {
      if (waited > 45_000) throw new Error(`no sign-in links; stderr:\n${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.stdout().split('\n').filter(Boolean).length).toBeGreaterThan(5);
    const leader = await signInByLink(link('qian_fxz')!);
    const page = await leader.get('/cockpit/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('钱副县长');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 60_000);

  it('refuses an unknown transport', async () => {
    const run = await simulate('carrier-pigeon');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--transport 应为 callback 或 longconn');
  }, 30_000);
});
