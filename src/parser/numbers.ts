/** Reading numbers as people write them in Chinese reports: Arabic, 小写, 大写 and mixed. */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };
/** Hedges inside a figure ("300余万", "1.1亿多") read as the plain figure. */
const HEDGE_INSIDE = new Set(['余', '多', '来']);

/** "8,600", "1 260" (a space or thin space before each group of three joins the number), "2.3". */
const ARABIC = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?/y;
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
 * Reads the number that starts at `start`, or null. Handles "8,600", "2.3", "五百二十", "一亿零三百",
 * "壹仟贰佰", "1亿2千", "3.6千", "1.2个亿", "一千二" (= 1200), "三万五" (= 35000).
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
    const ch = text[i]!;
    ARABIC.lastIndex = i;
    const arabic: RegExpExecArray | null = digit === null && isDigitCode(text.charCodeAt(i)) ? ARABIC.exec(text) : null;
    if (arabic) {
      digit = Number(arabic[0].replace(/[, ]/g, ''));
      i += arabic[0].length;
      // Chat shorthand: "120W" / "860w" is 120 / 860 万 (but "50MW" is not money).
      const next = text.charCodeAt(i);
      if ((next === 87 || next === 119) && !isLatinCode(text.charCodeAt(i + 1)) && !isLatinCode(text.charCodeAt(i - arabic[0].length - 1))) {
        result += digit * 1e4;
        digit = null;
        big = 1e4;
        lastUnit = 1e4;
        i++;
      }
      any = true;
      continue;
    }
    if (ch in DIGITS) {
      if (digit !== null && ch !== '零' && ch !== '〇') break;
      const d = DIGITS[ch]!;
      if (d === 0) zeroSinceUnit = true;
      else digit = d;
      i++;
      any = true;
      continue;
    }
    if (ch === '点' && digit !== null && i + 1 < text.length && text[i + 1]! in DIGITS) {
      let frac = '';
      let j = i + 1;
      for (; j < text.length && text[j]! in DIGITS; j++) frac += String(DIGITS[text[j]!]);
      digit = Number(`${digit}.${frac}`);
      i = j;
      continue;
    }
    if (ch in SMALL) {
      const unit = SMALL[ch]!;
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
    if (ch === '个' && (digit !== null || section > 0) && (isBig(text[i + 1]) || (HEDGE_INSIDE.has(text[i + 1] ?? '') && isBig(text[i + 2])))) {
      i++;
      continue;
    }
    if (ch in BIG) {
      if (!any) break;
      const unit = BIG[ch]!;
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
    if (HEDGE_INSIDE.has(ch) && any) {
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
  while (end > start && HEDGE_INSIDE.has(text[end - 1]!)) end--;
  return { value: result + section + tail, start, end, big };
}

const isBig = (ch: string | undefined) => ch !== undefined && ch in BIG;

/** True where a number could begin. */
export function startsNumber(ch: string): boolean {
  return isDigitCode(ch.charCodeAt(0)) || ch in DIGITS || ch === '十' || ch === '拾';
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
