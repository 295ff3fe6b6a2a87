import { describe, expect, it } from 'vitest';
import { CallbackRefusal, decryptMessage, encryptMessage, sign, verifySignature } from '../src/wecom/crypto.js';
import { fixtureJson } from './support/fixtures.js';

const vectors = fixtureJson<any>('wecom-vectors.json');

interface Case {
  name: string;
  token: string;
  aesKey: string;
  receiveId: string;
  signature: string;
  timestamp: string;
  nonce: string;
  encrypted: string;
  plain: string;
  random?: Buffer;
}

const A = vectors.urlVerify;
const P = vectors.post;
const J = vectors.jsonCallback;
const JP = vectors.jsonCallbackPhp;
const B = vectors.altSetB;
const S = vectors.aibotSynthetic;

const cases: Case[] = [
  { name: 'A URL verify', token: A.token, aesKey: A.encodingAESKey, receiveId: A.receiveId, signature: A.msg_signature, timestamp: A.timestamp, nonce: A.nonce, encrypted: A.echostr, plain: A.expectedPlain, random: Buffer.from(A.decryptedRandomPrefixHex, 'hex') },
  { name: 'A POST (XML)', token: P.token, aesKey: P.encodingAESKey, receiveId: P.receiveId, signature: P.msg_signature, timestamp: P.timestamp, nonce: P.nonce, encrypted: P.encrypt, plain: P.expectedPlainXml, random: Buffer.from(P.decryptedRandomPrefixHex, 'hex') },
  { name: 'JSON callback (go sample)', token: J.token, aesKey: J.encodingAESKey, receiveId: J.receiveId, signature: J.msg_signature, timestamp: J.timestamp, nonce: J.nonce, encrypted: J.encrypt, plain: J.expectedPlainJson },
  { name: 'JSON callback (php sample, invalid JSON plaintext)', token: JP.token, aesKey: JP.encodingAESKey, receiveId: JP.receiveId, signature: JP.msg_signature, timestamp: JP.timestamp, nonce: JP.nonce, encrypted: JP.encrypt, plain: JP.expectedPlain },
  { name: 'B URL verify', token: B.urlVerify.token, aesKey: B.urlVerify.encodingAESKey, receiveId: B.urlVerify.receiveId, signature: B.urlVerify.msg_signature, timestamp: B.urlVerify.timestamp, nonce: B.urlVerify.nonce, encrypted: B.urlVerify.echostr, plain: B.urlVerify.expectedPlain },
  { name: 'B POST (Chinese text)', token: B.post.token, aesKey: B.post.encodingAESKey, receiveId: B.post.receiveId, signature: B.post.msg_signature, timestamp: B.post.timestamp, nonce: B.post.nonce, encrypted: B.post.encrypt, plain: B.post.expectedPlainXml },
  { name: 'AI bot URL verify (ReceiveId "", not official)', token: S.token, aesKey: S.encodingAESKey, receiveId: '', signature: S.urlVerify.msg_signature, timestamp: S.urlVerify.timestamp, nonce: S.urlVerify.nonce, encrypted: S.urlVerify.echostr, plain: S.urlVerify.expectedPlain, random: Buffer.from(S.urlVerify.randomPrefix) },
  { name: 'AI bot POST (ReceiveId "", not official)', token: S.token, aesKey: S.encodingAESKey, receiveId: '', signature: S.post.msg_signature, timestamp: S.post.timestamp, nonce: S.post.nonce, encrypted: JSON.parse(S.post.body).encrypt, plain: S.post.expectedPlainJson, random: Buffer.from(S.post.randomPrefix) },
];

