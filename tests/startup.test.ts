import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnTs } from './support/spawn.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

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

  it.skipIf(!hasOpenssl)('first start of the embedded store: logs the mongod cache and the download progress; a failed download keeps the three options', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xmdd-download-'));
    const tls = spawnSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ]);
    expect(tls.status).toBe(0);
    // A mirror serving 1 MB that is no mongod archive: the download runs to 100 %, then the binary is refused.
    const mirror = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => {
      res.writeHead(200, { 'content-length': 1024 * 1024 });
      res.end(Buffer.alloc(1024 * 1024));
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = mirror.address() as AddressInfo;
      const app = spawnTs('src/main.ts', [], {
        PORT: '0',
        MONGO_DATA_DIR: path.join(dir, 'data'),
        MONGOMS_DOWNLOAD_DIR: path.join(dir, 'cache'),
        MONGOMS_DOWNLOAD_URL: `https://127.0.0.1:${port}/mongodb-linux-x86_64-debian12-8.2.6.tgz`,
        NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'),
      });
      expect(await app.exited).toBe(1);
      const records = app.stderr().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.find((r) => String(r.msg).includes('first start: downloading mongod 8.2.6'))).toMatchObject({ cache: path.join(dir, 'cache', 'mongod-x86_64-debian-8.2.6') });
      expect(records.filter((r) => r.percent === 100)).toHaveLength(1);
      const err = app.stderr();
      expect(err).toContain('could not get mongod 8.2.6');
      expect(err).toContain('MONGODB_URI=mongodb://');
      expect(err).toContain('MONGOMS_SYSTEM_BINARY');
      expect(err).toContain('MONGODB_URI=memory://');
      expect(err).not.toMatch(/^\s+at /m);
    } finally {
      mirror.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops on a bad value with one line naming it', async () => {
    const app = spawnTs('src/main.ts', [], { PORT: 'abc' });
    expect(await app.exited).toBe(1);
    expect(app.stderr().trim().split('\n')).toHaveLength(1);
    expect(app.stderr()).toMatch(/PORT="abc"/);
  });
});
