import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { accessOf, ACCESS_ROLE_NAMES, type Access } from '../domain/access.js';
import type { PersonDoc } from '../domain/records.js';
import { personById } from '../repo/projects.js';
import { COCKPIT_PREFIX } from '../services/links.js';
import { checkSignInState, createSigner, readSession, sessionToken, signInState, SESSION_COOKIE, STATE_COOKIE, type Signer } from './session.js';
import { authorizeUrl, CALLBACK_PATH, inWecomClient, qrLoginUrl, safeNext } from './oauth.js';
import { CLIENT_SCRIPT, html, plainPage } from './html.js';
import { assessmentDownload, assessmentModel, ledgerDownload, overviewModel, problemsDownload, problemsModel, projectModel, type PageDeps, type ProblemFilter } from './pages.js';
import { assessmentView, overviewView, problemsView, projectView, type Viewer } from './views.js';
import dayjs from '../time.js';

export interface CockpitDeps extends PageDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  /** 网页授权: the userid behind a code (WecomClient.userIdByCode). */
  userIdByCode(code: string): Promise<string | null>;
}

interface Viewing {
  person: PersonDoc;
  access: Access;
  viewer: Viewer;
}

const SIGN_IN_MINUTES = 10;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetml.sheet';
/** Only the app's own scripts run; the charts' options are JSON, not code. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/** ECharts from node_modules, gzipped once: the pages need no internet (no CDN). */
function assets(): Map<string, { type: string; raw: Buffer; gz: Buffer }> {
  const require = createRequire(import.meta.url);
  const files: Array<[string, string, Buffer]> = [
    ['echarts.min.js', 'application/javascript; charset=utf-8', fs.readFileSync(require.resolve('echarts/dist/echarts.min.js'))],
    ['cockpit.js', 'application/javascript; charset=utf-8', Buffer.from(CLIENT_SCRIPT)],
  ];
  // Noto Sans SC from @fontsource: the browser fetches only the Unicode-range slices a page uses.
  const fontDir = path.join(path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');
  const css = fs.readFileSync(path.join(fontDir, '..', '400.css'), 'utf8').replaceAll('./files/', './fonts/');
  files.push(['noto-sans-sc.css', 'text/css; charset=utf-8', Buffer.from(css)]);
  for (const f of fs.readdirSync(fontDir).filter((n) => /-400-normal\.woff2?$/.test(n))) files.push([`fonts/${f}`, f.endsWith('2') ? 'font/woff2' : 'font/woff', fs.readFileSync(path.join(fontDir, f))]);
  return new Map(files.map(([name, type, raw]) => [name, { type, raw, gz: type.startsWith('font/') ? raw : gzipSync(raw) }]));
}

/** Sends a body, gzipped when the browser takes it and it is worth it. */
function send(ctx: Context, type: string, body: string | Buffer, gz?: Buffer): void {
  const raw = typeof body === 'string' ? Buffer.from(body) : body;
  ctx.type = type;
  ctx.vary('Accept-Encoding');
  if (ctx.acceptsEncodings('gzip', 'identity') === 'gzip' && raw.length > 1024) {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = gz ?? gzipSync(raw);
  } else ctx.body = raw;
}

function page(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  send(ctx, 'text/html; charset=utf-8', body);
}

function download(ctx: Context, fileName: string, bytes: Buffer): void {
  ctx.set('Content-Disposition', `attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  ctx.type = XLSX;
  ctx.body = bytes;
}

const intOrUndefined = (v: unknown) => (typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : undefined);

/**
 * The 领导驾驶舱 under /cockpit: read-only pages and downloads behind WeCom sign-in. Every page
 * reads the session, then the person, then the access matrix, on the server; nothing changes state by GET.
 */
export function createCockpitRouter(deps: CockpitDeps): Router {
  const { config, clock } = deps;
  const cockpit = config.cockpit;
  const signer: Signer | null = cockpit.sessionSecret ? createSigner(cockpit.sessionSecret) : null;
  const files = assets();
  const router = new Router({ prefix: COCKPIT_PREFIX });

  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', CSP);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    await next();
  });

  router.get(['/assets/:file', '/assets/fonts/:font'], (ctx) => {
    const file = files.get(ctx.params.font ? `fonts/${ctx.params.font}` : (ctx.params.file ?? ''));
    if (!file) return ctx.throw(404);
    ctx.set('Cache-Control', 'public, max-age=86400');
    if (file.type.startsWith('font/')) {
      ctx.type = file.type;
      ctx.body = file.raw;
    } else send(ctx, file.type, file.raw, file.gz);
  });

  const redirectUri = (ctx: Context) => `${cockpit.publicBaseUrl ?? `${ctx.protocol}://${ctx.host}`}${CALLBACK_PATH}`;
  // The browser's clock is not ours (tests run on a simulated one): its cookie lives Max-Age from now; the signed expiry inside is what counts.
  const cookieOptions = (ctx: Context, path: string, expires: Date) => {
    const left = expires.getTime() - clock.now().getTime();
    return { httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, path, overwrite: true, ...(left > 0 ? { maxAge: left } : { expires: new Date(0) }) };
  };

  router.get('/login', (ctx) => {
    if (!signer) return page(ctx, 503, plainPage('驾驶舱未启用', html`<p>请管理员设置 COCKPIT_SESSION_SECRET（至少 32 个字符）。</p>`));
    const { corpId, agentId } = config.wecom;
    if (!corpId || !agentId) return page(ctx, 503, plainPage('驾驶舱未启用', html`<p>请管理员设置 WECOM_CORP_ID 和 WECOM_AGENT_ID。</p>`));
    const next = safeNext(typeof ctx.query.next === 'string' ? ctx.query.next : undefined);
    const expires = dayjs(clock.now()).add(SIGN_IN_MINUTES, 'minute').toDate();
    const { state, cookie } = signInState(signer, next, expires);
    ctx.cookies.set(STATE_COOKIE, cookie, cookieOptions(ctx, CALLBACK_PATH, expires));
    const corp = { corpId, agentId };
    if (inWecomClient(ctx.get('user-agent'))) return ctx.redirect(authorizeUrl(cockpit, corp, redirectUri(ctx), state));
    page(ctx, 200, plainPage('登录', html`<p>请用企业微信扫码登录，无需密码。</p><p><a class="dl" id="qr-login" href="${qrLoginUrl(cockpit, corp, redirectUri(ctx), state)}">企业微信扫码登录</a></p><p class="muted">在企业微信里打开本页（或点消息里的“查看详情”）可直接进入。</p>`));
  });

  router.get('/auth/callback', async (ctx) => {
    if (!signer) return ctx.throw(503);
    const again = html`<p><a href="${COCKPIT_PREFIX}/login">重新登录</a></p>`;
    const next = checkSignInState(signer, ctx.cookies.get(STATE_COOKIE), typeof ctx.query.state === 'string' ? ctx.query.state : undefined, clock.now());
    const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    if (!next || !code) return page(ctx, 400, plainPage('登录已失效', html`<p>登录链接已过期或不是从本页发起的。</p>${again}`));
    let userid: string | null;
    try {
      userid = await deps.userIdByCode(code);
    } catch (err) {
      ctx.state.log?.warn({ err }, 'cockpit sign-in: code refused');
      return page(ctx, 403, plainPage('登录失败', html`<p>企业微信未能确认您的身份，请重试。</p>${again}`));
    }
    if (!userid) return page(ctx, 403, plainPage('无法登录', html`<p>仅限本单位企业微信成员。</p>`));
    const expires = dayjs(clock.now()).add(cockpit.sessionHours, 'hour').toDate();
    ctx.cookies.set(SESSION_COOKIE, sessionToken(signer, userid, expires), cookieOptions(ctx, COCKPIT_PREFIX, expires));
    ctx.cookies.set(STATE_COOKIE, '', cookieOptions(ctx, CALLBACK_PATH, new Date(0)));
    ctx.redirect(next);
  });

  router.post('/logout', (ctx) => {
    // SameSite=Lax keeps other sites' forms from carrying the cookie; the origin check is the second lock.
    const origin = ctx.get('origin');
    if (origin && origin !== `${ctx.protocol}://${ctx.host}` && origin !== cockpit.publicBaseUrl) ctx.throw(403, '来源不符');
    ctx.cookies.set(SESSION_COOKIE, '', cookieOptions(ctx, COCKPIT_PREFIX, new Date(0)));
    page(ctx, 200, plainPage('已退出', html`<p><a href="${COCKPIT_PREFIX}/login">重新登录</a></p>`));
  });

  /** The person behind the session, or an answer already given (sign in first, not registered). */
  async function viewing(ctx: Context): Promise<Viewing | null> {
    if (!signer) {
      page(ctx, 503, plainPage('驾驶舱未启用', html`<p>请管理员设置 COCKPIT_SESSION_SECRET。</p>`));
      return null;
    }
    const session = readSession(signer, ctx.cookies.get(SESSION_COOKIE), clock.now());
    if (!session) {
      ctx.redirect(`${COCKPIT_PREFIX}/login?next=${encodeURIComponent(ctx.originalUrl)}`);
      return null;
    }
    const person = await personById(deps.db, session.userid);
    const access = accessOf(person, deps.rules.access);
    if (!person || access.role === 'stranger') {
      page(ctx, 403, plainPage('无权查看', html`<p>您（${session.userid}）还没有登记为项目相关人员，请联系县发改委。</p>`));
      return null;
    }
    return { person, access, viewer: { name: person.name, roleName: ACCESS_ROLE_NAMES[access.role] } };
  }

  const guarded = (handle: (ctx: Context, v: Viewing) => Promise<void>) => async (ctx: Context, _next: Next) => {
    const v = await viewing(ctx);
    if (v) await handle(ctx, v);
  };

  router.get('/', guarded(async (ctx, v) => page(ctx, 200, overviewView(await overviewModel(deps, v.access, v.person, clock.now()), v.viewer))));
  router.get('/ledger.xlsx', guarded(async (ctx, v) => download(ctx, `项目台账-${dayjs(clock.now()).tz().format('YYYYMMDD')}.xlsx`, await ledgerDownload(deps, v.access, clock.now()))));

  router.get('/projects/:name', guarded(async (ctx, v) => {
    const model = await projectModel(deps, v.access, ctx.params.name ?? '', clock.now());
    if (!model) return page(ctx, 404, plainPage('未找到项目', html`<p>没有这个项目，或您无权查看。</p><p><a href="${COCKPIT_PREFIX}/">返回总览</a></p>`));
    page(ctx, 200, projectView(model, v.viewer));
  }));

  const filterOf = (ctx: Context): ProblemFilter => ({
    unit: typeof ctx.query.unit === 'string' && ctx.query.unit !== '' ? ctx.query.unit : undefined,
    rung: intOrUndefined(ctx.query.rung),
    minDays: intOrUndefined(ctx.query.days),
  });
  router.get('/problems', guarded(async (ctx, v) => page(ctx, 200, problemsView(await problemsModel(deps, v.access, filterOf(ctx), clock.now()), v.viewer, clock.now(), ctx.querystring))));
  router.get('/problems.xlsx', guarded(async (ctx, v) => download(ctx, `问题台账-${dayjs(clock.now()).tz().format('YYYYMMDD')}.xlsx`, await problemsDownload(await problemsModel(deps, v.access, filterOf(ctx), clock.now()), clock.now()))));

  const periodOf = (ctx: Context) => (typeof ctx.query.period === 'string' ? ctx.query.period : undefined);
  router.get('/assessment', guarded(async (ctx, v) => {
    const model = await assessmentModel(deps, v.access, periodOf(ctx), clock.now());
    if ('refused' in model) return page(ctx, 403, plainPage('无权查看', html`<p>${model.refused}</p><p><a href="${COCKPIT_PREFIX}/">返回总览</a></p>`));
    page(ctx, 200, assessmentView(model, v.viewer));
  }));
  router.get('/assessment.xlsx', guarded(async (ctx, v) => {
    const model = await assessmentModel(deps, v.access, periodOf(ctx), clock.now());
    if ('refused' in model) return ctx.throw(403, model.refused);
    download(ctx, `${model.card.label}考核评比.xlsx`, await assessmentDownload(model.card));
  }));

  return router;
}
