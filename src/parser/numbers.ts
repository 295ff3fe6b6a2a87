/** Reading numbers as people write them in Chinese reports: Arabic, 小写, 大写 and mixed. */

/** Character classes by char code, so reading a number never builds one-character strings. */
const CN_DIGIT = 1;
const SMALL_UNIT = 2;
const BIG_UNIT = 3;
/** Hedges inside a figure ("300余万", "1.1亿多") read as the plain figure. */
const HEDGE = 4;
const KIND = new Uint8Array(0x10000);
const VALUE = new Map<number, number>();
const classify = (chars: string, kind: number, values: number[]) => [...chars].forEach((ch, k) => {
  KIND[ch.charCodeAt(0)] = kind;
  VALUE.set(ch.charCodeAt(0), values[k]!);
});
classify('零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖', CN_DIGIT, [0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
classify('十拾百佰千仟', SMALL_UNIT, [10, 10, 100, 100, 1000, 1000]);
classify('万萬亿億', BIG_UNIT, [1e4, 1e4, 1e8, 1e8]);
classify('余多来', HEDGE, [0, 0, 0]);
const GE = '个'.charCodeAt(0);
const DIAN = '点'.charCodeAt(0);
const SHI = '十'.charCodeAt(0);
const SHI_UPPER = '拾'.charCodeAt(0);

const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isLatinCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

export interface Quantity {
  value: number;
  start: number;
  end: number;
  /** The largest multiplier written (万 or 亿), if any: "1250万" is money-shaped, "1250" is not. */
  big: number | null;
}

/**
 * An Arabic number at `i`: "8,600", "1 260" (a space before each group of three joins the number,
 * as chat writes "1 260万元"), "2.3".
 */
function readArabic(text: string, i: number): { value: number; end: number } {
  let j = i;
  let value = 0;
  while (isDigitCode(text.charCodeAt(j))) value = value * 10 + text.charCodeAt(j++) - 48;
  const sep = text.charCodeAt(j);
  if (j - i <= 3 && (sep === 44 || sep === 32)) {
    while (text.charCodeAt(j) === sep && isGroupOfThree(text, j + 1)) {
      value = value * 1000 + (text.charCodeAt(j + 1) - 48) * 100 + (text.charCodeAt(j + 2) - 48) * 10 + (text.charCodeAt(j + 3) - 48);
      j += 4;
    }
  }
  if (text.charCodeAt(j) === 46 && isDigitCode(text.charCodeAt(j + 1))) {
    j++;
    while (isDigitCode(text.charCodeAt(j))) j++;
    value = Number(text.slice(i, j).replace(/[, ]/g, ''));
  }
  return { value, end: j };
}

function isGroupOfThree(text: string, at: number): boolean {
  return isDigitCode(text.charCodeAt(at)) && isDigitCode(text.charCodeAt(at + 1)) && isDigitCode(text.charCodeAt(at + 2)) && !isDigitCode(text.charCodeAt(at + 3));
}

/**
 * Reads the number that starts at `start`, or null. Handles "8,600", "2.3", "五百二十", "一亿零三百",
 * "壹仟贰佰", "1亿2千", "3.6千", "1.2个亿", "一千二" (= 1200), "三万五" (= 35000), "一点零五亿",
 * "两百四十", "120W" (chat for 120万).
 */
export function readQuantity(text: string, start: number): Quantity | null {
  let i = start;
  let result = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  let zeroSinceUnit = false;
  let big: number | null = null;
  let any = false;

  while (i < text.length) {
    const c = text.charCodeAt(i);
    const kind = KIND[c]!;
    if (digit === null && isDigitCode(c)) {
      const arabic = readArabic(text, i);
      digit = arabic.value;
      i = arabic.end;
      any = true;
      // Chat shorthand: "120W" / "860w" is 120 / 860 万 (but "50MW" is not money).
      const next = text.charCodeAt(i);
      if ((next === 87 || next === 119) && !isLatinCode(text.charCodeAt(i + 1)) && !isLatinCode(text.charCodeAt(start - 1))) {
        result += digit * 1e4;
        digit = null;
        big = 1e4;
        lastUnit = 1e4;
        i++;
      }
      continue;
    }
    if (kind === CN_DIGIT) {
      const d = VALUE.get(c)!;
      if (digit !== null && d !== 0) break;
      if (d === 0) zeroSinceUnit = true;
      else digit = d;
      i++;
      any = true;
      continue;
    }
    if (c === DIAN && digit !== null && KIND[text.charCodeAt(i + 1)] === CN_DIGIT) {
      let frac = '';
      let j = i + 1;
      for (; KIND[text.charCodeAt(j)] === CN_DIGIT; j++) frac += String(VALUE.get(text.charCodeAt(j)));
      digit = Number(`${digit}.${frac}`);
      i = j;
      continue;
    }
    if (kind === SMALL_UNIT) {
      const unit = VALUE.get(c)!;
      if (!any && unit !== 10) break;
      section += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
      zeroSinceUnit = false;
      any = true;
      i++;
      continue;
    }
    // "1.2个亿", "2个多亿".
    if (c === GE && (digit !== null || section > 0) && (isBigAt(text, i + 1) || (KIND[text.charCodeAt(i + 1)] === HEDGE && isBigAt(text, i + 2)))) {
      i++;
      continue;
    }
    if (kind === BIG_UNIT) {
      if (!any) break;
      const unit = VALUE.get(c)!;
      const part = section + (digit ?? 0);
      result = unit === 1e8 ? (result + part) * unit : result + part * unit;
      section = 0;
      digit = null;
      lastUnit = unit;
      zeroSinceUnit = false;
      big = Math.max(big ?? 0, unit);
      i++;
      continue;
    }
    if (kind === HEDGE && any) {
      i++;
      continue;
    }
    break;
  }
  if (!any) return null;
  // "一千二" / "三万五": a bare digit right after a unit counts in the next unit down.
  const tail = digit !== null && lastUnit >= 100 && !zeroSinceUnit && Number.isInteger(digit) && digit < 10 ? digit * (lastUnit === 1e4 ? 1000 : lastUnit === 1e8 ? 1e7 : lastUnit / 10) : (digit ?? 0);
  // Trailing hedge characters are not part of the figure's span.
  let end = i;
  while (end > start && KIND[text.charCodeAt(end - 1)] === HEDGE) end--;
  return { value: result + section + tail, start, end, big };
}

const isBigAt = (text: string, at: number) => KIND[text.charCodeAt(at)] === BIG_UNIT;

/** True where a number could begin (char code of a digit, a Chinese digit, or 十). */
export function startsNumberAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return isDigitCode(c) || KIND[c] === CN_DIGIT || c === SHI || c === SHI_UPPER;
}

/** Writes a non-negative integer in ordinary Chinese numerals (used by tests and the corpus generator). */
export function toChineseNumeral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`not an integer in [0, 1e12): ${n}`);
  if (n === 0) return '零';
  const digits = '零一二三四五六七八九';
  const section = (v: number): string => {
    const units = ['', '十', '百', '千'];
    let out = '';
    let zero = false;
    for (let p = 3; p >= 0; p--) {
      const d = Math.floor(v / 10 ** p) % 10;
      if (d === 0) {
        zero = out !== '';
        continue;
      }
      if (zero) out += '零';
      zero = false;
      out += digits[d] + units[p]!;
    }
    return out;
  };
  const groups: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 1e4)) groups.push(v % 1e4);
  const bigUnits = ['', '万', '亿'];
  let out = '';
  for (let g = groups.length - 1; g >= 0; g--) {
    const v = groups[g]!;
    if (v === 0) continue;
    if (out !== '' && (v < 1000 || groups[g + 1] === 0)) out += '零';
    out += section(v) + bigUnits[g]!;
  }
  return out.replace(/零+/g, '零');
}
