import { describe, expect, it } from 'vitest';
import { SAMPLE_FILES, scoreFile } from '../../bench/parser-accuracy.js';

/** Issue #20: at least 97% fully right, at most 2% wrong and stored without a flag, on each sample file and together. */
const MIN_RIGHT = 0.97;
const MAX_SILENT_WRONG = 0.02;

describe('parser accuracy on the labelled samples', () => {
  const scores = SAMPLE_FILES.map((f) => scoreFile(f.samples, f.projects));
  const combined = { file: 'combined', messages: 0, right: 0, silentWrong: 0, misses: scores.flatMap((s) => s.misses) };
  for (const s of scores) {
    combined.messages += s.messages;
    combined.right += s.right;
    combined.silentWrong += s.silentWrong;
  }
  it.each([...scores, combined].map((s) => [s.file, s]))('%s', (_file, s) => {
    const misses = s.misses.map((m) => `${m.text} → ${m.fields.map((f) => f.field).join(', ')}`);
    expect(s.right / s.messages, misses.join('\n')).toBeGreaterThanOrEqual(MIN_RIGHT);
    expect(s.silentWrong / s.messages, misses.join('\n')).toBeLessThanOrEqual(MAX_SILENT_WRONG);
  });
});
