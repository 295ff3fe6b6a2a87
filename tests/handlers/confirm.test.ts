import { describe, expect, it } from 'vitest';
import { botRig, LENGLIAN, said, who, type BotRig } from '../support/bot.js';

const YEAR_START = new Date('2026-01-01T00:00:00+08:00');

/** A report the parser flags (本期 larger than 年度累计): stored as pending, answered with a confirmation card. */
async function pendingReport(rig: BotRig) {
  const replies = await rig.say('本月完成投资500万元，年度累计300万元', who.liaison);
  const report = await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId);
  expect(report?.status).toBe('pending');
  expect(said(replies)).toContain('本期完成大于年度累计');
  return report!;
}

describe('confirm handler (确认 and the card button)', () => {
  it('"确认" turns the pending report confirmed, counts its figures and answers with a receipt', async () => {
    const rig = await botRig();
    const pending = await pendingReport(rig);
    expect((await rig.repos.reports.latestFigures(LENGLIAN, YEAR_START)).completedThisYear).toBeNull();
    rig.clock.advance(60_000);
    const replies = await rig.say('确认', who.liaison);
    const stored = await rig.repos.reports.findReport(pending._id);
    expect(stored).toMatchObject({ status: 'confirmed', confirmedBy: who.liaison.userId });
    expect((await rig.repos.reports.latestFigures(LENGLIAN, YEAR_START)).completedThisYear).toBe(300);
    expect(said(replies)).toContain(`已记录 · ${LENGLIAN}`);
    expect(said(replies)).toContain('年度累计：300 万元');
  });

  it('the card button confirm:<reportId> confirms exactly that report', async () => {
    const rig = await botRig();
    const pending = await pendingReport(rig);
    const replies = await rig.say('', who.liaison, { kind: 'event', eventType: 'template_card_event', eventKey: `confirm:${pending._id}` });
    expect((await rig.repos.reports.findReport(pending._id))?.status).toBe('confirmed');
    expect(said(replies)).toContain('本期完成：500 万元');
  });

  it('a second confirmation says it was already confirmed and changes nothing', async () => {
    const rig = await botRig();
    const pending = await pendingReport(rig);
    await rig.say('确认', who.liaison);
    const first = await rig.repos.reports.findReport(pending._id);
    rig.clock.advance(60_000);
    const again = await rig.say('', who.liaison, { kind: 'event', eventType: 'template_card_event', eventKey: `confirm:${pending._id}` });
    expect(said(again)).toBe('这条进度已经确认过了。');
    expect((await rig.repos.reports.findReport(pending._id))?.confirmedAt).toEqual(first?.confirmedAt);
  });

  it('"确认" with nothing pending, or a button naming no stored report, says there is nothing to confirm', async () => {
    const rig = await botRig();
    await rig.say('本月完成投资1250万元，年度累计8600万元', who.liaison);
    expect(said(await rig.say('确认', who.liaison))).toBe('没有待确认的进度。');
    expect(said(await rig.say('', who.liaison, { kind: 'event', eventType: 'template_card_event', eventKey: 'confirm:000000000000000000000000' }))).toBe('没有待确认的进度。');
  });
});

describe('a 确认 handled again after a crash', () => {
  it('finishes what the first attempt started: the stage moves and the receipt goes out', async () => {
    const rig = await botRig();
    const zheng = { userId: 'zheng_ll', chatId: 'wr_ld' };
    await rig.say('项目已开工，本月完成投资9000万元,年度累计完成8600万元', zheng);
    const pending = await rig.repos.reports.lastReportBy('锂电池正极材料生产项目', zheng.userId);
    expect(pending).toMatchObject({ status: 'pending' });
    rig.clock.advance(60_000);
    const e = rig.event('确认', zheng);
    // The first attempt stored the confirmation, then died before the stage and the receipt.
    await rig.repos.reports.confirmReport(pending!, zheng.userId, rig.clock.now(), e.msgId);
    await rig.bot.receive(e);
    expect((await rig.repos.projects.projectByName('锂电池正极材料生产项目'))?.stage).toBe('开工');
    const replies = rig.sent.filter((m) => m.origin?.msgId === e.msgId && m.target.kind === 'reply').map((m) => m.body);
    expect(said(replies)).toContain('已记录');
  });
});

describe('an absurd figure', () => {
  it('is not counted by the reporter\'s 确认, only by the admin', async () => {
    const rig = await botRig();
    await rig.say('年度累计完成投资50000万元', who.liaison);
    const report = (await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId))!;
    expect(report).toMatchObject({ status: 'pending', absurd: ['年度累计 50,000 万元 超过项目总投资 32,000 万元'] });
    rig.clock.advance(60_000);
    expect(said(await rig.say('确认', who.liaison))).toContain('不能直接确认');
    expect((await rig.repos.reports.findReport(report._id))?.status).toBe('pending');
    await rig.say('', who.admin, { kind: 'event', eventType: 'template_card_event', eventKey: `confirm:${report._id}` });
    expect((await rig.repos.reports.findReport(report._id))?.status).toBe('confirmed');
  });

  it('is found by the admin\'s typed 确认 in the project\'s group, not by another liaison\'s', async () => {
    const rig = await botRig();
    await rig.say('年度累计完成投资50000万元', who.liaison);
    const report = (await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId))!;
    rig.clock.advance(60_000);
    const replies = await rig.say('确认', { userId: who.admin.userId, chatId: who.liaison.chatId });
    expect((await rig.repos.reports.findReport(report._id))).toMatchObject({ status: 'confirmed', confirmedBy: who.admin.userId });
    expect(said(replies)).toContain('年度累计：50,000 万元');
  });
});
