import { MARKDOWN_LIMIT_BYTES, TEXT_LIMIT_BYTES } from '../messages/limits.js';
import type { OutboundBody } from '../messages/outbound.js';

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

const mention = (userId: string) => (userId.startsWith('@') ? userId : `@${userId}`);

/**
 * What a person reads in the chat, as plain text: markdown and template cards flattened,
 * `<@userid>` and mentioned_list written as @userid (the sent.jsonl `text` field).
 */
export function renderPlainText(body: OutboundBody): string {
  switch (body.msgtype) {
    case 'text': {
      const text = body.content.replace(/<@([^>\s]+)>/g, '@$1');
      return body.mentions?.length ? `${text}\n${body.mentions.map(mention).join(' ')}` : text;
    }
    case 'markdown':
      return flattenMarkdown(body.content);
    case 'template_card':
      return flattenCard(body.card);
    case 'file':
      return `[文件] ${body.fileName}`;
    case 'image':
      return '[图片]';
  }
}

function flattenMarkdown(content: string): string {
  return content
    .split('\n')
    .filter((line) => !/^\s*```/.test(line))
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s*(>\s*)+/, '')
        .replace(/<@([^>\s]+)>/g, '@$1')
        .replace(/<font[^>]*>(.*?)<\/font>/g, '$1')
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, (_m, alt: string) => (alt ? `[图片 ${alt}]` : '[图片]'))
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/\*\*(.+?)\*\*/g, '$1')
        .replace(/(^|[^*])\*([^*\s][^*]*?)\*/g, '$1$2')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/<[^>]+>/g, '')
        .trimEnd(),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** The readable parts of a template card (doc 99110 / 90236 / 101032), top to bottom as WeCom draws them. */
function flattenCard(card: Obj): string {
  const lines: (string | undefined)[] = [];
  const titleDesc = (o: unknown) => {
    if (!isObj(o)) return;
    lines.push(str(o.title), str(o.desc));
  };
  if (isObj(card.source)) lines.push(str(card.source.desc));
  titleDesc(card.main_title);
  titleDesc(card.emphasis_content);
  if (isObj(card.quote_area)) lines.push(str(card.quote_area.title), str(card.quote_area.quote_text));
  lines.push(str(card.sub_title_text));
  for (const row of list(card.horizontal_content_list)) {
    const key = str(row.keyname);
    const value = str(row.value);
    lines.push(key && value ? `${key}：${value}` : (key ?? value));
  }
  for (const row of list(card.vertical_content_list)) titleDesc(row);
  for (const jump of list(card.jump_list)) lines.push(str(jump.title));
  for (const select of list(card.select_list)) lines.push(str(select.title));
  if (isObj(card.checkbox)) {
    for (const option of list(card.checkbox.option_list)) lines.push(str(option.text) && `□ ${option.text}`);
  }
  const buttons = list(card.button_list).map((b) => str(b.text)).filter((t): t is string => t !== undefined);
  if (isObj(card.submit_button) && str(card.submit_button.text)) buttons.push(String(card.submit_button.text));
  if (buttons.length > 0) lines.push(buttons.map((t) => `[${t}]`).join(' '));
  return lines.filter((l): l is string => l !== undefined).map((l) => l.replace(/<@([^>\s]+)>/g, '@$1')).join('\n');
}

/** WeCom's limit for a body's type, in UTF-8 bytes. */
function limitFor(body: OutboundBody): number {
  return body.msgtype === 'markdown' ? MARKDOWN_LIMIT_BYTES : TEXT_LIMIT_BYTES;
}

/**
 * Splits a long text or markdown body into parts of at most `limitBytes` each, on line boundaries
 * (a single overlong line is cut between characters). Mentions go with the first part only.
 * Other bodies, and bodies that fit, come back as they are.
 */
export function splitBody(body: OutboundBody, limitBytes: number = limitFor(body)): OutboundBody[] {
  if (body.msgtype !== 'text' && body.msgtype !== 'markdown') return [body];
  if (byteLength(body.content) <= limitBytes) return [body];
  const parts = splitLines(body.content, limitBytes);
  if (body.msgtype === 'markdown') return parts.map((content) => ({ ...body, content }));
  const { mentions: _first, ...rest } = body;
  return parts.map((content, i) => (i === 0 ? { ...body, content } : { ...rest, content }));
}

function splitLines(content: string, limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current.trim() !== '') parts.push(current);
    current = '';
  };
  for (const line of content.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (byteLength(candidate) <= limit) {
      current = candidate;
      continue;
    }
    flush();
    if (byteLength(line) <= limit) {
      current = line;
      continue;
    }
    for (const ch of line) {
      if (byteLength(current) + byteLength(ch) > limit) flush();
      current += ch;
    }
  }
  flush();
  return parts;
}
