import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWecomSimulator, type WecomSimulator } from '../src/simulate/wecom/server.js';

let clock: ManualClock;
let sim: WecomSimulator;

beforeEach(async () => {
  clock = new ManualClock(new Date('2026-12-02T01:00:00Z'));
  sim = await startWecomSimulator({ clock, corpId: 'ww-corp', secret: 'app-secret' });
});

afterEach(() => sim.close());

const get = async (path: string) => (await fetch(`${sim.url}${path}`)).json() as Promise<Record<string, unknown>>;
const post = async (url: string, body: unknown) => {
  const res = await fetch(url.startsWith('http') ? url : `${sim.url}${url}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, json: res.headers.get('content-type')?.includes('json') ? ((await res.json()) as Record<string, unknown>) : undefined };
};
const text = (content: string) => ({ msgtype: 'text', text: { content } });

describe('WeCom simulator', () => {
  it('gettoken checks corpid and secret; message/send checks the token and its expiry on the clock', async () => {
    expect(await get('/cgi-bin/gettoken?corpid=other&corpsecret=app-secret')).toMatchObject({ errcode: 40013 });
    expect(await get('/cgi-bin/gettoken?corpid=ww-corp&corpsecret=wrong')).toMatchObject({ errcode: 40001 });
    const token = await get('/cgi-bin/gettoken?corpid=ww-corp&corpsecret=app-secret');
    expect(token).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });

    const app = { touser: 'qian|sun', agentid: 1000002, ...text('hi') };
    expect((await post('/cgi-bin/message/send?access_token=forged', app)).json).toMatchObject({ errcode: 40014 });
    expect((await post(`/cgi-bin/message/send?access_token=${token.access_token}`, app)).json).toMatchObject({ errcode: 0 });
    clock.advance(7200 * 1000);
    expect((await post(`/cgi-bin/message/send?access_token=${token.access_token}`, app)).json).toMatchObject({ errcode: 42001 });
    expect(sim.records).toEqual([{ at: '2026-12-02T09:00:00+08:00', to: { users: ['qian', 'sun'] }, via: 'app', msgtype: 'text', text: 'hi', raw: app }]);
  });

  it('refuses unknown webhook keys, unknown msgtypes and foreign media ids', async () => {
    sim.bindWebhook('k', 'wr_a');
    expect((await post('/cgi-bin/webhook/send?key=nope', text('x'))).json).toMatchObject({ errcode: 93000 });
    expect((await post('/cgi-bin/webhook/send?key=k', { msgtype: 'sticker', sticker: {} })).json).toMatchObject({ errcode: 40008 });
    expect((await post('/cgi-bin/webhook/send?key=k', { msgtype: 'file', file: { media_id: 'made-up' } })).json).toMatchObject({ errcode: 40007 });

    const form = new FormData();
    form.append('media', new Blob([Buffer.from('hello world')]), '说明.txt');
    const upload = (await (await fetch(`${sim.url}/cgi-bin/webhook/upload_media?key=k&type=file`, { method: 'POST', body: form })).json()) as Record<string, unknown>;
    expect(upload).toMatchObject({ errcode: 0, type: 'file' });
    expect((await post('/cgi-bin/webhook/send?key=k', { msgtype: 'file', file: { media_id: upload.media_id } })).json).toMatchObject({ errcode: 0 });
    expect(sim.records.map((r) => r.text)).toEqual(['[文件] 说明.txt']);
  });

  it('response_url: single use, valid for an hour of clock time', async () => {
    const once = sim.responseUrl({ chatId: 'wr_a', userId: 'zhao' });
    const late = sim.responseUrl({ chatId: null, userId: 'zhao' });
    const md = { msgtype: 'markdown', markdown: { content: '**好**' } };
    expect((await post(once, text('plain'))).json).toMatchObject({ errcode: 40008 });
    expect((await post(once, md)).json).toMatchObject({ errcode: 0 });
    expect((await post(once, md)).json?.errcode).not.toBe(0);
    clock.advance(60 * 60_000);
    expect((await post(late, md)).json?.errcode).not.toBe(0);
    expect(sim.records.map(({ to, via, text: t }) => ({ to, via, t }))).toEqual([{ to: { chat: 'wr_a' }, via: 'reply', t: '好' }]);
  });

  it('injects faults on the next calls; token-expired waits for a call that carries a token', async () => {
    sim.bindWebhook('k', 'wr_a');
    sim.fault('token-expired', 1);
    sim.fault('5xx', 1);
    expect((await post('/cgi-bin/webhook/send?key=k', text('a'))).json).toMatchObject({ errcode: 0 });
    expect(sim.faultsLeft()).toBe(2);

    const token = await get('/cgi-bin/gettoken?corpid=ww-corp&corpsecret=app-secret');
    const app = { touser: 'qian', agentid: 1, ...text('b') };
    expect((await post(`/cgi-bin/message/send?access_token=${token.access_token}`, app)).json).toMatchObject({ errcode: 42001 });
    expect((await post('/cgi-bin/webhook/send?key=k', text('c'))).status).toBe(502);
    sim.fault('rate-limit', 1);
    expect((await post('/cgi-bin/webhook/send?key=k', text('d'))).json).toMatchObject({ errcode: 45009 });
    expect(sim.faultsLeft()).toBe(0);

    // The 42001 revoked every token issued before it.
    expect((await post(`/cgi-bin/message/send?access_token=${token.access_token}`, app)).json).toMatchObject({ errcode: 40014 });
    expect(sim.records.map((r) => r.text)).toEqual(['a']);
  });

  it('a timeout fault holds the call unanswered and records nothing; waitFor times out', async () => {
    sim.bindWebhook('k', 'wr_a');
    sim.fault('timeout', 1);
    const held = fetch(`${sim.url}/cgi-bin/webhook/send?key=k`, { method: 'POST', body: JSON.stringify(text('x')), signal: AbortSignal.timeout(100) });
    await expect(held).rejects.toThrow();
    await expect(sim.waitFor(1, 50)).rejects.toThrow(/0 of 1/);
    await post('/cgi-bin/webhook/send?key=k', text('y'));
    await sim.waitFor(1, 50);
    expect(sim.records.map((r) => r.text)).toEqual(['y']);
  });
});
