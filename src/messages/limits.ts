import type { OutboundBody } from './outbound.js';

/** WeCom's size limits, in UTF-8 bytes (doc 99110 / 90236). */
export const TEXT_LIMIT_BYTES = 2048;
export const MARKDOWN_LIMIT_BYTES = 4096;

const TRUNCATED = '\n…（内容过长，已截断）';

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cuts `text` to at most `limit` UTF-8 bytes on a character boundary, marking the cut. */
export function fitBytes(text: string, limit: number): string {
  if (byteLength(text) <= limit) return text;
  const budget = limit - byteLength(TRUNCATED);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const n = byteLength(ch);
    if (used + n > budget) break;
    out += ch;
    used += n;
  }
  return out + TRUNCATED;
}

/** Makes a body fit the limit of its type on the given surface (app messages allow 2048 for both). */
export function fitBody(body: OutboundBody, markdownLimit = MARKDOWN_LIMIT_BYTES): OutboundBody {
  if (body.msgtype === 'text') return { ...body, content: fitBytes(body.content, TEXT_LIMIT_BYTES) };
  if (body.msgtype === 'markdown') return { ...body, content: fitBytes(body.content, markdownLimit) };
  return body;
}
