import { describe, expect, it } from 'vitest';
import { spawnTs } from './support/spawn.js';

describe('npm start (src/main.ts)', () => {
  it('serves /healthz and /readyz on memory://, warns once about missing WeCom credentials, exits 0 on SIGTERM', async () => {
    const app = spawnTs('src/main.ts', [], { MONGODB_URI: 'memory://', PORT: '0', HOST: '127.0.0.1' });
    const listening = await app.waitForLog('started in');
    const url = String(listening.url);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { mongo: true, agenda: true } });

    const warnings = app.stderr().split('\n').filter((l) => l.includes('WECOM_BOT_TOKEN'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"level":40');

    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.stderr()).toMatch(/"msg":"[^"]*stopped in \d+ ms \(SIGTERM\): http closed, 0 callbacks finished, scheduler stopped, dispatcher idle, outbox drained 0, store closed"/);
  });

  it('fails with the three storage options when no mongod can be had', async () => {
    const app = spawnTs('src/main.ts', [], {
      PORT: '0',
      MONGO_DATA_DIR: `/tmp/xmdd-test-${process.pid}`,
      MONGOMS_SYSTEM_BINARY: '/nonexistent/mongod',
    });
    expect(await app.exited).not.toBe(0);
    const err = app.stderr();
    expect(err).toContain('MONGODB_URI=mongodb://');
    expect(err).toContain('MONGOMS_SYSTEM_BINARY');
    expect(err).toContain('MONGODB_URI=memory://');
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('stops on a bad value with one line naming it', async () => {
    const app = spawnTs('src/main.ts', [], { PORT: 'abc' });
    expect(await app.exited).toBe(1);
    expect(app.stderr().trim().split('\n')).toHaveLength(1);
    expect(app.stderr()).toMatch(/PORT="abc"/);
  });
});
