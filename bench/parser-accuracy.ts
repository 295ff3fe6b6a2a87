/**
 * Parser accuracy on the labelled sample files: the share of messages read fully right, and the
 * share read wrong and stored silently (no flag, confidence not below the confirmation threshold).
 * Run: `npx tsx bench/parser-accuracy.ts [--verbose]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIRM_BELOW, ProjectMatcher, parseReport, type ParsedReport } from '../src/parser/index.js';

const fixtures = path.resolve(import.meta.dirname, '../tests/fixtures');

export const SAMPLE_FILES = [
  { samples: 'progress-samples.jsonl', projects: 'projects.json' },
  { samples: 'progress-samples-b.jsonl', projects: 'projects-b.json' },
] as const;

interface Sample {
  text: string;
  boundProject: string | null;
  date: string;
  rule?: string;
  expect: Record<string, unknown> & { problemCount: number };
}

export interface Miss {
  text: string;
  rule: string | undefined;
  fields: Array<{ field: string; expected: unknown; got: unknown }>;
  silent: boolean;
}

export interface Score {
  file: string;
  messages: number;
  right: number;
  silentWrong: number;
  misses: Miss[];
}

/**
 * Stored (or ignored) without asking: no flag of either kind and confidence not below the
 * confirmation threshold. A message read as no report is dropped silently, so it counts as unflagged.
 */
export function isSilent(r: ParsedReport): boolean {
  return r.flags.length === 0 && r.readingFlags.length === 0 && (!r.isReport || r.confidence.overall >= CONFIRM_BELOW);
}

export function scoreFile(samplesFile: string, projectsFile: string): Score {
  const matcher = new ProjectMatcher(JSON.parse(fs.readFileSync(path.join(fixtures, projectsFile), 'utf8')));
  const rows = fs.readFileSync(path.join(fixtures, samplesFile), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Sample);
  const misses: Miss[] = [];
  for (const row of rows) {
    const got = parseReport(row, matcher);
    const { problemCount, ...expected } = row.expect;
    const fields = Object.entries(expected)
      .map(([field, value]) => ({ field, expected: value, got: got[field as keyof ParsedReport] }))
      .concat({ field: 'problemCount', expected: problemCount, got: got.problems.length })
      .filter((f) => JSON.stringify(f.expected) !== JSON.stringify(f.got));
    if (fields.length > 0) misses.push({ text: row.text, rule: row.rule, fields, silent: isSilent(got) });
  }
  return { file: samplesFile, messages: rows.length, right: rows.length - misses.length, silentWrong: misses.filter((m) => m.silent).length, misses };
}

const percent = (n: number, of: number) => `${((n / of) * 100).toFixed(1)}%`;

export function describe(s: Omit<Score, 'misses' | 'file'> & { file: string }): string {
  return `${s.file}: ${s.messages} messages, fully right ${s.right} (${percent(s.right, s.messages)}), wrong and unflagged ${s.silentWrong} (${percent(s.silentWrong, s.messages)})`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const scores = SAMPLE_FILES.map((f) => scoreFile(f.samples, f.projects));
  const verbose = process.argv.includes('--verbose');
  for (const s of scores) {
    console.log(describe(s));
    if (verbose) for (const m of s.misses) console.log(`  ${m.silent ? 'SILENT ' : 'flagged'} [${m.rule ?? ''}] ${m.text.replaceAll('\n', '⏎')}\n    ${m.fields.map((f) => `${f.field}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.got)}`).join('; ')}`);
  }
  const sum = (k: 'messages' | 'right' | 'silentWrong') => scores.reduce((n, s) => n + s[k], 0);
  console.log(describe({ file: 'combined', messages: sum('messages'), right: sum('right'), silentWrong: sum('silentWrong') }));
}
