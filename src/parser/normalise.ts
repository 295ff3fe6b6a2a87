/**
 * Full-width ASCII (０-９, ，；：（）％ …), the ideographic, no-break and thin spaces and the dashes
 * become their half-width forms. The mapping is one character to one character, so every index
 * into the result is an index into the original text and spans can point back at what the person wrote.
 */
const WIDE = /[\uff01-\uff5e\u3000\u00a0\u2009\u202f\u200a\u2014\u2013\u2212\u301c]/;

export function normaliseWidth(text: string): string {
  if (!WIDE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x200a) out += ' ';
    else if (c === 0x2014 || c === 0x2013 || c === 0x2212 || c === 0x301c) out += '-';
    else out += text[i];
  }
  return out;
}

/** Sentence ends: a label or a status never reaches across one (。;!?! and a line break). */
export function isSentenceEnd(c: number): boolean {
  return c === 0x3002 || c === 59 || c === 33 || c === 63 || c === 10;
}

/** Clause ends: a sentence end or a comma. */
export function isClauseEnd(c: number): boolean {
  return isSentenceEnd(c) || c === 44;
}

/** The last index before `before` (and at or after `after`) whose char code passes `test`, else -1. */
export function lastIndexWhere(text: string, test: (c: number) => boolean, before: number, after = 0): number {
  for (let i = before - 1; i >= after; i--) if (test(text.charCodeAt(i))) return i;
  return -1;
}

/** The first index at or after `from` (and before `until`) whose char code passes `test`, else -1. */
export function indexWhere(text: string, test: (c: number) => boolean, from: number, until = text.length): number {
  for (let i = from; i < until; i++) if (test(text.charCodeAt(i))) return i;
  return -1;
}

export type Range = [number, number];

/** The text with every range blanked out (each char becomes a line break), so offsets stay put. */
export function maskRanges(text: string, ranges: Range[]): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [a, b] of sorted) {
    if (b <= at) continue;
    const from = Math.max(a, at);
    out += text.slice(at, from) + '\n'.repeat(b - from);
    at = b;
  }
  return out + text.slice(at);
}
