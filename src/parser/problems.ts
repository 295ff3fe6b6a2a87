import { SENTENCE_END } from './normalise.js';

export interface ProblemHit {
  text: string;
  start: number;
  end: number;
}

/** A heading that opens a list of problems ("存在问题:", "困难和问题:", "需协调事项:"). */
const HEADING = /(?:目前|当前|主要)?(?:存在的?(?:主要)?(?:问题|困难)(?:和困难|和问题)?|困难(?:和|及|与)问题|问题(?:和|及|与)困难|(?:需要?|需)(?:县里|上级|领导)?协调(?:解决)?的?(?:事项|问题)|协调事项|主要问题|困难问题|问题|困难|难点|堵点)(?:是|有)?\s*[:：]|存在问题(?=\S)/g;
/** Where the problem list ends: the next section of a report. */
const NEXT_SECTION = /(?:下步|下一步|下阶段|下周|下月)(?:工作)?(?:计划|打算|安排)?\s*[:：]|(?:工作计划|计划安排|进展情况|建议)\s*[:：]/g;
const NONE = /^(?:无|暂无|没有|目前无|目前没有|暂时没有)(?:问题|困难)?[。.!]?$/;
const NUMBERED = /(?:(?:^|[\s;。,])(?:\(?\d{1,2}(?:\.(?!\d)|[、)）])|[一二三四五六七八九十][、.])|[①②③④⑤⑥⑦⑧⑨⑩])\s*/g;
/** A sentence that raises a problem without a heading. */
const TRIGGER = /需(?:要)?[^。;]{0,15}?(?:协调|配合|支持|帮助|解决)|请[^。;]{0,15}?(?:协调|配合|支持|帮助|解决)|卡在|受阻|难以推进|无法推进|制约|亟需|亟待|停滞|阻工/;
const NO_PROBLEM = /(?:无|暂无|没有)(?:问题|困难)/;

/** Each explicit problem, split into separate items (numbered lists, semicolons, sentences). */
export function findProblems(text: string): ProblemHit[] {
  const sections = headedSections(text);
  if (sections.length > 0) return sections.flatMap(([a, b]) => splitItems(text, a, b));
  return triggerSentences(text);
}

/** Spans of text that are problem descriptions (for other readers to skip). */
export function problemSpans(problems: ProblemHit[]): Array<[number, number]> {
  return problems.map((p) => [p.start, p.end]);
}

function headedSections(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  HEADING.lastIndex = 0;
  const heads: Array<[number, number]> = [];
  for (let m = HEADING.exec(text); m; m = HEADING.exec(text)) heads.push([m.index, m.index + m[0].length]);
  heads.forEach(([, bodyStart], k) => {
    const nextHead = heads[k + 1]?.[0] ?? text.length;
    NEXT_SECTION.lastIndex = bodyStart;
    const next = NEXT_SECTION.exec(text);
    const end = Math.min(nextHead, next ? next.index : text.length);
    out.push([bodyStart, end]);
  });
  return out;
}

function splitItems(text: string, from: number, to: number): ProblemHit[] {
  const body = text.slice(from, to);
  if (NONE.test(body.trim())) return [];
  const marks: Array<{ at: number; cut: number }> = [];
  NUMBERED.lastIndex = 0;
  for (let m = NUMBERED.exec(body); m; m = NUMBERED.exec(body)) marks.push({ at: m.index, cut: m.index + m[0].length });
  const numbered = marks.length > 0;
  const pieces: Array<[number, number]> = numbered ? marks.map((mk, k) => [mk.cut, marks[k + 1]?.at ?? body.length]) : sentencesOf(body);
  const items: ProblemHit[] = [];
  for (const [a, b] of pieces) {
    const hit = trimmed(text, from + a, from + b);
    if (!hit) continue;
    const prev = items.at(-1);
    // "请镇政府协调。" on its own belongs to the problem before it.
    if (prev && !numbered && /^(?:请|需|需要|希望|恳请|建议)/.test(hit.text) && hit.text.length <= 20) {
      Object.assign(prev, trimmed(text, prev.start, hit.end));
      continue;
    }
    items.push(hit);
  }
  return items;
}

function sentencesOf(body: string, end = /[;。\n]/): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || end.test(body[i]!)) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  return out;
}

function triggerSentences(text: string): ProblemHit[] {
  return sentencesOf(text, SENTENCE_END).flatMap(([a, b]) => {
    const sentence = text.slice(a, b);
    const hit = TRIGGER.test(sentence) && !NO_PROBLEM.test(sentence) ? trimmed(text, a, b) : null;
    return hit ? [hit] : [];
  });
}

function trimmed(text: string, a: number, b: number): ProblemHit | null {
  while (a < b && /[\s,;:。、.]/.test(text[a]!)) a++;
  while (b > a && /[\s,;:。、.]/.test(text[b - 1]!)) b--;
  if (b - a < 2 || NONE.test(text.slice(a, b))) return null;
  return { text: text.slice(a, b), start: a, end: b };
}
