import { z } from 'zod';
import { CallbackRefusal } from '../crypto.js';
import { parseJson } from './envelope.js';
import { stripMention, type Parsed, type SurfaceEvent } from './parsed.js';

/** Decrypted AI-bot callback, docs 100719 (messages) and 101027 (events). */
const aibotSchema = z.object({
  msgid: z.string().min(1),
  chatid: z.string().optional(),
  chattype: z.enum(['group', 'single']).optional(),
  from: z.object({ userid: z.string().min(1) }),
  response_url: z.string().optional(),
  msgtype: z.string().min(1),
  text: z.object({ content: z.string() }).optional(),
  voice: z.object({ content: z.string() }).optional(),
  mixed: z.object({ msg_item: z.array(z.object({ msgtype: z.string(), text: z.object({ content: z.string() }).optional() })) }).optional(),
  event: z
    .object({
      eventtype: z.string(),
      template_card_event: z.object({ event_key: z.string().optional() }).optional(),
      // The official long-connection SDK types the click fields flat on `event`.
      event_key: z.string().optional(),
    })
    .optional(),
});

type AibotMessage = z.infer<typeof aibotSchema>;
type Common = Pick<SurfaceEvent, 'msgId' | 'chatId' | 'chatType' | 'userId' | 'replyUrl' | 'raw'>;

export function parseAibot(plaintext: string, botName: string): Parsed {
  const raw = parseJson(plaintext);
  const checked = aibotSchema.safeParse(raw);
  if (!checked.success) throw new CallbackRefusal(400, 'malformed', `AI-bot callback: ${checked.error.issues[0]?.message}`);
  const m = checked.data;
  const chatType = m.chattype ?? (m.chatid ? 'group' : 'single');
  const common: Common = {
    msgId: m.msgid,
    chatId: chatType === 'group' ? (m.chatid ?? null) : null,
    chatType,
    userId: m.from.userid,
    ...(m.response_url ? { replyUrl: m.response_url } : {}),
    raw,
  };
  const message = (text: string): Parsed => ({ kind: 'event', event: { ...common, kind: 'message', text: stripMention(text, botName) } });

  switch (m.msgtype) {
    case 'text':
      return message(m.text?.content ?? '');
    case 'voice':
      return message(m.voice?.content ?? '');
    case 'mixed':
      return message(mixedText(m));
    case 'image':
    case 'file':
      return message('');
    case 'stream':
      return { kind: 'ignore', reason: 'stream refresh', msgtype: m.msgtype };
    case 'event':
      return cardEvent(m, common);
    default:
      return { kind: 'ignore', reason: 'unknown msgtype', msgtype: m.msgtype };
  }
}

function mixedText(m: AibotMessage): string {
  const parts = m.mixed?.msg_item ?? [];
  return parts.flatMap((item) => (item.msgtype === 'text' && item.text ? [item.text.content] : [])).join('\n');
}

/** Only card button clicks become events; enter_chat and feedback are acked without one. */
function cardEvent(m: AibotMessage, common: Common): Parsed {
  const e = m.event;
  if (e?.eventtype !== 'template_card_event') return { kind: 'ignore', reason: `event ${e?.eventtype ?? '(none)'} not handled`, msgtype: 'event' };
  const eventKey = e.template_card_event?.event_key ?? e.event_key;
  return { kind: 'event', event: { ...common, kind: 'event', text: '', eventType: e.eventtype, ...(eventKey ? { eventKey } : {}) } };
}
