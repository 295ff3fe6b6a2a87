import { silentLogger } from '../../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../../src/simulate/harness.js';
import { publishPeriod } from '../../src/repo/assessments.js';
import { parsePeriod } from '../../src/domain/period.js';
import type { Store } from '../../src/db/index.js';
import type { Setup } from '../../src/domain/setup.js';
import { countySetup } from './county.js';
import { conversation } from './records.js';

/** The test county plus a township head (城东镇, where 冷链 is), for the 驾驶舱's four viewers. */
export const cockpitSetup: Setup = { ...countySetup, people: [...countySetup.people, { userid: 'cdz_head', name: '城东镇长', role: 'department', department: '城东镇' }] };

export const VIEWERS = { county: 'sun_cw', deputy: 'qian_fxz', township: 'cdz_head', stranger: 'nobody_x' } as const;

const at = (s: string) => new Date(`${s}+08:00`);

/** The county on 2026-11-20 with reports, a problem, a card and October's 考核 published. */
export async function cockpitCounty(store: Store, opts: { publicBaseUrl?: string } = {}): Promise<SimulatedCounty> {
  const county = await startSimulatedCounty({ setup: cockpitSetup, store, log: silentLogger, start: at('2026-11-20T09:00:00'), ...opts });
  const { group } = conversation(() => county);
  await group('wr_ll', 'ma_ll', '冷链项目1-10月累计完成投资3000万元，冷库主体完工');
  await group('wr_ll', 'ma_ll', '/问题 冷库设备未到货，需县商务局协调');
  await group('wr_gf', 'zhao_ll', '光伏项目本年累计完成投资9000万元，形象进度60%');
  await group('wr_xx', 'niu_ll', '二实小本年累计完成投资4000万元');
  await group('wr_xx', 'niu_ll', '/更正 年度 4200');
  await publishPeriod(store.db, parsePeriod('2026-10')!, county.jobContext.rules, 'fgw_admin', county.clock.now());
  return county;
}

/** The pieces of Set-Cookie headers as "name=value" pairs. */
function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

export interface HttpSession {
  cookie: string;
  get(path: string): Promise<Response>;
}

/**
 * Signs in over plain HTTP the way the WeCom client does: the simulator's sign-in link, the
 * cockpit's redirect to 网页授权, the code back, the session cookie. Each hop is checked by the caller's test.
 */
export function signInOverHttp(county: SimulatedCounty, userid: string, path = '/cockpit/'): Promise<HttpSession> {
  return signInByLink(county.wecom.signInUrl(userid, `${county.app.url}${path}`));
}

/** The same from a simulator sign-in link (its `next` names the bot's page). */
export async function signInByLink(link: string): Promise<HttpSession> {
  const appUrl = new URL(new URL(link).searchParams.get('next')!).origin;
  const ua = { 'user-agent': 'Mozilla/5.0 (iPhone) wxwork/4.1.30 MicroMessenger/7.0.1' };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of cookiesOf(res)) {
      const [name, value] = c.split('=') as [string, string];
      if (value === '') jar.delete(name);
      else jar.set(name, value);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = link;
  for (let hop = 0; hop < 8; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { ...ua, cookie: cookie() } });
    keep(res);
    const location = res.headers.get('location');
    if (res.status !== 302 || !location) break;
    url = new URL(location, url).toString();
  }
  const session = jar.get('xmdd_session');
  const sessionCookie = session ? `xmdd_session=${session}` : '';
  return { cookie: sessionCookie, get: (p) => fetch(`${appUrl}${p}`, { redirect: 'manual', headers: { cookie: sessionCookie, 'accept-encoding': 'identity' } }) };
}
