import type { Range } from './normalise.js';
import { saysNone, type Segments, type Sentence } from './segment.js';

export interface ProblemHit {
  text: string;
  start: number;
  end: number;
}

/** Item marks inside a problem section: 1. 1、 (1) ① 一是 一、 */
const NUMBERED = /(?:(?<=^|[\s;。,:])(?:\(?\d{1,2}(?:\.(?!\d)|[、)])|\(\d{1,2}\)|[一二三四五六七八九十][、.])|[①②③④⑤⑥⑦⑧⑨⑩]|(?<=^|[\s;。,:])[一二三四五六七八九十]是)\s*/g;
/** A sentence that raises a problem without a heading. */
const TRIGGER = /需(?:要)?[^。;]{0,15}?(?:协调|配合|支持|帮助|解决)|请[^。;]{0,15}?(?:协调|配合|支持|帮助|解决)|卡在|受阻|难以推进|无法推进|制约|亟需|亟待|停滞|阻工/;
/** "请镇政府协调。" on its own belongs to the problem before it. */
const TAIL = /^(?:请|需|需要|希望|恳请|建议)/;
const EDGE = /[\s,;:。、.!]/;
const NO_ITEM: ReadonlySet<Sentence['kind']> = new Set(['negated', 'solved', 'closing', 'question', 'notice']);

/**
 * Each explicit problem: the items of the problem sections (numbered lists split, a closing
 * "以上问题请…协调" and "暂无" dropped), else the sentences that raise one (需…协调, 卡在, 受阻 …)
 * outside plans. `excluded` are ranges never read (questions, notices, plans).
 */
export function findProblems(text: string, seg: Segments, excluded: Range[]): ProblemHit[] {
  if (seg.forwarded) return [];
  const sections = seg.sections.filter((s) => s.kind === 'problem');
  if (sections.length > 0) return sections.flatMap((s) => sectionItems(text, seg, s.start, s.end));
  return seg.sentences.filter((s) => s.kind === 'fact' && !inside(excluded, s.start) && TRIGGER.test(text.slice(s.start, s.end))).flatMap((s) => trimmed(text, s.start, s.end) ?? []);
}

function inside(ranges: Range[], at: number): boolean {
  return ranges.some(([a, b]) => a <= at && at < b);
}

function sentenceAt(seg: Segments, at: number): Sentence | undefined {
  return seg.sentences.find((s) => s.start <= at && at < s.end);
}

function sectionItems(text: string, seg: Segments, from: number, to: number): ProblemHit[] {
  // A closing "以上问题请…协调" ends the list.
  const closing = seg.sentences.find((s) => s.kind === 'closing' && s.start >= from && s.start < to);
  const end = closing ? closing.start : to;
  const marks: Array<{ at: number; cut: number }> = [];
  const body = text.slice(from, end);
  NUMBERED.lastIndex = 0;
  for (let m = NUMBERED.exec(body); m; m = NUMBERED.exec(body)) marks.push({ at: from + m.index, cut: from + m.index + m[0].length });
  const items: ProblemHit[] = [];
  const pieces: Range[] = marks.length > 0 ? [[from, marks[0]!.at], ...marks.map((mk, k): Range => [mk.cut, marks[k + 1]?.at ?? end])] : [[from, end]];
  for (const [a, b] of pieces) {
    // An unnumbered stretch may hold several sentences, each its own problem.
    const parts = marks.length > 0 ? [[a, b] as Range] : sentencesIn(seg, a, b);
    for (const [pa, pb] of parts) {
      const hit = trimmed(text, pa, pb);
      if (!hit || saysNone(hit.text) || NO_ITEM.has(sentenceAt(seg, hit.start)?.kind ?? 'fact')) continue;
      const prev = items.at(-1);
      if (prev && marks.length === 0 && TAIL.test(hit.text) && hit.text.length <= 20) {
        Object.assign(prev, trimmed(text, prev.start, hit.end));
        continue;
      }
      items.push(hit);
    }
  }
  return items;
}

function sentencesIn(seg: Segments, a: number, b: number): Range[] {
  return seg.sentences.filter((s) => s.end > a && s.start < b).map((s): Range => [Math.max(a, s.start), Math.min(b, s.end)]);
}

function trimmed(text: string, a: number, b: number): ProblemHit | null {
  while (a < b && EDGE.test(text[a]!)) a++;
  while (b > a && EDGE.test(text[b - 1]!)) b--;
  if (b - a < 2) return null;
  return { text: text.slice(a, b), start: a, end: b };
}
