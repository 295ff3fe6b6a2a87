/**
 * Full-width ASCII (０-９, ，；：（）％ …) and the ideographic space become their half-width forms.
 * The mapping is one character to one character, so every index into the result is an index
 * into the original text and spans can point back at what the person wrote.
 */
export function normaliseWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0xa0) out += ' ';
    else if (c === 0x2014 || c === 0x2013 || c === 0x2212 || c === 0x301c) out += '-';
    else out += text[i];
  }
  return out;
}

/** Sentence ends: a label or a status never reaches across one. */
export const SENTENCE_END = /[。;!?\n]/;
/** Clause ends: a sentence end or a comma. */
export const CLAUSE_END = /[。;!?\n,，]/;

export function lastIndexOfPattern(text: string, re: RegExp, before: number, after = 0): number {
  for (let i = before - 1; i >= after; i--) if (re.test(text[i]!)) return i;
  return -1;
}

export function indexOfPattern(text: string, re: RegExp, from: number, until = text.length): number {
  for (let i = from; i < until; i++) if (re.test(text[i]!)) return i;
  return -1;
}
