import { describe, expect, it } from 'vitest';
import { spawnTs } from './support/spawn.js';

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('npm run -s cli -- simulator', () => {
  it('prints where it listens, shows each message a bot sends as a transcript line, and stops on SIGINT', async () => {
    const sim = spawnTs('src/cli/index.ts', ['simulator', '--port', '0', '--webhook', 'key-ll=wr_ll'], {});
    await until(() => /WECOM_API_BASE=(http:\/\/127\.0\.0\.1:\d+)/.test(sim.stderr()));
    const base = /WECOM_API_BASE=(http:\/\/127\.0\.0\.1:\d+)/.exec(sim.stderr())![1]!;
    expect(sim.stderr()).toContain('WECOM_CORP_ID=wwsimulatedcorp');
    const res = await fetch(`${base}/cgi-bin/webhook/send?key=key-ll`, { method: 'POST', body: JSON.stringify({ msgtype: 'markdown', markdown: { content: '**报送提醒**\n请于周五前报送' } }) });
    expect(await res.json()).toMatchObject({ errcode: 0 });
    await until(() => sim.stdout().includes('请于周五前报送'));
    expect(sim.stdout()).toMatch(/群 wr_ll {2}\[webhook\/markdown\]\n {4}报送提醒\n {4}请于周五前报送/);
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
  }, 30_000);

  it('prints a sign-in link for --user that signs the browser in as that person and lands on the 驾驶舱', async () => {
    const sim = spawnTs('src/cli/index.ts', ['simulator', '--port', '0', '--user', 'sun_cw', '--bot', 'http://127.0.0.1:3999'], {});
    await until(() => /sign in as sun_cw: (\S+)/.test(sim.stderr()));
    const link = /sign in as sun_cw: (\S+)/.exec(sim.stderr())![1]!;
    expect(sim.stderr()).toMatch(/WECOM_OAUTH_BASE=http:\/\/127\.0\.0\.1:\d+/);
    const res = await fetch(link, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe('http://127.0.0.1:3999/cockpit/');
    const base = new URL(link).origin;
    const auth = await fetch(`${base}/connect/oauth2/authorize?appid=wwsimulatedcorp&redirect_uri=${encodeURIComponent('http://127.0.0.1:3999/cockpit/auth/callback')}&response_type=code&scope=snsapi_base&state=s1`, { redirect: 'manual', headers: { cookie: res.headers.getSetCookie()[0]!.split(';')[0]! } });
    expect(auth.headers.get('location')).toMatch(/^http:\/\/127\.0\.0\.1:3999\/cockpit\/auth\/callback\?code=\w+&state=s1$/);
    sim.child.kill('SIGINT');
    expect(await sim.exited).toBe(0);
  }, 30_000);

  it('refuses a bad option with the reason', async () => {
    const sim = spawnTs('src/cli/index.ts', ['simulator', '--webhook', 'no-equals-sign'], {});
    expect(await sim.exited).toBe(2);
    expect(sim.stderr()).toContain('--webhook 应为 KEY=群chatid');
  }, 30_000);
});
