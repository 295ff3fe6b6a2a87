import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { Store } from '../src/db/index.js';
import { silentLogger } from '../src/log.js';
import { WecomClient } from '../src/wecom/client.js';
import { createOutbox } from '../src/wecom/outbox.js';
import { startWecomSimulator, type WecomSimulator } from '../src/simulate/wecom/server.js';
import { openTestStore } from './support/store.js';

let store: Store;
let sim: WecomSimulator;

vi.mock('../src/cli/with-store.js', () => ({
  withStore: <T>(fn: (env: unknown) => Promise<T>) => fn({ store, config: loadConfig({}), log: silentLogger }),
}));

const { command } = await import('../src/cli/commands/outbox.js');

beforeEach(async () => {
  store = await openTestStore();
  sim = await startWecomSimulator({ clock: new ManualClock(new Date()), corpId: 'c', secret: 's' });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await sim.close();
  await store.close();
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await command.run(argv), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('cli outbox', () => {
  it('lists failed messages in a Chinese table without keys or URLs, and re-queues one', async () => {
    const clock = new ManualClock(new Date('2026-12-02T01:00:00Z'));
    const client = new WecomClient({ baseUrl: sim.url, clock, log: silentLogger });
    const outbox = createOutbox({ db: store.db, client, clock, log: silentLogger });
    await outbox.enqueue({ key: 'k1', target: { kind: 'webhook', chatId: 'wr_gone', webhookKey: 'secret-key' }, body: { msgtype: 'text', content: '日报' } });
    await outbox.drainDue();
    const [failed] = await outbox.list({ status: 'failed' });

    const listed = await run([]);
    expect(listed.code).toBe(0);
    const [header, row] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^编号\s+状态\s+发往\s+类型\s+尝试\s+时间\s+说明$/);
    expect(row).toContain(failed!._id.toHexString());
    expect(row).toMatch(/失败\s+群 wr_gone\s+text\s+1\s+2026-12-02 09:00:00\s+93000/);
    expect(listed.stdout).not.toContain('secret-key');

    expect((await run(['--status', 'pending'])).stdout.trimEnd().split('\n')).toHaveLength(1);

    const retried = await run(['--retry', failed!._id.toHexString()]);
    expect(retried.code).toBe(0);
    expect(await outbox.pending()).toBe(1);
    expect((await run(['--retry', failed!._id.toHexString()])).code).toBe(1);
    expect((await run(['--status', 'nope'])).code).toBe(2);
  });
});
