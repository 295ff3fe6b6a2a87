/**
 * Which amount is which: a small grammar that attaches each money figure to the label before it
 * (never to a position). Three forms: inline ("本月完成投资1250万元"), lists ("本月、1-9月、开工以来累计
 * 完成投资分别为380万元、3120万元、1.18亿元") and tables (a header row of labels, a row of figures).
 */
import { bareAmountAt, findMoney, type Figure } from './money.js';
import { isSentenceEnd, lastIndexWhere } from './normalise.js';
import type { Segments } from './segment.js';

export type AmountSlot = 'completedThisPeriod' | 'completedThisYear' | 'completedTotal' | 'totalInvestment';
/** 本月累计 beside 本周: a month-to-date figure that fills no field when the period is the week. */
export type AmountKind = AmountSlot | 'monthToDate';
type LabelKind = AmountKind | 'plan' | 'yearPlan' | 'other';

interface Label {
  kind: LabelKind;
  re: RegExp;
  /** Breaks ties between labels ending at the same place: "年度累计" is a year figure, not a total. */
  priority: number;
}

const CN_MONTH = '(?:1[0-2]|[1-9]|十[一二]|[一二三四五六七八九十])';
const RANGE = '[-~至到]';

/** Labels, each found anywhere before a figure; the one that ends nearest to the figure decides. */
const LABELS: Label[] = [
  { kind: 'totalInvestment', priority: 8, re: /(?:计划|项目|概算)?总投资(?:额)?|投资总额|总投入|总概算/g },
  // Things measured in money that are not investment completed: never a completion figure.
  { kind: 'other', priority: 7, re: /到位(?:资金)?|资金到位|产值|税收|营收|营业收入|销售(?:额|收入)?|利润|贷款|融资|拨付|支付|缺口|补助|补贴|奖励|债券|专项债|争取资金|工程款|欠款|结算|决算|预算/g },
  { kind: 'yearPlan', priority: 6, re: /(?:年度|全年|今年|本年)(?:计划|目标)(?:完成)?(?:投资)?/g },
  { kind: 'plan', priority: 5, re: /(?:计划|目标)(?:完成)?(?:投资)?|年度任务|目标任务|投资任务/g },
  { kind: 'monthToDate', priority: 4, re: /(?:本月|当月)累计/g },
  {
    kind: 'completedThisYear',
    priority: 3,
    re: new RegExp(`(?:本年度|年度|今年|本年|全年|年内|年初)(?:以来|至今)?(?:累计)?|${CN_MONTH}\\s*${RANGE}\\s*${CN_MONTH}\\s*月(?:份)?(?:累计|合计|共)?|[1一]\\s*月(?:份)?(?:以来|至今)(?:累计)?`, 'g'),
  },
  { kind: 'completedTotal', priority: 2, re: /累计|开工以来|建设以来|开工至今|项目启动以来|截至目前|截止目前|截至当前|至今共/g },
  {
    kind: 'completedThisPeriod',
    priority: 1,
    re: new RegExp(`本周|本月|当月|本期|上周|上月|本旬|本季度?|(?<![-~至到\\d])${CN_MONTH}\\s*月(?:份)?(?![-~至到底末初中上下\\d号日])`, 'g'),
  },
];

const INHERITABLE: ReadonlySet<LabelKind> = new Set(['completedThisPeriod', 'completedThisYear', 'yearPlan']);

/** A completion figure must be about investment done, not merely sit near a period word. */
const COMPLETION_WORD = /完成|投资|投入|累计|实现/;
/** Between label and figure: a change, not a level ("较上月增加420万元", "同比增长"). */
const COMPARISON = /同比|环比|增长|增加|多完成|少完成|提高/;
/** Between label and figure: a decrease reported as a completion ("完成投资减少60万元"). */
const DECREASE = /减少|下降|核减|负/;
/** Words after which a unit-less number is an amount ("完成投资:6 800", "总投资:180000", "完成投资为零"). */
const BARE_LABEL = /(?:完成|投资|累计)(?:投资)?[:\s]*(?:为|是|达)?/g;
const LIST = /(?:分别|依次)(?:为|是)[:\s]*/g;
const LIST_JOIN = /^[\s、,和及与]*$/;
const LIST_SPLIT = /、|和|及|与/;

