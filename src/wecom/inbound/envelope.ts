import { CallbackRefusal } from '../crypto.js';
import { isNode, parseWecomXml } from './xml.js';

/**
 * The ciphertext of a POST body. WeCom's JSON callbacks carry `{"encrypt": …}` (the AI bot; the
 * official app JSON sample also shows `Encrypt`), XML callbacks `<xml>…<Encrypt/></xml>`.
 */
export function readEncrypt(body: string): string {
  const text = body.trim();
  const encrypted = text.startsWith('{') ? fromJson(text) : text.startsWith('<') ? parseWecomXml(text).Encrypt : undefined;
  if (typeof encrypted !== 'string' || encrypted === '') throw new CallbackRefusal(400, 'malformed', 'no Encrypt in body');
  return encrypted;
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
