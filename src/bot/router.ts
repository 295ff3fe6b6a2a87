import type { InboundEvent } from '../wecom/event.js';

/** Where one inbound event goes; decided once, here, so handlers get their arguments ready. */
export type Route =
  | { kind: 'command'; name: string; args: string }
  | { kind: 'confirm'; reportId: string | null }
  | { kind: 'text'; text: string }
  | { kind: 'ignore' };

const SPACES = /[\s\u3000\u00a0\u2000-\u200b\ufeff]+/g;

/**
 * Chat text as the router reads it: a leading "@BotName" removed, full-width slash and spaces
 * turned ASCII, runs of spaces collapsed.
 */
export function normaliseText(raw: string, botName: string): string {
  let t = raw.replace(SPACES, ' ').trim();
  const mention = `@${botName}`;
  while (t.startsWith(mention)) t = t.slice(mention.length).trim();
  return t.replace(/^[／⁄∕]/, '/');
}

/** Full-width digits in command arguments read as ASCII ("/解决 １２" = "/解决 12"). */
function asciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

export function routeEvent(event: InboundEvent, botName: string): Route {
  if (event.kind === 'event') return routeCardEvent(event);
  const text = normaliseText(event.text, botName);
  if (text === '') return { kind: 'ignore' };
  if (text.startsWith('/')) {
    const body = text.slice(1).trim();
    const space = body.indexOf(' ');
    const name = space < 0 ? body : body.slice(0, space);
    const args = space < 0 ? '' : body.slice(space + 1);
    return { kind: 'command', name, args: asciiDigits(args).trim() };
  }
  if (/^确认[。.!！]?$/.test(text)) return { kind: 'confirm', reportId: null };
  return { kind: 'text', text };
}

/** Card buttons carry `confirm:<reportId>` or `correct:<reportId>` as their key. */
function routeCardEvent(event: InboundEvent): Route {
  if (event.eventType !== 'template_card_event' || !event.eventKey) return { kind: 'ignore' };
  const [action, reportId] = splitOnce(event.eventKey, ':');
  if (action === 'confirm' && reportId) return { kind: 'confirm', reportId };
  if (action === 'correct') return { kind: 'command', name: '更正', args: '' };
  return { kind: 'ignore' };
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** A Map from command name to handler, like grammY's `bot.command`: names without the slash. */
export class CommandTable<H extends { command?: string }> {
  readonly #byName = new Map<string, H>();

  register(handler: H): this {
    const name = handler.command;
    if (!name) throw new Error('a command handler needs a command name');
    if (name.startsWith('/') || name.startsWith('／')) {
      throw new Error(`register "${name.replace(/^[/／]/, '')}" without the leading slash`);
    }
    if (/\s/.test(name)) throw new Error(`command name "${name}" must not contain spaces`);
    if (this.#byName.has(name)) throw new Error(`command "${name}" is registered twice`);
    this.#byName.set(name, handler);
    return this;
  }

  /**
   * The handler for a command name and the arguments it gets. An exact name wins; otherwise the
   * longest registered name the word starts with, so "/进度冷链项目" still reads as "/进度 冷链项目".
   */
  lookup(name: string, args: string): { handler: H; args: string } | null {
    const exact = this.#byName.get(name);
    if (exact) return { handler: exact, args };
    const prefix = [...this.#byName.keys()]
      .filter((n) => name.startsWith(n))
      .sort((a, b) => b.length - a.length)[0];
    if (!prefix) return null;
    const rest = asciiDigits(name.slice(prefix.length));
    return { handler: this.#byName.get(prefix)!, args: [rest, args].filter(Boolean).join(' ') };
  }

  all(): H[] {
    return [...this.#byName.values()];
  }
}
