import { describe, expect, it } from 'vitest';
import { botRig, ERSHIXIAO, LENGLIAN, privately, said, who } from '../support/bot.js';

describe('warnings handler (/预警)', () => {
  it("lists the asker's carded projects, red before yellow, each with its reason", async () => {
    const rig = await botRig();
    await rig.say('本月完成投资300万元，年度累计4000万元', who.otherLiaison);
    await rig.say('本月完成投资300万元，年度累计300万元', who.liaison);
    const list = said(await rig.say('/预警', privately(who.leader)));
    expect(list).toBe(
      [
        '**预警项目（2）**',
        `红牌 ${LENGLIAN}：截至10月27日完成 300 万元，序时 7,403 万元，落后 78.9 个百分点`,
        `黄牌 ${ERSHIXIAO}：截至10月27日完成 4,000 万元，序时 5,035 万元，落后 17.3 个百分点`,
      ].join('\n'),
    );
  });

  it("in a project's group includes the group's project and reasons other than the lag", async () => {
    const rig = await botRig();
    await rig.say('本月完成投资300万元，年度累计300万元', who.liaison);
    expect(said(await rig.say('/预警', who.liaison))).toBe(`**预警项目（1）**\n红牌 ${LENGLIAN}：截至10月27日完成 300 万元，序时 7,403 万元，落后 78.9 个百分点`);
    expect(said(await rig.say('/预警', privately(who.admin)))).toContain('红牌 锂电池正极材料生产项目：已过计划开工日期仍未开工');
  });

  it('a corrected report lifts the card, and a scope with no card says so', async () => {
    const rig = await botRig();
    await rig.say('本月完成投资300万元，年度累计300万元', who.liaison);
    rig.clock.advance(60_000);
    await rig.say('/更正 年度 8600', who.liaison);
    expect(said(await rig.say('/预警', privately(who.leader)))).toBe('您负责的 2 个项目目前均无预警。');
  });
});
