/**
 * Segmentation, before anything is extracted: a message is cut into sections (by headings such as
 * 【存在困难】, 二、存在问题, 下周计划:) and sentences, and each sentence is classified. Extractors then
 * read only what may hold their field: figures come from facts, not from plans, problems,
 * questions or forwarded notices.
 */
import { isSentenceEnd, type Range } from './normalise.js';

export type SectionKind = 'problem' | 'plan' | 'body';

export interface Section {
  kind: SectionKind;
  /** Where the heading starts. */
  head: number;
  /** The body: after the heading, up to the next heading. */
  start: number;
  end: number;
}

export type SentenceKind = 'fact' | 'question' | 'notice' | 'closing' | 'negated' | 'solved';

export interface Sentence {
  kind: SentenceKind;
  start: number;
  /** Exclusive; the sentence-ending mark is not part of it. */
  end: number;
}

export interface Segments {
  sections: Section[];
  sentences: Sentence[];
  /** The whole message is forwarded or a notice ("转发:", "【转】", "通知:"): nothing in it is a report. */
  forwarded: boolean;
  /** 万元 per unit for bare numbers, from a heading "（单位:万元）", and where that heading ends. */
  unit: { factor: number; from: number } | null;
}

const PROBLEM_TITLE = '(?:目前|当前|主要|项目)?(?:存在的?(?:主要)?(?:问题|困难)(?:和困难|和问题|及建议)?|困难(?:和|及|与)问题|问题(?:和|及|与)困难|(?:需要?|亟需)(?:县里|上级|领导)?协调(?:解决)?的?(?:事项|问题|困难)?|协调事项|主要问题|困难问题|问题|困难|难点|堵点)';
const PLAN_TITLE = '(?:下步|下一步|下阶段|下周|下月|近期)(?:工作)?(?:计划|打算|安排|重点)?|(?:工作|下步)计划|计划安排';
const PROBLEM_ONLY = new RegExp(`^${PROBLEM_TITLE}(?:情况)?$`);
const PLAN_ONLY = new RegExp(`^(?:${PLAN_TITLE})$`);
const NUMBERING = '(?:[一二三四五六七八九十]{1,2}[、.]|\\d{1,2}[、.](?!\\d)|\\(\\d{1,2}\\)|[◆●■▲★☆◇○•·])';

/**
 * Headings, looked for in two passes. At a line start: a line that starts with 一、/二、 (its title
 * runs to ":" or the line end), or a line that is only a problem or plan title ("二、存在问题").
 * Anywhere: 【title】, a problem or plan title followed by ":" ("S218改扩建存在问题:1.…", "4.下周计划:…").
 */
const LINE_HEAD = new RegExp(`[ \\t]*[一二三四五六七八九十]{1,2}、[ \\t]*([^\\n:]{1,14}?)(?::|(?=\\n|$))|[ \\t]*${NUMBERING}?[ \\t]*(${PROBLEM_TITLE}|${PLAN_TITLE})[ \\t]*(?=\\n|$)`, 'y');
const INLINE_HEAD = new RegExp(`【([^】\\n]{1,30})】|(${PROBLEM_TITLE}|${PLAN_TITLE})[ \\t]*:|存在问题(?=[^\\s:])`, 'g');

const FORWARDED = /^\s*(?:【转(?:发|载)?】|转(?:发|载|自)?\s*:|通知\s*:|通报\s*:|关于[^\n]{2,30}的(?:通知|通报))/;
const UNIT_HEADING = /[(（]\s*单位\s*:\s*(亿元|万元|元)\s*[)）]/;
const UNIT_FACTOR: Record<string, number> = { 亿元: 1e4, 万元: 1, 元: 1e-4 };

const QUESTION_START = /^\s*(?:@\S+\s*)?(?:请问|想问一下|想问|咨询一下|问一下)/;
/** County-wide or all-unit wording, meetings, 五个一批 slogans: a notice, not this project's report. */
const NOTICE = /全(?:县|市|区)(?:\d+个|[^,。;\n]{0,6}重点项目)|各(?:项目|责任)?单位|各乡镇|召开[^。;\n]{0,20}会|参会|准时参加|(?:签约|落地|开工|投产|达产)一批/;
const CLOSING = /^\s*以上(?:问题|事项|困难)/;
const NEGATED = /^\s*(?:目前|当前|本周|本月|项目)?(?:暂无|暂时没有|尚无|没有|无)(?:需要?|须)?(?:县里|上级)?(?:协调|解决|反映)?(?:解决)?的?(?:问题|困难|事项)?\s*$|^\s*[^\n:]{0,12}:\s*(?:无|暂无|没有)\s*$/;
const SOLVED = /已(?:协调)?解决|已化解|已妥善处理|已协调到位|克服/;

/** A sentence that opens with a report label starts facts again, ending a problem or plan section on its line. */
const REPORT_START = /^(?:本周|本月|当月|本期|本年|今年以来|年度累计|累计完成|开工以来|截至目前|(?:1[0-2]|[1-9])\s*月份?完成|1\s*[-至]\s*(?:1[0-2]|[1-9])\s*月|形象进度|总投资|计划总投资)/;

