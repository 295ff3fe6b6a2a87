import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import { WecomClient, WecomError } from '../src/wecom/client.js';
import { renderPlainText, splitBody } from '../src/wecom/render.js';
import { startWecomSimulator, type WecomSimulator } from '../src/simulate/wecom/server.js';

const START = new Date('2026-12-02T01:00:00Z');
let clock: ManualClock;
let sim: WecomSimulator;
let client: WecomClient;

beforeEach(async () => {
  clock = new ManualClock(START);
  sim = await startWecomSimulator({ clock, corpId: 'ww-corp', secret: 'app-secret' });
  sim.bindWebhook('key-a', 'wr_a');
  client = new WecomClient({ baseUrl: sim.url, corpId: 'ww-corp', agentId: '1000002', secret: 'app-secret', clock, log: silentLogger, timeoutMs: 5_000 });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await sim.close();
});

const tokenFetches = (spy: { mock: { calls: unknown[][] } }) =>
  spy.mock.calls.filter(([url]) => String(url).includes('/cgi-bin/gettoken')).length;

describe('WecomClient against the simulator', () => {
  it('sends each webhook kind with WeCom field names and records it', async () => {
    const png = Buffer.from('89504e470d0a1a0a-not-really-a-png');
    await client.sendWebhook('key-a', { msgtype: 'text', content: '请 <@li> 查看', mentions: ['wang', '@all'] });
    await client.sendWebhook('key-a', { msgtype: 'markdown', content: '# 标题\n**加粗** <font color="warning">12</font>' });
    await client.sendWebhook('key-a', { msgtype: 'template_card', card: { card_type: 'text_notice', main_title: { title: '周报', desc: '第 3 周' } } });
    await client.sendWebhook('key-a', { msgtype: 'image', contentBase64: png.toString('base64') });
    await client.sendWebhook('key-a', { msgtype: 'file', fileName: '周报.xlsx', contentBase64: Buffer.from('xlsx-bytes').toString('base64') });

    const [text, md, card, image, file] = sim.records;
    expect(text).toMatchObject({ at: '2026-12-02T09:00:00+08:00', to: { chat: 'wr_a' }, via: 'webhook', msgtype: 'text', text: '请 @li 查看\n@wang @all' });
    expect(text!.raw).toEqual({ msgtype: 'text', text: { content: '请 <@li> 查看', mentioned_list: ['wang', '@all'] } });
    expect(md).toMatchObject({ msgtype: 'markdown', text: '标题\n加粗 12' });
    expect(card).toMatchObject({ msgtype: 'template_card', text: '周报\n第 3 周' });
    expect(card!.raw).toMatchObject({ template_card: { card_type: 'text_notice' } });
    expect(image!.raw).toEqual({ msgtype: 'image', image: { base64: png.toString('base64'), md5: createHash('md5').update(png).digest('hex') } });
    expect(file).toMatchObject({ msgtype: 'file', text: '[文件] 周报.xlsx' });
    expect((file!.raw as { file: { media_id: string } }).file.media_id).toMatch(/^[0-9a-f]+$/);
  });

  it('sends app messages with touser "a|b" and agentid, caching the token', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await Promise.all([
      client.sendApp(['qian', 'sun'], { msgtype: 'markdown', content: '**日报**' }),
      client.sendApp(['qian'], { msgtype: 'text', content: '你好' }),
    ]);
    await client.sendApp(['qian'], { msgtype: 'text', content: '再见' });
    expect(tokenFetches(fetchSpy)).toBe(1);
    expect(sim.records.map((r) => r.to)).toEqual([{ users: ['qian', 'sun'] }, { users: ['qian'] }, { users: ['qian'] }]);
    expect(sim.records[0]!.raw).toEqual({ touser: 'qian|sun', agentid: 1000002, msgtype: 'markdown', markdown: { content: '**日报**' } });
    expect(sim.records[0]!.via).toBe('app');
  });

  it('asks WeCom to drop a repeat of the same app message within 30 minutes when told to (a resend after a timeout arrives once)', async () => {
    const red = { msgtype: 'text', content: '红牌：冷链项目' } as const;
    await client.send({ kind: 'app', userIds: ['qian'], duplicateCheck: true }, red);
    await client.send({ kind: 'app', userIds: ['qian'], duplicateCheck: true }, red);
    expect(sim.records).toHaveLength(1);
    expect(sim.records[0]!.raw).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 1800 });
    clock.advance(31 * 60_000);
    await client.send({ kind: 'app', userIds: ['qian'], duplicateCheck: true }, red);
    // An answer asked for twice is sent twice.
    await client.send({ kind: 'app', userIds: ['qian'] }, red);
    expect(sim.records).toHaveLength(3);
  });

  it('refreshes the token on 42001 and retries once, and refreshes early before expiry', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await client.sendApp(['qian'], { msgtype: 'text', content: '一' });
    sim.fault('token-expired', 1);
    await client.sendApp(['qian'], { msgtype: 'text', content: '二' });
    expect(tokenFetches(fetchSpy)).toBe(2);
    expect(sim.faultsLeft()).toBe(0);

    clock.advance((7200 - 5 * 60 + 1) * 1000);
    await client.sendApp(['qian'], { msgtype: 'text', content: '三' });
    expect(tokenFetches(fetchSpy)).toBe(3);
    expect(sim.records.map((r) => r.text)).toEqual(['一', '二', '三']);
  });

  it('answers response_url replies to the group or the person, once', async () => {
    const group = sim.responseUrl({ chatId: 'wr_b', userId: 'zhao' });
    const single = sim.responseUrl({ chatId: null, userId: 'zhao' });
    await client.send({ kind: 'reply', url: group, chatId: 'wr_b', userId: 'zhao' }, { msgtype: 'markdown', content: '收到' });
    await client.sendReply(single, { msgtype: 'text', content: '已登记' });
    expect(sim.records.map(({ to, via, msgtype, text }) => ({ to, via, msgtype, text }))).toEqual([
      { to: { chat: 'wr_b' }, via: 'reply', msgtype: 'markdown', text: '收到' },
      { to: { users: ['zhao'] }, via: 'reply', msgtype: 'markdown', text: '已登记' },
    ]);
    const reuse = await client.sendReply(group, { msgtype: 'markdown', content: '再次' }).catch((e: unknown) => e);
    expect(reuse).toBeInstanceOf(WecomError);
    expect((reuse as WecomError).retryable).toBe(false);
  });

  it('classifies failures as retryable or permanent', async () => {
    const fail = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as WecomError);
    const body = { msgtype: 'text', content: 'x' } as const;

    const unknownKey = await fail(client.sendWebhook('nope', body));
    expect(unknownKey).toMatchObject({ retryable: false, errcode: 93000 });

    sim.fault('5xx', 1);
    expect(await fail(client.sendWebhook('key-a', body))).toMatchObject({ retryable: true, httpStatus: 502 });
    sim.fault('rate-limit', 1);
    expect(await fail(client.sendWebhook('key-a', body))).toMatchObject({ retryable: true, errcode: 45009 });
    sim.fault('timeout', 1);
    const impatient = new WecomClient({ baseUrl: sim.url, clock, log: silentLogger, timeoutMs: 250 });
    const timedOut = await fail(impatient.sendWebhook('key-a', body));
    expect(timedOut).toMatchObject({ retryable: true, errcode: null });
    expect(timedOut!.message).toMatch(/250 ms/);

    const badSecret = new WecomClient({ baseUrl: sim.url, corpId: 'ww-corp', agentId: '1', secret: 'wrong', clock, log: silentLogger });
    expect(await fail(badSecret.sendApp(['qian'], body))).toMatchObject({ retryable: false, errcode: 40001 });
    expect(sim.records).toHaveLength(0);

    await client.sendWebhook('key-a', body);
    expect(sim.records).toHaveLength(1);
  });
});

