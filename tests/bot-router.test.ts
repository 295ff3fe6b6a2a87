import { describe, expect, it } from 'vitest';
import { CommandTable, normaliseText, routeEvent } from '../src/bot/router.js';
import type { InboundEvent } from '../src/wecom/event.js';

const event = (text: string, extra: Partial<InboundEvent> = {}): InboundEvent => ({
  source: 'aibot', msgId: 'm1', chatId: 'wr_1', chatType: 'group', userId: 'u1', text,
  kind: 'message', receivedAt: new Date('2026-12-02T01:00:00Z'), raw: {}, ...extra,
});

describe('normaliseText', () => {
  it('strips a leftover @BotName, full-width slash and spaces', () => {
    expect(normaliseText('@项目助手　／进度　　冷链项目 ', '项目助手')).toBe('/进度 冷链项目');
  });
  it('keeps other text as is', () => {
    expect(normaliseText('11月完成投资680万元', '项目助手')).toBe('11月完成投资680万元');
  });
});

describe('routeEvent', () => {
  it('splits a command into name and args', () => {
    expect(routeEvent(event('/排名  属地'), '项目助手')).toEqual({ kind: 'command', name: '排名', args: '属地' });
    expect(routeEvent(event('／解决 １２ 已协调'), '项目助手')).toEqual({ kind: 'command', name: '解决', args: '12 已协调' });
  });
  it('reads 确认 as a confirmation and other text as a possible report', () => {
    expect(routeEvent(event('确认'), '项目助手')).toEqual({ kind: 'confirm', reportId: null });
    expect(routeEvent(event('本月完成500万'), '项目助手')).toEqual({ kind: 'text', text: '本月完成500万' });
  });
  it('ignores empty text', () => {
    expect(routeEvent(event('  '), '项目助手')).toEqual({ kind: 'ignore' });
    expect(routeEvent(event('@项目助手'), '项目助手')).toEqual({ kind: 'ignore' });
  });
  it('routes card buttons by key', () => {
    const click = (eventKey: string) =>
      routeEvent(event('', { kind: 'event', eventType: 'template_card_event', eventKey }), '项目助手');
    expect(click('confirm:r9')).toEqual({ kind: 'confirm', reportId: 'r9' });
    expect(click('correct:r9')).toEqual({ kind: 'command', name: '更正', args: '' });
    expect(click('other')).toEqual({ kind: 'ignore' });
    expect(routeEvent(event('', { kind: 'event', eventType: 'enter_chat' }), '项目助手')).toEqual({ kind: 'ignore' });
  });
});

describe('CommandTable', () => {
  const h = (command: string) => ({ command });
  it('rejects names with a slash, spaces or twice', () => {
    expect(() => new CommandTable().register(h('/进度'))).toThrow(/without the leading slash/);
    expect(() => new CommandTable().register(h('进 度'))).toThrow(/spaces/);
    expect(() => new CommandTable().register(h('进度')).register(h('进度'))).toThrow(/twice/);
  });
  it('finds exact names first, then the longest prefix', () => {
    const table = new CommandTable().register(h('问题')).register(h('问题列表'));
    expect(table.lookup('问题列表', '全部')?.handler.command).toBe('问题列表');
    expect(table.lookup('问题列表全部', '')).toEqual({ handler: h('问题列表'), args: '全部' });
    expect(table.lookup('问题道路未通', 'x')).toEqual({ handler: h('问题'), args: '道路未通 x' });
    expect(table.lookup('天气', '')).toBeNull();
  });
});