export function segment(text: string): Segments {
  const sentences = sentencesOf(text);
  return {
    sections: sectionsOf(text).map((s) => ({ ...s, end: factsAgain(text, sentences, s) })),
    sentences,
    forwarded: FORWARDED.test(text),
    unit: unitOf(text),
  };
}

function factsAgain(text: string, sentences: Sentence[], section: Section): number {
  const next = sentences.find((s) => s.start > section.start && s.start < section.end && REPORT_START.test(text.slice(s.start, s.end).replace(LEADING_MARK, '').trimStart()));
  return next ? next.start : section.end;
}

/** A piece of a problem list that says there is none ("无", "暂无", "暂无需协调解决的问题"). */
export function saysNone(piece: string): boolean {
  return NEGATED.test(piece.replace(LEADING_MARK, ''));
}

function sectionKind(title: string): SectionKind {
  if (PROBLEM_ONLY.test(title) || /问题|困难|需协调/.test(title)) return /计划|打算/.test(title) ? 'plan' : 'problem';
  if (PLAN_ONLY.test(title) || /计划|打算|下步|下一步/.test(title)) return 'plan';
  return 'body';
}

/** Every heading holds one of these: a text without any has a single section, the whole of it. */
const MAY_HEAD = /[【:\n]|存在问题|^\s*[一二三四五六七八九十]{1,2}、/;

function sectionsOf(text: string): Section[] {
  if (!MAY_HEAD.test(text)) return [];
  const heads: Array<{ kind: SectionKind; head: number; start: number; inline: boolean }> = [];
  for (let line = 0; line <= text.length; line = text.indexOf('\n', line) + 1 || text.length + 1) {
    LINE_HEAD.lastIndex = line;
    const m = LINE_HEAD.exec(text);
    if (m) heads.push({ kind: sectionKind((m[1] ?? m[2]!).trim()), head: m.index, start: m.index + m[0].length, inline: m[1] !== undefined });
  }
  INLINE_HEAD.lastIndex = 0;
  for (let m = INLINE_HEAD.exec(text); m; m = INLINE_HEAD.exec(text)) {
    const at = m.index;
    if (heads.some((h) => h.head <= at && at < h.start)) continue;
    const kind = m[1] !== undefined ? bracketKind(m[1]) : sectionKind(m[2] ?? '存在问题');
    heads.push({ kind, head: at, start: at + m[0].length, inline: true });
  }
  heads.sort((a, b) => a.head - b.head);
  return heads.map((h, k) => {
    let end = heads[k + 1]?.head ?? text.length;
    // A heading with its body on the same line ("存在问题:征地未完成。") ends with that line.
    const lineEnd = text.indexOf('\n', h.start);
    if (h.inline && lineEnd >= 0 && lineEnd < end && text.slice(h.start, lineEnd).trim() !== '') end = lineEnd;
    return { kind: h.kind, head: h.head, start: h.start, end };
  });
}

/** 【快递装备产业园】 or 【11月调度情况】 are body headings; 【存在困难】 opens problems, 【下步打算】 plans. */
function bracketKind(title: string): SectionKind {
  if (/计划|打算|安排/.test(title)) return 'plan';
  if (/问题|困难|协调/.test(title)) return 'problem';
  return 'body';
}

function sentencesOf(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (!isSentenceEnd(c)) continue;
    if (i > start) out.push({ kind: sentenceKind(text.slice(start, i), c === 63), start, end: i });
    start = i + 1;
  }
  return out;
}

const LEADING_MARK = new RegExp(`^\\s*${NUMBERING}\\s*`);

function sentenceKind(sentence: string, endsWithQuestionMark: boolean): SentenceKind {
  const s = sentence.replace(LEADING_MARK, '');
  if (endsWithQuestionMark || QUESTION_START.test(s)) return 'question';
  if (NOTICE.test(s)) return 'notice';
  if (CLOSING.test(s)) return 'closing';
  if (NEGATED.test(s)) return 'negated';
  if (SOLVED.test(s)) return 'solved';
  return 'fact';
}

function unitOf(text: string): Segments['unit'] {
  const m = UNIT_HEADING.exec(text);
  return m ? { factor: UNIT_FACTOR[m[1]!]!, from: m.index + m[0].length } : null;
}

/** The ranges of the sections of the given kinds (bodies and headings). */
export function sectionRanges(seg: Segments, kinds: SectionKind[]): Range[] {
  return seg.sections.filter((s) => kinds.includes(s.kind)).map((s) => [s.head, s.end]);
}

/** The ranges of the sentences of the given kinds (the whole text when the message is forwarded). */
export function sentenceRanges(seg: Segments, kinds: SentenceKind[], textLength: number): Range[] {
  if (seg.forwarded) return [[0, textLength]];
  return seg.sentences.filter((s) => kinds.includes(s.kind)).map((s) => [s.start, s.end]);
}
