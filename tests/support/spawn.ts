import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

export interface Spawned {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
  /** Resolves with the first stderr JSON log line whose `msg` matches. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** Runs a TypeScript entry point of the repo as a real process, with a clean environment. */
export function spawnTs(entry: string, args: string[], env: Record<string, string>, cwd = repoRoot): Spawned {
  const child = spawn(tsx, [path.join(repoRoot, entry), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => err,
    stdout: () => out,
    exited,
    waitForLog(msg, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no log "${msg}" within ${timeoutMs} ms; stderr:\n${err}`)), timeoutMs);
        const check = () => {
          for (const line of err.split('\n')) {
            if (!line.startsWith('{')) continue;
            const rec = JSON.parse(line) as Record<string, unknown>;
            if (typeof rec.msg === 'string' && rec.msg.includes(msg)) {
              clearTimeout(deadline);
              child.stderr!.off('data', check);
              resolve(rec);
              return;
            }
          }
        };
        child.stderr!.on('data', check);
        child.on('exit', () => {
          clearTimeout(deadline);
          reject(new Error(`process exited before "${msg}"; stderr:\n${err}`));
        });
        check();
      });
    },
  };
}
