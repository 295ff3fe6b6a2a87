// `prestart`: compiles the sources to dist/ when dist/src/main.js is missing or older than any
// source or tsconfig, so `npm ci && npm start` works on a fresh clone and never runs stale code.
// Plain JavaScript on purpose: it must run before anything is compiled.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist/src/main.js');
const sourceDirs = ['src', 'handlers', 'jobs', 'cards'];
const configFiles = ['tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time among the inputs of the build, and the file that has it. */
function newestSource() {
  let newest = { file: '', mtimeMs: 0 };
  const consider = (file) => {
    const { mtimeMs } = fs.statSync(file);
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  const walk = (dir) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.name.endsWith('.ts')) consider(full);
    }
  };
  for (const dir of sourceDirs) walk(path.join(root, dir));
  for (const file of configFiles) consider(path.join(root, file));
  return newest;
}

const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
const newest = newestSource();
if (built >= newest.mtimeMs) process.exit(0);

const why = built === 0 ? 'dist/ 不存在 / dist/ is missing' : `${path.relative(root, newest.file)} 比 dist/ 新 / is newer than dist/`;
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
if (!fs.existsSync(tsc)) {
  process.stderr.write(
    `需要编译但未安装 typescript / ${why}, and typescript is not installed (npm ci --omit=dev?).\n` +
      `  请运行 / run: npm ci && npm run build   (then npm prune --omit=dev if you want)\n`,
  );
  process.exit(1);
}
process.stderr.write(`编译中 / building: ${why} …\n`);
const started = Date.now();
const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write(`编译失败 / build failed (tsc exit ${result.status ?? result.signal}); 未启动 / not starting\n`);
  process.exit(1);
}
process.stderr.write(`编译完成 / built dist/ in ${Date.now() - started} ms\n`);
