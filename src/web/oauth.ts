import type { Config } from '../config.js';
import { COCKPIT_PREFIX } from '../services/links.js';

/** Where WeCom sends the browser back with a code (the WeCom console's 可信域名 must cover it). */
export const CALLBACK_PATH = `${COCKPIT_PREFIX}/auth/callback`;

type Cockpit = Config['cockpit'];
type Corp = { corpId: string; agentId: string };

/** WeCom's own browser says so in its user agent ("wxwork/4.1.x"). */
export function inWecomClient(userAgent: string): boolean {
  return /\bwxwork\//i.test(userAgent);
}

/** 网页授权 inside the WeCom client (doc 91022): snsapi_base, silent, no consent page. */
export function authorizeUrl(cockpit: Cockpit, corp: Corp, redirectUri: string, state: string): string {
  const q = new URLSearchParams({ appid: corp.corpId, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state, agentid: corp.agentId });
  return `${cockpit.oauthBase}/connect/oauth2/authorize?${q}#wechat_redirect`;
}

/** 扫码登录 for a PC browser (doc 98151): WeCom shows a QR code, the phone confirms, the browser comes back with a code. */
export function qrLoginUrl(cockpit: Cockpit, corp: Corp, redirectUri: string, state: string): string {
  const q = new URLSearchParams({ login_type: 'CorpApp', appid: corp.corpId, agentid: corp.agentId, redirect_uri: redirectUri, state });
  return `${cockpit.ssoBase}/wwlogin/sso/login?${q}`;
}

/** Only a page of the cockpit itself may be returned to after sign-in (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith(`${COCKPIT_PREFIX}/`) && !next.startsWith('//') && !/[\\\r\n]/.test(next) ? next : `${COCKPIT_PREFIX}/`;
}
