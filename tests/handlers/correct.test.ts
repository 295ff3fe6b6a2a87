import { describe, expect, it } from 'vitest';
import { botRig, LENGLIAN, privately, said, who, type BotRig } from '../support/bot.js';

async function reported(rig: BotRig) {
  await rig.say('本月完成投资1250万元，年度累计8600万元，形象进度65%', who.liaison);
  rig.clock.advance(60_000);
  return (await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId))!;
}

describe('correct handler (/更正)', () => {
  it('/更正 本期 1300 stores a corrected version and keeps the old one, marked superseded', async () => {
    const rig = await botRig();
    const old = await reported(rig);
    const replies = await rig.say('/更正 本期 1300', who.liaison);
    const next = (await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId))!;
    expect(next._id).not.toBe(old._id);
    expect(next).toMatchObject({ status: 'confirmed', supersedes: old._id, fields: { completedThisPeriod: 1300, completedThisYear: 8600, progressPercent: 65 } });
    expect(await rig.repos.reports.findReport(old._id)).toMatchObject({ status: 'superseded', supersededBy: next._id, fields: { completedThisPeriod: 1250 } });
    expect(said(replies)).toContain('本期完成：1,300 万元');
    expect(said(replies)).toContain('年度累计：8,600 万元');
  });

  it('a whole sentence after /更正 rewrites the figures it names', async () => {
    const rig = await botRig();
    await reported(rig);
    await rig.say('/更正 年度累计完成投资9000万元，形象进度70%', who.liaison);
    const next = (await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId))!;
    expect(next.fields).toMatchObject({ completedThisPeriod: 1250, completedThisYear: 9000, progressPercent: 70 });
  });

  it('a value out of range is refused with the reason and the usage, and nothing is stored', async () => {
    const rig = await botRig();
    const old = await reported(rig);
    const replies = await rig.say('/更正 进度 170', who.liaison);
    expect(said(replies)).toContain('形象进度应为 0 到 100 之间的数。');
    expect(said(replies)).toContain('用法：/更正 字段 值');
    expect(said(await rig.say('/更正 本期 abc', who.liaison))).toContain('“abc”不是金额');
    expect((await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId))?._id).toBe(old._id);
    expect((await rig.repos.reports.findReport(old._id))?.status).toBe('confirmed');
  });

  it('says what is missing: no report yet, no field, or not in a project group', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/更正 本期 1300', who.liaison))).toBe(`您在“${LENGLIAN}”还没有可更正的进度。`);
    await reported(rig);
    expect(said(await rig.say('/更正', who.liaison))).toMatch(/^用法：\/更正 字段 值/);
    expect(said(await rig.say('/更正 本期 1300', privately(who.liaison)))).toBe('请在项目工作群里更正本群项目的进度。');
  });
});