describe.each(cases)('$name', (c) => {
  it('computes and verifies the official signature', () => {
    expect(sign(c.token, c.timestamp, c.nonce, c.encrypted)).toBe(c.signature);
    expect(verifySignature(c.token, c.timestamp, c.nonce, c.encrypted, c.signature)).toBe(true);
    expect(verifySignature(c.token, c.timestamp, c.nonce, c.encrypted, c.signature.toUpperCase())).toBe(true);
  });

  it('rejects a forged, truncated or re-timed signature', () => {
    const flipped = (c.signature[0] === 'a' ? 'b' : 'a') + c.signature.slice(1);
    expect(verifySignature(c.token, c.timestamp, c.nonce, c.encrypted, flipped)).toBe(false);
    expect(verifySignature(c.token, c.timestamp, c.nonce, c.encrypted, c.signature.slice(1))).toBe(false);
    expect(verifySignature(c.token, c.timestamp, c.nonce, c.encrypted, '')).toBe(false);
    expect(verifySignature(c.token, String(Number(c.timestamp) + 1), c.nonce, c.encrypted, c.signature)).toBe(false);
    expect(verifySignature('other-token', c.timestamp, c.nonce, c.encrypted, c.signature)).toBe(false);
  });

  it('decrypts to the exact plaintext for its ReceiveId', () => {
    const plain = decryptMessage(c.aesKey, c.encrypted, c.receiveId);
    expect(plain).toBe(c.plain);
    expect(Buffer.from(plain).equals(Buffer.from(c.plain))).toBe(true);
  });

  it('refuses the wrong ReceiveId with a typed 403', () => {
    const wrong = c.receiveId === '' ? 'ww-someone-else' : '';
    const err = catchRefusal(() => decryptMessage(c.aesKey, c.encrypted, wrong));
    expect(err).toMatchObject({ status: 403, reason: 'wrong-receive-id' });
  });

  it('round-trips through encryptMessage', () => {
    const again = encryptMessage(c.aesKey, c.plain, c.receiveId);
    expect(decryptMessage(c.aesKey, again, c.receiveId)).toBe(c.plain);
    if (c.random) expect(encryptMessage(c.aesKey, c.plain, c.receiveId, c.random)).toBe(c.encrypted);
  });
});

describe('vector details', () => {
  it('URL-decodes the raw query string to the echostr', () => {
    const q = new URLSearchParams(A.rawQueryString);
    expect(q.get('echostr')).toBe(A.echostr);
    expect(q.get('msg_signature')).toBe(A.msg_signature);
  });

  it('counts the message length in UTF-8 bytes (Chinese plaintext)', () => {
    const plain = decryptMessage(B.post.encodingAESKey, B.post.encrypt, B.post.receiveId);
    expect(Buffer.byteLength(plain)).toBe(B.post.expectedPlainXmlByteLength);
    expect(plain).toContain('你好');
  });

  it('finds the Encrypt element of the official POST body unchanged', () => {
    expect(P.body).toContain(`<Encrypt><![CDATA[${P.encrypt}]]></Encrypt>`);
    expect(JSON.parse(J.body).encrypt).toBe(J.encrypt);
    expect(JSON.parse(JP.body).Encrypt).toBe(JP.encrypt);
  });
});

describe('undecryptable input', () => {
  const key = A.encodingAESKey;
  it.each([
    ['not base64', '***not base64***'],
    ['not whole AES blocks', Buffer.alloc(20, 1).toString('base64')],
    ['empty', ''],
  ])('refuses %s with a typed 400', (_name, encrypted) => {
    expect(catchRefusal(() => decryptMessage(key, encrypted, A.receiveId))).toMatchObject({ status: 400, reason: 'undecryptable' });
  });

  it('refuses a ciphertext made with another key', () => {
    const other = encryptMessage(B.post.encodingAESKey, 'hello', '', Buffer.alloc(16, 7));
    expect(catchRefusal(() => decryptMessage(key, other, ''))).toMatchObject({ status: 400, reason: 'undecryptable' });
  });
});

function catchRefusal(fn: () => unknown): CallbackRefusal {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CallbackRefusal);
    return err as CallbackRefusal;
  }
  throw new Error('expected a CallbackRefusal');
}
