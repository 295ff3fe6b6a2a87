import { readQuantity, startsNumber, type Quantity } from './numbers.js';

export interface Figure {
  /** Value in the figure's unit: 万元 for money, percent points for percentages. */
  value: number;
  start: number;
  end: number;
  /** False when the figure carried no unit at all (a bare "1250" after a money label). */
  unitWritten: boolean;
}

/** After "万"/"亿", these make the figure a quantity of something else: 3万平方米, 5万吨. */
const NON_MONEY_AFTER = /^(?:平方|平米|㎡|m²|吨|千瓦|瓦|kw|KW|kW|亩|人|户|个|套|台|株|头|只|米|公里|立方|方|吨|千伏|伏|辆|件|张|册|床|间|座|盏|次|册|元\/)/;

const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

/** Every money figure in the text, normalised to 万元 ("1.2个亿" → 12000, "0元" → 0, "伍仟万元整" → 5000). */
export function findMoney(text: string): Figure[] {
  const out: Figure[] = [];
  for (let i = 0; i < text.length; ) {
    if (!startsNumber(text[i]!) || (i > 0 && /[\d.A-Za-z#]/.test(text[i - 1]!))) {
      i++;
      continue;
    }
    const q = readQuantity(text, i);
    if (!q) {
      i++;
      continue;
    }
    const money = asMoney(text, q);
    if (money) out.push(money);
    i = Math.max(q.end, i + 1);
  }
  return out;
}

function asMoney(text: string, q: Quantity): Figure | null {
  let j = q.end;
  while (j < text.length && /[余多 ]/.test(text[j]!)) j++;
  const yuan = text[j] === '元' || text[j] === '块';
  if (yuan) {
    j++;
    if (text[j] === '整') j++;
    return { value: round4(q.value / 1e4), start: q.start, end: j, unitWritten: true };
  }
  if (q.big !== null && !NON_MONEY_AFTER.test(text.slice(j, j + 3))) {
    return { value: round4(q.value / 1e4), start: q.start, end: q.end, unitWritten: true };
  }
  return null;
}

/** A bare number right after a money label ("完成投资1250,"): read as 万元, the unit reports use. */
export function bareAmountAt(text: string, at: number): Figure | null {
  if (!/\d/.test(text[at] ?? '')) return null;
  const q = readQuantity(text, at);
  if (!q || q.big !== null) return null;
  const next = text[q.end] ?? '';
  if (next !== '' && !/[,;。 ]/.test(next)) return null;
  return { value: q.value, start: q.start, end: q.end, unitWritten: false };
}

/** Percent figures: "65%", "65 %", "百分之六十五", "六成五" / "7成". */
export function findPercents(text: string): Figure[] {
  const out: Figure[] = [];
  for (let i = 0; i < text.length; ) {
    if (text.startsWith('百分之', i)) {
      const q = readQuantity(text, i + 3);
      if (q) {
        out.push({ value: q.value, start: i, end: q.end, unitWritten: true });
        i = q.end;
        continue;
      }
    }
    if (!startsNumber(text[i]!) || (i > 0 && /[\d.]/.test(text[i - 1]!))) {
      i++;
      continue;
    }
    const q = readQuantity(text, i);
    if (!q || q.big !== null) {
      i = q ? q.end : i + 1;
      continue;
    }
    let j = q.end;
    while (text[j] === ' ') j++;
    if (text[j] === '%') out.push({ value: q.value, start: i, end: j + 1, unitWritten: true });
    else if (text[j] === '成' && Number.isInteger(q.value) && q.value <= 10) {
      const tenth = readQuantity(text, j + 1);
      const extra = tenth && tenth.value < 10 && Number.isInteger(tenth.value) ? tenth : null;
      out.push({ value: q.value * 10 + (extra?.value ?? 0), start: i, end: extra ? extra.end : j + 1, unitWritten: true });
    }
    i = Math.max(q.end, i + 1);
  }
  return out;
}
