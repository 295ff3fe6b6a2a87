import { CallbackRefusal } from '../crypto.js';
import { isNode, refuseDtd } from './xml.js';

/**
 * The ciphertext of a POST body. WeCom's JSON callbacks carry `{"encrypt": …}` (the AI bot; the
 * official app JSON sample also shows `Encrypt`), XML callbacks `<xml>…<Encrypt/></xml>`.
 */
export function readEncrypt(body: string): string {
  const text = body.trim();
  const encrypted = text.startsWith('{') ? fromJson(text) : text.startsWith('<') ? fromXml(text) : undefined;
  if (typeof encrypted !== 'string' || encrypted === '') throw new CallbackRefusal(400, 'malformed', 'no Encrypt in body');
  return encrypted;
}

/**
 * The XML envelope is not parsed before its signature is checked: the base64 ciphertext is picked
 * out of its one <Encrypt> element, so hostile markup (deep nesting, entities) never reaches a parser.
 */
const ENCRYPT = /<Encrypt>\s*(?:<!\[CDATA\[([A-Za-z0-9+/=]+)\]\]>|([A-Za-z0-9+/=]+))\s*<\/Encrypt>/;

function fromXml(text: string): string | undefined {
  refuseDtd(text);
  if (!/^<xml>/.test(text) || !text.endsWith('</xml>')) throw new CallbackRefusal(400, 'malformed', 'XML envelope is not <xml>…</xml>');
  const m = ENCRYPT.exec(text);
  return m?.[1] ?? m?.[2];
}

function fromJson(text: string): unknown {
  const doc = parseJson(text);
  return isNode(doc) ? (doc.encrypt ?? doc.Encrypt) : undefined;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CallbackRefusal(400, 'malformed', `JSON: ${(err as Error).message}`);
  }
}
