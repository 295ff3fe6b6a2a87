import { describe, expect, it } from 'vitest';
import { escapeUserText, pct, points, wan } from '../cards/common.js';
import { fitBody, fitBytes } from '../src/messages/limits.js';
import { helpCard, unknownCommand } from '../cards/help.js';

describe('numbers', () => {
  it('writes 万元 with separators and percents with one decimal at most', () => {
    expect(wan(8600)).toBe('8,600 万元');
    expect(wan(12345.678)).toBe('12,345.68 万元');
    expect(wan(0)).toBe('0 万元');
    expect(pct(62)).toBe('62%');
    expect(pct(82.5555)).toBe('82.6%');
    expect(points(9.14)).toBe('9.1');
  });
});

describe('escapeUserText', () => {
  it('neutralises markdown, tags and @all', () => {
    const out = escapeUserText('**加粗** <@all> <font color="warning">红</font> [链接](http://x) @all @所有人\n# 标题');
    expect(out).not.toMatch(/[*<>[\]#]/);
    expect(out).not.toMatch(/(^|[^＠])@(all|所有人)/i);
    expect(out).not.toContain('\n');
  });
  it('shortens long text', () => {
    expect([...escapeUserText('问'.repeat(500), 10)]).toHaveLength(11);
  });
});

describe('fitBytes', () => {
  it('cuts on a character boundary within the limit', () => {
    const cut = fitBytes('进度😀'.repeat(2000), 2048);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(2048);
    expect(cut).toContain('已截断');
    expect(cut).not.toContain('\uFFFD');
    expect(fitBytes('短', 2048)).toBe('短');
  });
  it('applies the limit of each body type', () => {
    const long = 'a'.repeat(10_000);
    const t = fitBody({ msgtype: 'text', content: long });
    const m = fitBody({ msgtype: 'markdown', content: long });
    expect(t.msgtype === 'text' && Buffer.byteLength(t.content)).toBeLessThanOrEqual(2048);
    expect(m.msgtype === 'markdown' && Buffer.byteLength(m.content)).toBeLessThanOrEqual(4096);
  });
});

describe('help card', () => {
  it('lists every entry with its example', () => {
    const body = helpCard([
      { summary: '直接发送进度', example: '本月完成投资680万元' },
      { command: '进度', summary: '查看项目进度', example: '/进度 冷链项目' },
    ]);
    expect(body.msgtype).toBe('markdown');
    const content = body.msgtype === 'markdown' ? body.content : '';
    expect(content).toContain('**/进度** 查看项目进度\n例：/进度 冷链项目');
    expect(content).toContain('直接发送进度');
  });
  it('answers an unknown command in one line without echoing markup', () => {
    const body = unknownCommand('<@all>');
    expect(body.msgtype === 'text' && body.content).not.toContain('<');
  });
});
