import { z } from 'zod';
import { CallbackRefusal } from '../crypto.js';
import { parseJson } from './envelope.js';
import { stripMention, type Parsed } from './parsed.js';
import { parseWecomXml } from './xml.js';

/**
 * Legacy group-robot callback (doc 91881): XML with PascalCase names, or the JSON variant with
 * snake_case names. Both are read into this one shape.
 */
interface RobotMessage {
  webhookUrl: string | undefined;
  msgId: string;
  chatId: string | undefined;
  chatType: string | undefined;
  userId: string;
  msgType: string;
  /** Text of a text message, or the text items of a mixed one. */
  texts: string[];
}

const text = z.object({ content: z.string() });

const jsonSchema = z.object({
  webhook_url: z.string().optional(),
  msgid: z.string().min(1),
  chatid: z.string().optional(),
  chattype: z.string().optional(),
  from: z.object({ userid: z.string().min(1) }),
  msgtype: z.string().min(1),
  text: text.optional(),
  mixed_message: z.object({ msg_item: z.array(z.object({ msg_type: z.string(), text: text.optional() })) }).optional(),
});

const xmlText = z.object({ Content: z.string() });
const xmlItem = z.object({ MsgType: z.string(), Text: xmlText.optional() });

const xmlSchema = z.object({
  WebhookUrl: z.string().optional(),
  MsgId: z.string().min(1),
  ChatId: z.string().optional(),
  ChatType: z.string().optional(),
  From: z.object({ UserId: z.string().min(1) }),
  MsgType: z.string().min(1),
  Text: xmlText.optional(),
  // One <MsgItem> parses as an object, several as an array.
  MixedMessage: z.object({ MsgItem: z.union([xmlItem, z.array(xmlItem)]) }).optional(),
});

export function parseRobot(plaintext: string, botName: string): Parsed {
  const { message: m, raw } = plaintext.trim().startsWith('{') ? fromJson(plaintext) : fromXml(plaintext);
  const chatType = m.chatType === 'single' ? 'single' : 'group';
  const common = {
    msgId: m.msgId,
    chatId: chatType === 'group' ? (m.chatId ?? null) : null,
    chatType,
    userId: m.userId,
    ...(m.webhookUrl ? { replyUrl: m.webhookUrl } : {}),
    raw,
  } as const;
  switch (m.msgType) {
    case 'text':
    case 'mixed':
      return { kind: 'event', event: { ...common, kind: 'message', text: stripMention(m.texts.join('\n'), botName) } };
    case 'image':
      return { kind: 'event', event: { ...common, kind: 'message', text: '' } };
    case 'event':
    case 'attachment':
    case 'command':
      return { kind: 'ignore', reason: `${m.msgType} not handled`, msgtype: m.msgType };
    default:
      return { kind: 'ignore', reason: 'unknown msgtype', msgtype: m.msgType };
  }
}

function fromJson(plaintext: string): { message: RobotMessage; raw: unknown } {
  const raw = parseJson(plaintext);
  const checked = jsonSchema.safeParse(raw);
  if (!checked.success) throw new CallbackRefusal(400, 'malformed', `group-robot JSON: ${checked.error.issues[0]?.message}`);
  const j = checked.data;
  const items = j.mixed_message?.msg_item ?? [];
  const texts = j.text ? [j.text.content] : items.flatMap((i) => (i.msg_type === 'text' && i.text ? [i.text.content] : []));
  return {
    message: { webhookUrl: j.webhook_url, msgId: j.msgid, chatId: j.chatid, chatType: j.chattype, userId: j.from.userid, msgType: j.msgtype, texts },
    raw,
  };
}

function fromXml(plaintext: string): { message: RobotMessage; raw: unknown } {
  const raw = parseWecomXml(plaintext);
  const checked = xmlSchema.safeParse(raw);
  if (!checked.success) throw new CallbackRefusal(400, 'malformed', `group-robot XML: ${checked.error.issues[0]?.message}`);
  const x = checked.data;
  const items = x.MixedMessage ? [x.MixedMessage.MsgItem].flat() : [];
  const texts = x.Text ? [x.Text.Content] : items.flatMap((i) => (i.MsgType === 'text' && i.Text ? [i.Text.Content] : []));
  return {
    message: { webhookUrl: x.WebhookUrl, msgId: x.MsgId, chatId: x.ChatId, chatType: x.ChatType, userId: x.From.UserId, msgType: x.MsgType, texts },
    raw,
  };
}
