import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { SimulatedCounty } from '../src/simulate/harness.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { cockpitCounty, signInOverHttp, VIEWERS } from './support/cockpit.js';

let store: Store;
let county: SimulatedCounty;

beforeAll(async () => {
  store = await openTestStore();
  county = await cockpitCounty(store);
});
afterAll(async () => {
  await county.close();
  await store.close();
});

const text = async (res: Response) => ({ status: res.status, body: await res.text() });
const sheetRows = async (res: Response, sheet: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.getWorksheet(sheet)!;
  const rows: unknown[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
};

describe('驾驶舱 sign-in', () => {
  it('sends a visitor without a session to sign in, and a forged or expired cookie counts as none', async () => {
    const res = await fetch(`${county.app.url}/cockpit/projects/x`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/cockpit/login?next=%2Fcockpit%2Fprojects%2Fx');
    const forged = await fetch(`${county.app.url}/cockpit/`, { redirect: 'manual', headers: { cookie: 'xmdd_session=eyJ1Ijoic3VuX2N3In0.AAAA' } });
    expect(forged.status).toBe(302);
  });

  it('lets a session lapse after COCKPIT_SESSION_HOURS (12 by default)', async () => {
    const { cookie } = await signInOverHttp(county, VIEWERS.township);
    const get = () => fetch(`${county.app.url}/cockpit/problems`, { redirect: 'manual', headers: { cookie } });
    county.clock.advance(11 * 3_600_000);
    expect((await get()).status).toBe(200);
    county.clock.advance(3_600_000);
    expect((await get()).status).toBe(302);
  });

  it('in the WeCom client redirects to 网页授权 (snsapi_base); on a PC offers 扫码登录', async () => {
    const wx = await fetch(`${county.app.url}/cockpit/login`, { redirect: 'manual', headers: { 'user-agent': 'wxwork/4.1.30' } });
    const target = new URL(wx.headers.get('location')!);
    expect(target.pathname).toBe('/connect/oauth2/authorize');
    expect(target.searchParams.get('scope')).toBe('snsapi_base');
    expect(target.searchParams.get('redirect_uri')).toBe(`${county.app.url}/cockpit/auth/callback`);
    expect(wx.headers.getSetCookie()[0]).toMatch(/^xmdd_signin=.*HttpOnly/i);
    const pc = await text(await fetch(`${county.app.url}/cockpit/login`));
    expect(pc.body).toContain('企业微信扫码登录');
    expect(pc.body).toContain('/wwlogin/sso/login?login_type=CorpApp');
  });

  it('sets a signed HttpOnly SameSite cookie with an expiry, and refuses a callback whose state this browser was not given', async () => {
    const s = await signInOverHttp(county, VIEWERS.county);
    expect(s.cookie).toMatch(/^xmdd_session=/);
    const bad = await fetch(`${county.app.url}/cockpit/auth/callback?code=abc&state=forged`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    const res = await s.get('/cockpit/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('signs out only by POST', async () => {
    const s = await signInOverHttp(county, VIEWERS.county);
    expect((await s.get('/cockpit/logout')).status).toBe(405);
    const out = await fetch(`${county.app.url}/cockpit/logout`, { method: 'POST', headers: { cookie: s.cookie } });
    expect(out.headers.getSetCookie()[0]).toMatch(/^xmdd_session=;.*expires=Thu, 01 Jan 1970/i);
  });
});

describe('驾驶舱 pages by the access matrix', () => {
  it('shows the county leader every project, the published ranking and the 台账 of the whole county', async () => {
    const s = await signInOverHttp(county, VIEWERS.county);
    const home = await text(await s.get('/cockpit/'));
    expect(home.status).toBe(200);
    for (const name of ['农产品冷链物流中心', '青山经开区', '城东镇', '2026年10月']) expect(home.body).toContain(name);
    const ledger = await s.get('/cockpit/ledger.xlsx');
    expect(ledger.headers.get('content-type')).toContain('spreadsheetml');
    const rows = await sheetRows(ledger, '项目台账');
    expect(rows.length).toBe(5);
  });

  it('keeps a 分管 leader to their projects, on the pages, by direct URL and in the downloads', async () => {
    const s = await signInOverHttp(county, VIEWERS.deputy);
    const home = await text(await s.get('/cockpit/'));
    expect(home.body).toContain('农产品冷链物流中心');
    expect(home.body).not.toContain('青山经开区');
    expect((await s.get(`/cockpit/projects/${encodeURIComponent('锂电池正极材料生产项目')}`)).status).toBe(404);
    const own = await text(await s.get(`/cockpit/projects/${encodeURIComponent('第二实验小学新建工程')}`));
    expect(own.body).toContain('二实小本年累计完成投资4000万元');
    expect(own.body).toContain('更正前：年度累计：4,000 万元');
    expect((await s.get('/cockpit/assessment')).status).toBe(403);
    const rows = await sheetRows(await s.get('/cockpit/ledger.xlsx'), '项目台账');
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(['农产品冷链物流中心', '第二实验小学新建工程']);
  });

  it("shows a township its own projects and problems and only its own score", async () => {
    const s = await signInOverHttp(county, VIEWERS.township);
    const problems = await text(await s.get('/cockpit/problems'));
    expect(problems.body).toContain('冷库设备未到货');
    const xlsx = await sheetRows(await s.get('/cockpit/problems.xlsx?rung=0'), '问题台账');
    expect(xlsx[0]).toContain('责任单位');
    expect(xlsx[1]).toContain('冷库设备未到货，需县商务局协调');
    expect((await sheetRows(await s.get('/cockpit/problems.xlsx?days=30'), '问题台账')).length).toBe(1);
    const a = await text(await s.get('/cockpit/assessment?period=2026-10'));
    expect(a.status).toBe(200);
    expect(a.body).toContain('城东镇');
    expect(a.body).not.toContain('青山乡');
    expect((await s.get(`/cockpit/projects/${encodeURIComponent('50MW农光互补光伏发电项目')}`)).status).toBe(404);
  });

  it('refuses a signed-in stranger every page and download', async () => {
    const s = await signInOverHttp(county, VIEWERS.stranger);
    expect(s.cookie).not.toBe('');
    for (const p of ['/cockpit/', '/cockpit/problems', '/cockpit/assessment', '/cockpit/ledger.xlsx', `/cockpit/projects/${encodeURIComponent('农产品冷链物流中心')}`]) {
      const res = await text(await s.get(p));
      expect(res.status).toBe(403);
      expect(res.body).not.toContain('冷库');
    }
  });

  it('escapes what people wrote', async () => {
    const { group } = await import('./support/records.js').then((m) => m.conversation(() => county));
    await group('wr_ll', 'ma_ll', '/问题 <script>alert(1)</script> 道路未通');
    const s = await signInOverHttp(county, VIEWERS.county);
    const body = (await text(await s.get('/cockpit/problems'))).body;
    expect(body).not.toContain('<script>alert(1)');
    expect(body).toContain('&lt;script&gt;alert(1)');
  });
});
