import type { OutboundBody } from '../src/messages/outbound.js';

/**
 * Neutralises user text echoed into a reply: no markdown syntax, no HTML tags (so no <@userid>,
 * <@all> or <font>), no "@all", one line. Look-alike full-width characters keep it readable.
 */
export function escapeUserText(text: string, maxChars = 200): string {
  const flat = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[<>*_`#[\]~|\\]/g, (c) => FULL_WIDTH[c] ?? c)
    .replace(/@\s*(all|所有人)/gi, '＠$1')
    .replace(/ {2,}/g, ' ')
    .trim();
  const chars = [...flat];
  return chars.length > maxChars ? chars.slice(0, maxChars).join('') + '…' : flat;
}

const FULL_WIDTH: Record<string, string> = {
  '<': '＜', '>': '＞', '*': '＊', _: '＿', '`': '｀', '#': '＃', '[': '［', ']': '］', '~': '～', '|': '｜', '\\': '＼',
};

const wanFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const pctFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** 8600 → "8,600 万元". */
export function wan(amount: number): string {
  return `${wanFormat.format(amount)} 万元`;
}

/** 62.345 → "62.3%". */
export function pct(value: number): string {
  return `${pctFormat.format(value)}%`;
}

/** Percentage points, one decimal at most: 9.14 → "9.1". */
export function points(value: number): string {
  return pctFormat.format(value);
}

export const text = (content: string): OutboundBody => ({ msgtype: 'text', content });
export const markdown = (content: string): OutboundBody => ({ msgtype: 'markdown', content });

/** Lines joined for a phone screen, dropping empty ones. */
export function lines(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n');
}

/** The first `shown` items, and " 等，见附件" when there are more (the workbook lists them all). */
export function firstOf<T>(items: readonly T[], shown: number, show: (item: T) => string, sep = '、'): string {
  return `${items.slice(0, shown).map(show).join(sep)}${items.length > shown ? ' 等，见附件' : ''}`;
}

/** The "查看详情" line of a markdown message: a link to the 驾驶舱 page when there is one. */
export const detailLink = (url: string | undefined): string | null => (url ? `[查看详情](${url})` : null);

/** The same for a plain-text message, where WeCom makes the address itself clickable. */
export const detailLine = (url: string | undefined): string | null => (url ? `查看详情：${url}` : null);
