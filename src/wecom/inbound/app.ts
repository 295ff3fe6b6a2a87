import { z } from 'zod';
import { CallbackRefusal } from '../crypto.js';
import { stripMention, type Parsed } from './parsed.js';
import { parseWecomXml } from './xml.js';

/** Decrypted self-built-app callback, docs 90239 (messages) and 90240 (events). */
const appSchema = z.object({
  FromUserName: z.string().min(1),
  CreateTime: z.string().min(1),
  MsgType: z.string().min(1),
  MsgId: z.string().optional(),
  Content: z.string().optional(),
  Event: z.string().optional(),
  EventKey: z.string().optional(),
});

/** 90239: message types an app receives besides text; they reach handlers with text "". */
const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'location', 'link']);

export function parseApp(plaintext: string, botName: string): Parsed {
  const raw = parseWecomXml(plaintext);
  const checked = appSchema.safeParse(raw);
  if (!checked.success) throw new CallbackRefusal(400, 'malformed', `app callback: ${checked.error.issues[0]?.message}`);
  const m = checked.data;
  const common = { chatId: null, chatType: 'single', userId: m.FromUserName, raw } as const;

  if (m.MsgType === 'text' || MEDIA_TYPES.has(m.MsgType)) {
    if (!m.MsgId) throw new CallbackRefusal(400, 'malformed', 'app message without MsgId');
    const text = m.MsgType === 'text' ? stripMention(m.Content ?? '', botName) : '';
    return { kind: 'event', event: { ...common, msgId: m.MsgId, kind: 'message', text } };
  }
  if (m.MsgType === 'event') {
    if (m.Event !== 'template_card_event') return { kind: 'ignore', reason: `event ${m.Event ?? '(none)'} not handled`, msgtype: 'event' };
    const eventKey = m.EventKey ?? '';
    // Events carry no MsgId; a retry repeats all four fields, so this id dedupes it.
    const msgId = m.MsgId ?? `app-event:${m.FromUserName}:${m.CreateTime}:${m.Event}:${eventKey}`;
    return { kind: 'event', event: { ...common, msgId, kind: 'event', text: '', eventType: m.Event, eventKey } };
  }
  return { kind: 'ignore', reason: 'unknown msgtype', msgtype: m.MsgType };
}
