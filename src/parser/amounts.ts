import { bareAmountAt, findMoney, type Figure } from './money.js';
import { lastIndexOfPattern, SENTENCE_END } from './normalise.js';

export type AmountSlot = 'completedThisPeriod' | 'completedThisYear' | 'completedTotal' | 'totalInvestment';
type LabelKind = AmountSlot | 'plan' | 'other';

interface Label {
  kind: LabelKind;
  re: RegExp;
  /** Breaks ties between labels ending at the same place: "年度累计" is a year figure, not a total. */
  priority: number;
}

const CN_MONTH = '(?:[1-9]|1[0-2]|[一二三四五六七八九十]|十[一二])';
const RANGE = '[-~至到]';

/** Labels, each found anywhere before a figure; the one that ends nearest to the figure decides. */
const LABELS: Label[] = [
  { kind: 'totalInvestment', priority: 6, re: /(?:计划|项目|概算)?总投资(?:额)?|投资总额|总投入|总概算/g },
  // Things measured in money that are not investment completed: never a completion figure.
  { kind: 'other', priority: 5, re: /到位(?:资金)?|资金到位|产值|税收|营收|营业收入|销售(?:额|收入)?|利润|贷款|融资|拨付|支付|缺口|补助|补贴|奖励|债券|专项债|争取资金|工程款|欠款|结算|决算|预算/g },
  { kind: 'plan', priority: 4, re: /(?:年度|全年|今年|本年|年)?(?:计划|目标)(?:完成)?(?:投资)?|年度任务|目标任务|投资任务/g },
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

const TIME_LABELS = LABELS.filter((l) => l.kind === 'completedThisPeriod' || l.kind === 'completedThisYear');

/** A completion figure must be about investment done, not merely sit near a period word. */
const COMPLETION_WORD = /完成|投资|投入|累计|实现/;

export interface AmountHit {
  slot: AmountSlot;
  figure: Figure;
  label: { start: number; end: number; text: string };
  /** The label sat earlier in the sentence ("本月到位资金3000万元,完成投资2000万元"): read with less confidence. */
  inherited: boolean;
}

/**
 * Assigns money figures to slots by the label before each one (never by position). The window a
 * label may sit in runs back to the previous figure or the sentence start, whichever is nearer.
 */
export function findAmounts(text: string, stopAt: number[] = []): AmountHit[] {
  const figures = withBareAmounts(text, findMoney(text));
  const hits: AmountHit[] = [];
  let prevEnd = 0;
  for (const figure of figures) {
    const sentenceStart = lastIndexOfPattern(text, SENTENCE_END, figure.start) + 1;
    const from = Math.max(prevEnd, sentenceStart, ...stopAt.filter((s) => s <= figure.start));
    prevEnd = figure.end;
    const window = text.slice(from, figure.start);
    const label = nearestLabel(text, from, figure.start) ?? inheritedLabel(text, sentenceStart, from, window);
    if (!label || label.kind === 'plan' || label.kind === 'other') continue;
    if (label.kind !== 'totalInvestment' && !COMPLETION_WORD.test(window)) continue;
    if (!figure.unitWritten && label.end < figure.start - 6) continue;
    hits.push({ slot: label.kind, figure, label: { start: label.start, end: label.end, text: text.slice(label.start, label.end) }, inherited: label.end <= from });
  }
  return hits;
}

function nearestLabel(text: string, from: number, to: number, labels = LABELS): { kind: LabelKind; start: number; end: number } | null {
  const window = text.slice(from, to);
  let best: { kind: LabelKind; start: number; end: number; priority: number } | null = null;
  for (const label of labels) {
    label.re.lastIndex = 0;
    for (let m = label.re.exec(window); m; m = label.re.exec(window)) {
      const end = m.index + m[0].length;
      if (!best || end > best.end || (end === best.end && label.priority > best.priority)) {
        best = { kind: label.kind, start: m.index, end, priority: label.priority };
      }
    }
  }
  return best && { kind: best.kind, start: from + best.start, end: from + best.end };
}

/** "完成投资2000万元" with no label of its own takes the period or year named earlier in the sentence. */
function inheritedLabel(text: string, sentenceStart: number, from: number, window: string): { kind: LabelKind; start: number; end: number } | null {
  if (!/完成/.test(window) || from <= sentenceStart) return null;
  return nearestLabel(text, sentenceStart, from, TIME_LABELS);
}

/** Adds unit-less numbers that directly follow a completion label ("本月完成投资1250,"). */
function withBareAmounts(text: string, money: Figure[]): Figure[] {
  const out = [...money];
  const re = /完成(?:投资)?[:\s]*|投资[:\s]*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].length;
    if (money.some((f) => f.start <= at && at < f.end)) continue;
    const bare = bareAmountAt(text, at);
    if (bare) out.push(bare);
  }
  return out.sort((a, b) => a.start - b.start);
}
