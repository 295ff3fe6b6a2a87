import fs from 'node:fs';
import path from 'node:path';
import type { Bench } from './index.js';
import { ProjectMatcher, parseReport, type ParseInput } from '../src/parser/index.js';
import { reportCorpus } from './corpus.js';

const projectsFile = path.resolve(import.meta.dirname, '../tests/fixtures/projects.json');

type Project = { name: string; aliases: string[] };

/** A county registry is larger than the fixture: pad it so matching is measured at scale. */
function registryOf(fixture: Project[], size: number): Project[] {
  return [...fixture, ...Array.from({ length: size - fixture.length }, (_, i) => ({ name: `第${i + 1}号标准化厂房建设项目`, aliases: [`${i + 1}号厂房`] }))];
}

/** Messages of about `chars` characters: corpus messages joined until long enough. */
function messagesOf(fixture: Project[], count: number, chars: number): ParseInput[] {
  const source = reportCorpus(fixture, count * Math.max(1, Math.ceil(chars / 30)) * 2);
  return Array.from({ length: count }, () => {
    const first = source.next().value!;
    let text = first.text;
    while (text.length < chars) text += `。${source.next().value!.text}`;
    return { ...first, text: text.slice(0, chars) };
  });
}

/** Seconds to parse every message once, after a warm-up pass. */
function timeParse(messages: ParseInput[], matcher: ProjectMatcher): number {
  for (const m of messages) parseReport(m, matcher);
  const t0 = process.hrtime.bigint();
  for (const m of messages) parseReport(m, matcher);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

export const bench: Bench = {
  name: 'parser: messages per second on one core',
  async run() {
    const fixture = JSON.parse(fs.readFileSync(projectsFile, 'utf8')) as Project[];
    const matcher = new ProjectMatcher(registryOf(fixture, 500));
    const corpus = [...reportCorpus(fixture, 20_000)];
    for (const m of corpus.slice(0, 2000)) parseReport(m, matcher);
    const t0 = process.hrtime.bigint();
    let reports = 0;
    for (const m of corpus) reports += parseReport(m, matcher).isReport ? 1 : 0;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const chars = corpus.reduce((n, m) => n + m.text.length, 0);
    console.log(`messages: ${corpus.length} (avg ${Math.round(chars / corpus.length)} chars), registry: 500 projects, reports: ${reports}`);
    console.log(`throughput: ${Math.round(corpus.length / seconds).toLocaleString('en-US')} msg/s, ${((seconds / corpus.length) * 1e6).toFixed(1)} µs/msg`);

    // Cost should be linear in the message and flat in the registry (beyond building the index).
    console.log('\nregistry × message length: µs/msg (ns/char); index build');
    const lengths = [30, 300, 3000];
    console.log(['projects', ...lengths.map((l) => `${l} chars`), 'index'].map((c) => c.padStart(20)).join(''));
    for (const size of [50, 500, 5000]) {
      const b0 = process.hrtime.bigint();
      const m = new ProjectMatcher(registryOf(fixture, size));
      const build = Number(process.hrtime.bigint() - b0) / 1e6;
      const cells = lengths.map((chars) => {
        const messages = messagesOf(fixture, Math.round(600_000 / chars), chars);
        const perMessage = timeParse(messages, m) / messages.length;
        return `${(perMessage * 1e6).toFixed(1)} (${((perMessage * 1e9) / chars).toFixed(0)})`;
      });
      console.log([String(size), ...cells, `${build.toFixed(0)} ms`].map((c) => c.padStart(20)).join(''));
    }
  },
};
