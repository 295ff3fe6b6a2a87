import type { Db } from 'mongodb';
import type { Clock } from '../../clock.js';
import { collections } from '../../db/collections.js';
import { CallbackRefusal, decryptMessage, verifySignature } from '../crypto.js';
import { insertOnce } from '../../db/errors.js';

export interface Credentials {
  token: string;
  aesKey: string;
  /** What the decrypted payload must name: corpid for the app, "" for the AI bot and group robot. */
  receiveId: string;
}

export interface SignedQuery {
  signature: string;
  timestamp: string;
  nonce: string;
}

export interface SecurityDeps {
  db: Db;
  clock: Clock;
  maxSkewSeconds: number;
}

/** The signing parameters of a callback URL (plus `echostr` on the GET check); Koa has URL-decoded them. */
export function signedQuery(query: Record<string, string | string[] | undefined>): SignedQuery {
  const signature = single(query.msg_signature);
  const timestamp = single(query.timestamp);
  const nonce = single(query.nonce);
  if (!signature || !timestamp || !nonce) throw new CallbackRefusal(400, 'missing-params');
  if (!/^\d{1,12}$/.test(timestamp)) throw new CallbackRefusal(400, 'missing-params', 'timestamp is not a number');
  return { signature, timestamp, nonce };
}

export function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Everything a callback must pass before we read it, cheapest refusal first: signature, time
 * window, one use of the nonce (a unique insert, so it holds across restarts and instances),
 * then decryption and the ReceiveId. Returns the plaintext.
 */
export async function openCallback(deps: SecurityDeps, surface: string, creds: Credentials, q: SignedQuery, encrypted: string): Promise<string> {
  if (!verifySignature(creds.token, q.timestamp, q.nonce, encrypted, q.signature)) {
    throw new CallbackRefusal(401, 'bad-signature');
  }
  const now = deps.clock.now();
  const skew = Math.abs(now.getTime() / 1000 - Number(q.timestamp));
  if (skew > deps.maxSkewSeconds) throw new CallbackRefusal(403, 'stale-timestamp', `${Math.round(skew)} s off`);
  if (!(await insertOnce(deps.db.collection(collections.nonces), { nonce: `${surface}:${q.timestamp}:${q.nonce}`, at: now }))) {
    throw new CallbackRefusal(403, 'replayed-nonce');
  }
  return decryptMessage(creds.aesKey, encrypted, creds.receiveId);
}
