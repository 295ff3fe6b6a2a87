import fs from 'node:fs';
import path from 'node:path';
import type { Bench } from './index.js';
import { ProjectMatcher, parseReport } from '../src/parser/index.js';
import { reportCorpus } from './corpus.js';

const projectsFile = path.resolve(import.meta.dirname, '../tests/fixtures/projects.json');

export const bench: Bench = {
  name: 'parser: messages per second on one core',
  async run() {
    const fixture = JSON.parse(fs.readFileSync(projectsFile, 'utf8')) as Array<{ name: string; aliases: string[] }>;
    // A county registry is larger than the fixture: pad it to 500 projects so matching is measured at scale.
    const registry = [...fixture, ...Array.from({ length: 500 - fixture.length }, (_, i) => ({ name: `第${i + 1}号标准化厂房建设项目`, aliases: [`${i + 1}号厂房`] }))];
    const matcher = new ProjectMatcher(registry);
    const corpus = [...reportCorpus(fixture, 20_000)];
    for (const m of corpus.slice(0, 2000)) parseReport(m, matcher);
    const t0 = process.hrtime.bigint();
    let fields = 0;
    for (const m of corpus) fields += parseReport(m, matcher).isReport ? 1 : 0;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const chars = corpus.reduce((n, m) => n + m.text.length, 0);
    console.log(`messages: ${corpus.length} (avg ${Math.round(chars / corpus.length)} chars), registry: ${registry.length} projects, reports: ${fields}`);
    console.log(`throughput: ${Math.round(corpus.length / seconds).toLocaleString('en-US')} msg/s, ${((seconds / corpus.length) * 1e6).toFixed(1)} µs/msg`);
  },
};