export interface AmountHit {
  slot: AmountKind;
  figure: Figure;
  label: { start: number; end: number; text: string };
  /** The label sat earlier in the sentence ("本月到位资金3000万元,完成投资2000万元"): read with less confidence. */
  inherited: boolean;
}

export interface AmountReading {
  hits: AmountHit[];
  /** A completion written as a range (the lower bound is kept) or as a decrease (kept negative). */
  flags: Array<'range' | 'negative'>;
}

interface FoundLabel {
  kind: LabelKind;
  start: number;
  end: number;
}

/** Every label in the text. */
type Labels = Array<FoundLabel & { priority: number }>;

/**
 * All labels in one pass: group k + 1 is LABELS[k], listed by priority, so where two labels start
 * at the same place the higher one is taken ("本月累计" before "本月", "年度累计" before "累计").
 */
const ANY_LABEL = new RegExp(LABELS.map((l) => `(${l.re.source})`).join('|'), 'g');

function labelsIn(text: string): Labels {
  const out: Labels = [];
  ANY_LABEL.lastIndex = 0;
  for (let m = ANY_LABEL.exec(text); m; m = ANY_LABEL.exec(text)) {
    const label = LABELS[m.findIndex((g, k) => k > 0 && g !== undefined) - 1]!;
    out.push({ kind: label.kind, start: m.index, end: m.index + m[0].length, priority: label.priority });
  }
  return out;
}

export function findAmounts(text: string, unit: Segments['unit']): AmountReading {
  const figures = withBareAmounts(text, findMoney(text), unit);
  const reading: AmountReading = { hits: [], flags: [] };
  if (figures.length === 0 && !text.includes('|')) return reading;
  const labels = labelsIn(text);
  const paired = new Set<Figure>();
  for (const [label, figure, phrase] of [...listPairs(text, figures, labels), ...tablePairs(text, figures, unit, labels)]) {
    paired.add(figure);
    accept(reading, text, label, figure, phrase, false);
  }
  let prevEnd = 0;
  for (const figure of figures) {
    if (paired.has(figure)) continue;
    const sentenceStart = lastIndexWhere(text, isSentenceEnd, figure.start) + 1;
    const from = Math.max(prevEnd, sentenceStart);
    prevEnd = figure.end;
    const window = text.slice(from, figure.start);
    const label = nearestLabel(labels, from, figure.start) ?? inheritedLabel(labels, sentenceStart, from, window);
    if (label) accept(reading, text, label, figure, window, label.end <= from);
  }
  return reading;
}

/** Records a figure under its label, unless the label or the words between say it is no completion. */
function accept(reading: AmountReading, text: string, label: FoundLabel, figure: Figure, phrase: string, inherited: boolean): void {
  if (label.kind === 'plan' || label.kind === 'other' || (label.kind === 'yearPlan' && !inherited)) return;
  if (label.kind !== 'totalInvestment' && !COMPLETION_WORD.test(phrase)) return;
  if (!figure.unitWritten && label.end < figure.start - 8) return;
  const between = text.slice(label.end, figure.start);
  const before = text[label.start - 1];
  if (before === '较' || before === '比' || COMPARISON.test(between)) return;
  const negative = figure.negative || DECREASE.test(between);
  if (negative) reading.flags.push('negative');
  if (figure.range) reading.flags.push('range');
  const slot = label.kind === 'yearPlan' ? 'completedThisYear' : label.kind;
  // A negative figure keeps its sign (a 核减); the flag has the person confirm it.
  reading.hits.push({ slot, figure: negative ? { ...figure, value: -Math.abs(figure.value) } : figure, label: { start: label.start, end: label.end, text: text.slice(label.start, label.end) }, inherited });
}

/** The label that ends nearest before `to` and lies wholly in [from, to); at the same end the higher priority. */
function nearestLabel(labels: Labels, from: number, to: number, kinds: ReadonlySet<LabelKind> | null = null): FoundLabel | null {
  let best: Labels[number] | null = null;
  for (const l of labels) {
    if (l.start < from || l.end > to || (kinds && !kinds.has(l.kind))) continue;
    if (!best || l.end > best.end || (l.end === best.end && l.priority > best.priority)) best = l;
  }
  return best;
}