describe('renderPlainText and splitBody', () => {
  it('flattens markdown and template cards', () => {
    expect(renderPlainText({ msgtype: 'markdown', content: '## 进度\n> 累计 <font color="info">62%</font>\n- [详情](https://x)\n<@wang> 请跟进' })).toBe(
      '进度\n累计 62%\n- 详情\n@wang 请跟进',
    );
    const card = {
      card_type: 'button_interaction',
      source: { desc: '项目助手' },
      main_title: { title: '待审核' },
      horizontal_content_list: [{ keyname: '项目', value: '冷链' }],
      button_list: [{ text: '通过' }, { text: '退回' }],
    };
    expect(renderPlainText({ msgtype: 'template_card', card })).toBe('项目助手\n待审核\n项目：冷链\n[通过] [退回]');
  });

  it('splits long markdown on line boundaries within the limit, in order', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `第 ${i + 1} 行：项目进度正常`);
    const parts = splitBody({ msgtype: 'markdown', content: lines.join('\n') });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength((part as { content: string }).content)).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => (p as { content: string }).content).join('\n')).toBe(lines.join('\n'));
  });

  it('cuts an overlong single line and keeps mentions on the first text part only', () => {
    const parts = splitBody({ msgtype: 'text', content: '长'.repeat(1500), mentions: ['wang'] });
    expect(parts).toHaveLength(3);
    expect(parts.map((p) => Buffer.byteLength((p as { content: string }).content) <= 2048)).toEqual([true, true, true]);
    expect(parts[0]).toMatchObject({ mentions: ['wang'] });
    expect(parts[1]).not.toHaveProperty('mentions');
    expect(splitBody({ msgtype: 'image', contentBase64: 'AA==' })).toHaveLength(1);
  });
});
