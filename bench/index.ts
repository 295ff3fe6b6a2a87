import os from 'node:os';

/** A benchmark prints its own figures; `npm run bench` runs them all, or those named on the command line. */
export interface Bench {
  name: string;
  run(): Promise<void>;
}

const benches: Record<string, () => Promise<{ bench: Bench }>> = {
  parser: () => import('./parser.js'),
  callback: () => import('./callback.js'),
  registry: () => import('./registry.js'),
  bulletins: () => import('./bulletins.js'),
  assessment: () => import('./assessment.js'),
};

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(benches);
console.log(`# machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
for (const name of names) {
  const load = benches[name];
  if (!load) {
    console.error(`unknown bench: ${name} (have: ${Object.keys(benches).join(', ')})`);
    process.exitCode = 2;
    continue;
  }
  const { bench } = await load();
  console.log(`\n## ${bench.name}`);
  await bench.run();
}
