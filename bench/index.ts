import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A benchmark prints its own figures; `npm run bench` runs them all, or those named on the command line. */
export interface Bench {
  name: string;
  run(): Promise<void>;
}

const benches: Record<string, () => Promise<{ bench: Bench }>> = {
  parser: () => import('./parser.js'),
  callback: () => import('./callback.js'),
  registry: () => import('./registry.js'),
  scale: () => import('./scale.js'),
  county: () => import('./county.js'),
  cockpit: () => import('./cockpit.js'),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(benches);
if (names.length > 1) {
  // Each bench in a process of its own, so one bench's heap does not show in the next one's RSS.
  for (const name of names) {
    const run = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), name], { stdio: 'inherit' });
    if (run.status !== 0) process.exitCode = run.status ?? 1;
  }
} else {
  await runOne(names[0]!);
}

async function runOne(name: string): Promise<void> {
  console.log(`# machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version} ${process.execArgv.filter((a) => a.startsWith('--') && a !== '--import' && !a.includes('tsx')).join(' ')}`);
  const load = benches[name];
  if (!load) {
    console.error(`unknown bench: ${name} (have: ${Object.keys(benches).join(', ')})`);
    process.exitCode = 2;
    return;
  }
  const { bench } = await load();
  console.log(`\n## ${bench.name}`);
  await bench.run();
}
