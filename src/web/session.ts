import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed values for cookies: base64url(JSON) + "." + base64url(HMAC-SHA256). Each carries its
 * own expiry and purpose, so a sign-in state can never pass for a session.
 */
export interface Signer {
  sign(purpose: string, value: Record<string, unknown>, expiresAt: Date): string;
  /** The value, or null when forged, for another purpose, malformed or expired at `now`. */
  verify(purpose: string, token: string | undefined, now: Date): Record<string, unknown> | null;
}

export function createSigner(secret: string): Signer {
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest();
  return {
    sign(purpose, value, expiresAt) {
      const data = Buffer.from(JSON.stringify({ ...value, p: purpose, exp: expiresAt.getTime() })).toString('base64url');
      return `${data}.${mac(data).toString('base64url')}`;
    },
    verify(purpose, token, now) {
      const [data, sig, extra] = (token ?? '').split('.');
      if (!data || !sig || extra !== undefined) return null;
      const given = Buffer.from(sig, 'base64url');
      const expected = mac(data);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const value = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as Record<string, unknown>;
        if (value.p !== purpose || typeof value.exp !== 'number' || value.exp <= now.getTime()) return null;
        return value;
      } catch {
        return null;
      }
    },
  };
}

export const SESSION_COOKIE = 'xmdd_session';
export const STATE_COOKIE = 'xmdd_signin';

/** A person signed in: who, until when. */
export interface Session {
  userid: string;
  expiresAt: Date;
}

export function sessionToken(signer: Signer, userid: string, expiresAt: Date): string {
  return signer.sign('session', { u: userid }, expiresAt);
}

export function readSession(signer: Signer, token: string | undefined, now: Date): Session | null {
  const v = signer.verify('session', token, now);
  return v && typeof v.u === 'string' && v.u !== '' ? { userid: v.u, expiresAt: new Date(v.exp as number) } : null;
}

/** The sign-in in progress: the `state` sent to WeCom and the page to return to. */
export function signInState(signer: Signer, next: string, expiresAt: Date): { state: string; cookie: string } {
  const state = randomBytes(12).toString('base64url');
  return { state, cookie: signer.sign('signin', { s: state, n: next }, expiresAt) };
}

/** The page to return to when `state` is the one this browser was given; null otherwise (a forged or replayed callback). */
export function checkSignInState(signer: Signer, cookie: string | undefined, state: string | undefined, now: Date): string | null {
  const v = signer.verify('signin', cookie, now);
  if (!v || typeof v.s !== 'string' || typeof v.n !== 'string' || !state) return null;
  const a = Buffer.from(v.s);
  const b = Buffer.from(state);
  return a.length === b.length && timingSafeEqual(a, b) ? v.n : null;
}
