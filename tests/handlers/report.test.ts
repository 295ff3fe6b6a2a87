import { describe, expect, it } from 'vitest';
import { botRig, said, who } from '../support/bot.js';

describe('report handler (free text)', () => {
  it("stores a liaison's report in the project's group as confirmed and answers with a receipt", async () => {
    const rig = await botRig();
    const replies = await rig.say('本月完成投资1250万元，年度累计8600万元，形象进度65%', who.liaison);
    const last = await rig.repos.reports.lastReportBy('农产品冷链物流中心', who.liaison.userId);
    expect(last).toMatchObject({ status: 'confirmed', fields: { completedThisPeriod: 1250, completedThisYear: 8600, progressPercent: 65 } });
    expect(replies).toHaveLength(1);
    expect(said(replies)).toContain('1,250 万元');
    expect(said(replies)).toContain('8,600 万元');
  });

  it('handles the same message twice as once: one report, one reply', async () => {
    const rig = await botRig();
    const e = rig.event('本月完成投资300万元', who.liaison);
    await rig.bot.receive(e);
    await rig.bot.receive(e);
    const week = await rig.repos.reports.reportsBetween(['农产品冷链物流中心'], new Date(0), new Date('2100-01-01'));
    expect(week).toHaveLength(1);
    expect(rig.sent.filter((m) => m.origin?.msgId === e.msgId && m.target.kind === 'reply')).toHaveLength(1);
  });

  it('records the problems a report raises, numbered, and lists them in the receipt', async () => {
    const rig = await botRig();
    const replies = await rig.say('本月完成投资300万元。问题：供电线路迁改未完成，需县供电公司协调', who.liaison);
    const open = await rig.repos.problems.openProblems(['农产品冷链物流中心']);
    expect(open).toHaveLength(1);
    expect(open[0]!.text).toContain('供电线路迁改');
    expect(said(replies)).toContain(`问题 #${open[0]!.no}`);
  });

  it('answers text addressed to it that is no report, in a group and in private, and stores nothing', async () => {
    const rig = await botRig();
    expect(said(await rig.say('大家辛苦了', who.liaison))).toContain('没有记为进度');
    expect(said(await rig.say('请问上周报的1200万怎么显示成120万了？', who.liaison))).toContain('/更正');
    expect(said(await rig.say('大家辛苦了', { userId: who.liaison.userId, chatId: null }))).toContain('/帮助');
    expect(await rig.repos.reports.lastReportBy('农产品冷链物流中心', who.liaison.userId)).toBeNull();
  });

  it('asks which project when a private report names none', async () => {
    const rig = await botRig();
    const replies = await rig.say('本月完成投资300万元', { userId: who.liaison.userId, chatId: null });
    expect(said(replies)).toContain('没有识别出是哪个项目');
    expect(await rig.repos.reports.lastReportBy('农产品冷链物流中心', who.liaison.userId)).toBeNull();
  });

  it('sends what the parser is unsure of (a range, a negative) through the confirmation card, not straight into the figures', async () => {
    const rig = await botRig();
    const range = said(await rig.say('本月完成投资500-600万元', who.liaison));
    expect(range).toContain('金额写的是范围，按下限记');
    expect(await rig.repos.reports.lastReportBy('农产品冷链物流中心', who.liaison.userId)).toMatchObject({ status: 'pending' });
    rig.clock.advance(60_000);
    expect(said(await rig.say('本月完成投资减少60万元', who.liaison))).toContain('金额为负数或减少，按负数（核减）记');
  });
});

describe('a report sent again', () => {
  it('is not stored twice when the same person resends the same text within a day, and the receipt says so', async () => {
    const rig = await botRig();
    await rig.say('本月完成投资300万元，形象进度40%', who.liaison);
    rig.clock.advance(60_000);
    const again = said(await rig.say('本月完成投资300万元， 形象进度40%', who.liaison));
    expect(again).toContain('已记录过，不重复计入');
    const all = await rig.repos.reports.reportsBetween(['农产品冷链物流中心'], new Date(0), new Date('2100-01-01'));
    expect(all).toHaveLength(1);
    rig.clock.advance(86_400_000);
    expect(said(await rig.say('本月完成投资300万元，形象进度40%', who.liaison))).not.toContain('不重复计入');
  });
});
