import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/spawn.js';

/**
 * `npm start` as a service manager runs it: the npm process gets the signal (systemd, pm2, a
 * terminal's Ctrl-C to the whole group). Results are decided by exit codes, log lines and /proc,
 * never by how long something took; the timeouts are only there to fail instead of hanging.
 */

interface Proc {
  pid: number;
  start: string;
}

/** Every process whose process group is `pgid`, with its start time (so a reused pid is not mistaken for it). */
function groupMembers(pgid: number): Proc[] {
  const found: Proc[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(Number(name));
    if (fields && Number(fields[2]) === pgid && fields[0] !== 'Z') found.push({ pid: Number(name), start: fields[19]! });
  }
  return found;
}

/** /proc/PID/stat after the command name: [state, ppid, pgrp, …, starttime at index 19]. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function alive(proc: Proc): boolean {
  const fields = statFields(proc.pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[19] === proc.start;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function connectRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Started {
  /** The process started (npm, or node itself). */
  proc: ChildProcess;
  port: number;
  /** npm and everything it started, as seen while serving. */
  members: Proc[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` (or `command`) in its own process group, as a terminal or a service manager runs it, serving on a free port. */
async function startService(extraEnv: Record<string, string> = {}, command: string[] = ['npm', 'start']): Promise<Started> {
  const npm = spawn(command[0]!, command.slice(1), {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MONGODB_URI: 'memory://', PORT: '0', HOST: '127.0.0.1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let err = '';
  npm.stdout!.resume();
  npm.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.on('exit', (code, signal) => resolve({ code, signal })));
  let port = 0;
  await eventually('the "started in" line', () => {
    const line = err.split('\n').find((l) => l.startsWith('{') && l.includes('started in'));
    if (line) port = Number(new URL(String((JSON.parse(line) as { url: string }).url)).port);
    if (npm.exitCode !== null) throw new Error(`npm start exited ${npm.exitCode}:\n${err}`);
    return port > 0;
  }, 60_000);
  await eventually('/healthz', () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false));
  const members = groupMembers(npm.pid!);
  return { proc: npm, port, members, stderr: () => err, exited };
}

/** A client that has sent half a request: the server must wait for it (an in-flight callback). */
function halfRequest(port: number): Promise<{ socket: net.Socket; response: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      let got = '';
      socket.on('data', (d: Buffer) => (got += d.toString()));
      const response = new Promise<string>((done) => socket.on('close', () => done(got)));
      resolve({ socket, response });
    });
    socket.once('error', reject);
  });
}

function stopLine(stderr: string): string | undefined {
  return stderr.split('\n').find((l) => l.startsWith('{') && l.includes('stopped in'));
}

async function expectAllGone(app: Started): Promise<void> {
  for (const proc of app.members) expect(alive(proc), `pid ${proc.pid} still running`).toBe(false);
  expect(groupMembers(app.proc.pid!)).toEqual([]);
  expect(await portFree(app.port)).toBe(true);
}

describe('npm start as a service: signals', () => {
  beforeAll(() => {
    // Build once here, so no case pays for (or races on) the prestart build.
    const build = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }, 120_000);

  it('SIGTERM to the npm process alone: the in-flight request finishes, exit 0, no process left, port free', async () => {
    const app = await startService();
    // node is npm's direct child: no shell or tsx layer in between that could be left behind.
    expect(app.members).toHaveLength(2); // npm and node
    const node = app.members.find((p) => statFields(p.pid)?.[1] === String(app.proc.pid));
    expect(node).toBeDefined();
    expect(fs.readFileSync(`/proc/${node!.pid}/cmdline`, 'utf8').split('\0')).toContain('dist/src/main.js');

    const client = await halfRequest(app.port);
    process.kill(app.proc.pid!, 'SIGTERM');
    // The listener closes first; the half-sent request is still being waited for.
    await eventually('the port to refuse connections', () => connectRefused(app.port));
    expect(stopLine(app.stderr())).toBeUndefined();
    client.socket.write('\r\n');
    expect(await client.response).toMatch(/^HTTP\/1\.1 200/);

    expect(await app.exited).toEqual({ code: 0, signal: null });
    const line = stopLine(app.stderr());
    expect(line).toMatch(/stopped in \d+ ms \(SIGTERM\): http closed, 1 callbacks finished, scheduler stopped, dispatcher idle, outbox drained 0, store closed/);
    expect(JSON.parse(line!)).toMatchObject({ clean: true });
    await expectAllGone(app);
  }, 120_000);

  it('SIGINT to the whole process group (Ctrl-C): one stop despite npm forwarding it again, exit 0, no process left, port free', async () => {
    const app = await startService({ LOG_LEVEL: 'debug' });
    const client = await halfRequest(app.port);
    process.kill(-app.proc.pid!, 'SIGINT');
    await eventually('the port to refuse connections', () => connectRefused(app.port));
    // node got SIGINT from the kernel and again from npm; while the held request keeps the stop open,
    // the echo must not count as a second signal. (The wait lets the echo arrive; it decides nothing.)
    await new Promise((r) => setTimeout(r, 500));
    client.socket.write('\r\n');
    expect(await client.response).toMatch(/^HTTP\/1\.1 200/);
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const stops = app.stderr().split('\n').filter((l) => l.includes('stopped in'));
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatch(/stopped in \d+ ms \(SIGINT\): http closed, 1 callbacks finished/);
    expect(app.stderr()).not.toContain('exiting now');
    await expectAllGone(app);
  }, 120_000);

  it('a second signal exits at once, without waiting for the held request', async () => {
    const app = await startService();
    const client = await halfRequest(app.port);
    process.kill(app.proc.pid!, 'SIGTERM');
    await eventually('the port to refuse connections', () => connectRefused(app.port));
    // Past npm's echo window (1 s), so this is a second request to stop, not the first one forwarded again.
    await new Promise((r) => setTimeout(r, 1_500));
    process.kill(app.proc.pid!, 'SIGTERM');
    const { code } = await app.exited;
    expect(code).toBe(143);
    expect(app.stderr()).toContain('second SIGTERM, exiting now');
    expect(stopLine(app.stderr())).toBeUndefined();
    // The held request was not answered: the process went without finishing the stop.
    expect(await client.response).toBe('');
    await expectAllGone(app);
  }, 120_000);

  it('a client that never finishes its request holds the stop 10 s at most: cut, then the rest of the stop, exit 0', async () => {
    const app = await startService();
    const client = await halfRequest(app.port);
    process.kill(app.proc.pid!, 'SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(await client.response).toBe('');
    const line = stopLine(app.stderr());
    expect(line).toMatch(/http closed, 0 callbacks finished, 1 connections cut after 10000 ms, scheduler stopped, dispatcher idle, outbox drained 0, store closed/);
    expect(JSON.parse(line!)).toMatchObject({ clean: false });
    await expectAllGone(app);
  }, 120_000);

  it('plain node on dist/ (how systemd, pm2 and the Docker image run it): SIGTERM stops it with exit 0, a second SIGTERM at once', async () => {
    const app = await startService({}, [process.execPath, '--enable-source-maps', 'dist/src/main.js']);
    process.kill(app.proc.pid!, 'SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(stopLine(app.stderr())).toMatch(/stopped in \d+ ms \(SIGTERM\): http closed, 0 callbacks finished/);
    await expectAllGone(app);

    // Not under npm there is no echo to allow for: the second signal ends it however soon it comes.
    const held = await startService({}, [process.execPath, 'dist/src/main.js']);
    const client = await halfRequest(held.port);
    process.kill(held.proc.pid!, 'SIGTERM');
    await eventually('the port to refuse connections', () => connectRefused(held.port));
    process.kill(held.proc.pid!, 'SIGTERM');
    expect((await held.exited).code).toBe(143);
    expect(await client.response).toBe('');
    await expectAllGone(held);
  }, 120_000);
});
