import { readQuantity, startsNumberAt, type Quantity } from './numbers.js';

export interface Figure {
  /** Value in the figure's unit: 万元 for money, percent points for percentages. */
  value: number;
  start: number;
  end: number;
  /** False when the figure carried no unit at all (a bare "1250" after a money label). */
  unitWritten: boolean;
  /** "500-600万元": the value is the lower bound and the person should confirm. */
  range?: boolean;
  /** "-45万元": a minus sign right before the figure. */
  negative?: boolean;
}

/** Between the two ends of a range: "500-600万元", "1.2~1.3亿元", "500至600万元". */
const RANGE_MARK = /^ ?[-~至到] ?/;

/** After "万"/"亿", these make the figure a quantity of something else: 3万平方米, 5万吨. */
const NON_MONEY_AFTER = /^(?:平方|平米|㎡|m²|吨|千瓦|瓦|kw|KW|kW|亩|人|户|个|套|台|株|头|只|米|公里|立方|方|吨|千伏|伏|辆|件|张|册|床|间|座|盏|次|册|元\/)/;

const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

/** Every money figure in the text, normalised to 万元 ("1.2个亿" → 12000, "0元" → 0, "伍仟万元整" → 5000). */
export function findMoney(text: string): Figure[] {
  const out: Figure[] = [];
  for (let i = 0; i < text.length; ) {
    if (!startsNumberAt(text, i) || (i > 0 && continuesToken(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    const q = readQuantity(text, i);
    if (!q) {
      i++;
      continue;
    }
    const money = asMoney(text, q) ?? asRange(text, q);
    if (money) {
      if (text.charCodeAt(q.start - 1) === 45 && !continuesToken(text.charCodeAt(q.start - 2))) money.negative = true;
      out.push(money);
    }
    i = Math.max(money?.end ?? q.end, i + 1);
  }
  return out;
}

/** A value that is one sum of money and nothing else ("2.4亿", "8600万元", "1,250万"): its 万元, else null. */
export function moneyOnly(text: string): number | null {
  const t = text.trim();
  const [figure, more] = findMoney(t);
  return figure && !more && figure.start === 0 && figure.end === t.length && !figure.range && !figure.negative ? figure.value : null;
}

/** A digit, a point, a Latin letter or "#" before a number makes it part of a code ("G347", "1#", "K12"). */
function continuesToken(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 35 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The multiplier to 万元 of the unit after a quantity, and where the figure ends; null when it is not money. */
function moneyUnit(text: string, q: Quantity): { factor: number; end: number } | null {
  let j = q.end;
  while (j < text.length && (text[j] === '余' || text[j] === '多' || text[j] === ' ')) j++;
  if (text[j] === '元' || text[j] === '块') {
    j++;
    if (text[j] === '整') j++;
    return { factor: 1e-4, end: j };
  }
  if (q.big !== null && !NON_MONEY_AFTER.test(text.slice(j, j + 3))) return { factor: 1e-4, end: q.end };
  return null;
}

function asMoney(text: string, q: Quantity): Figure | null {
  const unit = moneyUnit(text, q);
  return unit && { value: round4(q.value * unit.factor), start: q.start, end: unit.end, unitWritten: true };
}

/** "500-600万元" / "1.2~1.3亿元": the lower bound, in the unit written after the upper one. */
function asRange(text: string, low: Quantity): Figure | null {
  const mark = RANGE_MARK.exec(text.slice(low.end, low.end + 3));
  if (!mark) return null;
  const high = readQuantity(text, low.end + mark[0].length);
  const unit = high && moneyUnit(text, high);
  if (!high || !unit || high.value === 0) return null;
  const scale = low.big === null && high.big !== null ? high.big : 1;
  return { value: round4(low.value * scale * unit.factor), start: low.start, end: unit.end, unitWritten: true, range: true };
}

/** What may follow a bare figure: the end of a clause, a line or a table cell. */
const BARE_END = /[,;。 \n|)]/;

/**
 * A bare number right after a money label ("完成投资1250,", "本周完成投资：0", "完成投资为零"), read in
 * `unit` (万元 per unit written, from a heading "（单位：万元）") or as 万元 with `unitWritten` false.
 * Zero needs no unit.
 */
export function bareAmountAt(text: string, at: number, unit: number | null): Figure | null {
  if (text.startsWith('零', at) && (at + 1 === text.length || BARE_END.test(text[at + 1]!))) return { value: 0, start: at, end: at + 1, unitWritten: true };
  const c = text.charCodeAt(at);
  if (!(c >= 48 && c <= 57)) return null;
  const q = readQuantity(text, at);
  if (!q || q.big !== null) return null;
  const next = text[q.end] ?? '';
  if (next !== '' && !BARE_END.test(next)) return null;
  const known = q.value === 0 || unit !== null;
  return { value: round4(q.value * (unit ?? 1)), start: q.start, end: q.end, unitWritten: known };
}

const PERCENT = 37;
const CHENG = '成'.charCodeAt(0);

/**
 * Percent figures: "65%", "65 %", "百分之六十五", "六成五" / "7成". Only the places a percent can
 * end (%, 成) or start (百分之) are looked at; the number is read from its start.
 */
export function findPercents(text: string): Figure[] {
  const out: Figure[] = [];
  let done = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x767e && text.startsWith('百分之', i)) {
      const q = readQuantity(text, i + 3);
      if (q) {
        out.push({ value: q.value, start: i, end: q.end, unitWritten: true });
        done = i = q.end;
      }
      continue;
    }
    if (c !== PERCENT && c !== CHENG) continue;
    let at = i;
    while (at > done && text.charCodeAt(at - 1) === 32) at--;
    const start = numberStartBefore(text, at, done);
    const q = start < at ? readQuantity(text, start) : null;
    if (!q || q.big !== null || q.end !== at) continue;
    if (c === PERCENT) {
      out.push({ value: q.value, start, end: i + 1, unitWritten: true });
      done = i + 1;
    } else if (Number.isInteger(q.value) && q.value <= 10) {
      const tenth = readQuantity(text, i + 1);
      const extra = tenth && tenth.value < 10 && Number.isInteger(tenth.value) ? tenth : null;
      out.push({ value: q.value * 10 + (extra?.value ?? 0), start, end: extra ? extra.end : i + 1, unitWritten: true });
      done = extra ? extra.end : i + 1;
    }
  }
  return out;
}

/** Where the number that ends at `end` starts: back over digits, points and Chinese numerals. */
function numberStartBefore(text: string, end: number, floor: number): number {
  let at = end;
  while (at > floor && (startsNumberAt(text, at - 1) || isNumberInner(text.charCodeAt(at - 1)))) at--;
  while (at < end && !startsNumberAt(text, at)) at++;
  return at;
}

/** Inside a percent figure: the decimal point, 点, 百/千 (百分之 is read forwards). */
function isNumberInner(c: number): boolean {
  return c === 46 || c === 0x70b9 || c === 0x767e || c === 0x5343 || c === 0x4f70 || c === 0x4edf;
}
