import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/** Why a callback was refused; logged, never sent to the caller. */
export type RefusalReason =
  | 'missing-credentials'
  | 'store-unavailable'
  | 'missing-params'
  | 'too-large'
  | 'unreadable-body'
  | 'forbidden-markup'
  | 'malformed'
  | 'bad-signature'
  | 'stale-timestamp'
  | 'replayed-nonce'
  | 'undecryptable'
  | 'wrong-receive-id';

/** A callback we will not process: answered with the bare `status` and one log line. */
export class CallbackRefusal extends Error {
  override name = 'CallbackRefusal';
  constructor(
    readonly status: 400 | 401 | 403 | 413 | 503,
    readonly reason: RefusalReason,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

/** WeCom's msg_signature: sha1 of the sorted token, timestamp, nonce and ciphertext, lowercase hex. */
export function sign(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

/** Compares in constant time; a signature of the wrong length or alphabet is simply false. */
export function verifySignature(token: string, timestamp: string, nonce: string, encrypted: string, signature: string): boolean {
  const expected = Buffer.from(sign(token, timestamp, nonce, encrypted), 'latin1');
  const given = Buffer.from(signature.toLowerCase(), 'latin1');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const AES_BLOCK = 16;
/** 16 random bytes and the 4-byte length precede the message in every plaintext. */
const HEADER = 20;

/**
 * Decrypts `encrypted` and checks that it was made for `expectedReceiveId` (corpid for the app,
 * "" for the AI bot and the group robot). Anything that does not decrypt cleanly is refused.
 */
export function decryptMessage(aesKey: string, encrypted: string, expectedReceiveId: string): string {
  const bytes = Buffer.from(encrypted, 'base64');
  if (!BASE64.test(encrypted) || bytes.length === 0 || bytes.length % AES_BLOCK !== 0) {
    throw new CallbackRefusal(400, 'undecryptable', 'ciphertext is not whole AES blocks');
  }
  let opened: { message: string; id: string; random: Buffer };
  try {
    opened = decrypt(aesKey, encrypted);
  } catch (err) {
    throw new CallbackRefusal(400, 'undecryptable', (err as Error).message);
  }
  // @wecom/crypto does not bound the length field: a key mismatch shows up as a length past the end.
  const plainLength = Buffer.byteLength(opened.message) + Buffer.byteLength(opened.id) + HEADER;
  if (plainLength > bytes.length) throw new CallbackRefusal(400, 'undecryptable', 'length field out of range');
  if (opened.id !== expectedReceiveId) {
    throw new CallbackRefusal(403, 'wrong-receive-id', `got ${JSON.stringify(opened.id)}`);
  }
  return opened.message;
}

/** Encrypts `message` for `receiveId`; `random` (16 bytes) is fixed only to reproduce known vectors. */
export function encryptMessage(aesKey: string, message: string, receiveId: string, random?: Buffer): string {
  return encrypt(aesKey, message, receiveId, random);
}