/**
 * "完成投资2000万元" with no label of its own takes the period or year named earlier in the sentence;
 * after a year plan ("年度计划投资2.4亿元,已完成1.52亿元") it is the year's completion.
 */
function inheritedLabel(labels: Labels, sentenceStart: number, from: number, window: string): FoundLabel | null {
  if (!/完成/.test(window) || from <= sentenceStart) return null;
  return nearestLabel(labels, sentenceStart, from, INHERITABLE);
}

/** Adds unit-less numbers that directly follow a completion label ("本月完成投资1250,", "完成投资:0"). */
function withBareAmounts(text: string, money: Figure[], unit: Segments['unit']): Figure[] {
  const out = [...money];
  BARE_LABEL.lastIndex = 0;
  for (let m = BARE_LABEL.exec(text); m; m = BARE_LABEL.exec(text)) {
    const at = m.index + m[0].length;
    if (money.some((f) => f.start <= at && at < f.end)) continue;
    const bare = bareAmountAt(text, at, unit && at >= unit.from ? unit.factor : null);
    if (bare) out.push(bare);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Label phrases listed before 分别为/依次为 and the figures after it, paired in order. */
function listPairs(text: string, figures: Figure[], labels: Labels): Array<[FoundLabel, Figure, string]> {
  const out: Array<[FoundLabel, Figure, string]> = [];
  LIST.lastIndex = 0;
  for (let m = LIST.exec(text); m; m = LIST.exec(text)) {
    const sentenceStart = lastIndexWhere(text, isSentenceEnd, m.index) + 1;
    const phraseStart = Math.max(sentenceStart, ...figures.filter((f) => f.end <= m!.index).map((f) => f.end));
    const phrase = text.slice(phraseStart, m.index);
    const listed: Figure[] = [];
    for (const f of figures) {
      const prevEnd = listed.at(-1)?.end ?? m.index + m[0].length;
      if (f.start < prevEnd) continue;
      if (!LIST_JOIN.test(text.slice(prevEnd, f.start))) break;
      listed.push(f);
    }
    let partStart = phraseStart;
    const parts = phrase.split(LIST_SPLIT).map((part) => {
      const range: [number, number] = [partStart, partStart + part.length];
      partStart += part.length + 1;
      return range;
    });
    parts.slice(0, listed.length).forEach(([a, b], k) => {
      const label = nearestLabel(labels, a, b);
      if (label) out.push([label, listed[k]!, phrase]);
    });
  }
  return out;
}

/** A row of figures under a header row of labels ("项目名称|总投资|11月完成|1-11月完成"). */
function tablePairs(text: string, figures: Figure[], unit: Segments['unit'], labels: Labels): Array<[FoundLabel, Figure, string]> {
  if (!text.includes('|')) return [];
  const out: Array<[FoundLabel, Figure, string]> = [];
  let header: Array<[number, number]> | null = null;
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const cells = cellsOf(line, lineStart);
    lineStart += line.length + 1;
    if (cells.length < 3) continue;
    if (!header) {
      header = cells;
      continue;
    }
    cells.forEach(([a], k) => {
      const head = header![k];
      const figure = figures.find((f) => f.start === a + countLeadingSpaces(text, a)) ?? bareAmountAt(text, a + countLeadingSpaces(text, a), unit && a >= unit.from ? unit.factor : null);
      const label = head && nearestLabel(labels, head[0], head[1]);
      if (figure && label) out.push([label, figure, text.slice(head[0], head[1])]);
    });
  }
  return out;
}

function cellsOf(line: string, offset: number): Array<[number, number]> {
  const cells: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i < line.length && line[i] !== '|') continue;
    cells.push([offset + start, offset + i]);
    start = i + 1;
  }
  return cells;
}

function countLeadingSpaces(text: string, at: number): number {
  let n = 0;
  while (text[at + n] === ' ') n++;
  return n;
}
