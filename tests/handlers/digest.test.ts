import { describe, expect, it } from 'vitest';
import { botRig, LENGLIAN, privately, said, who } from '../support/bot.js';

describe('digest handler (/日报)', () => {
  it("gives the leader today's reports, card changes and new problems of his projects only", async () => {
    const rig = await botRig();
    await rig.say('本月完成投资300万元，年度累计300万元，形象进度40%。问题：冷库设备未到货', who.liaison);
    await rig.say('光伏项目本月完成投资500万元，年度累计3000万元', privately(who.admin));
    rig.clock.advance(60_000);
    const digest = said(await rig.say('/日报', privately(who.leader)));
    expect(digest).toBe(
      [
        '**项目日报 · 钱副县长**',
        '10月27日 08:30 以来，您负责 2 个项目',
        '**新报送（1）**',
        `${LENGLIAN}：本月（10月） 300 万元，形象进度 40%`,
        '**预警变化（1）**',
        `${LENGLIAN}：红牌（截至10月27日完成 300 万元，序时 7,403 万元，落后 78.9 个百分点）`,
        '**新问题（1）**',
        `#1 ${LENGLIAN}：冷库设备未到货`,
      ].join('\n'),
    );
  });

  it('covers only the time since the last scheduled digest: the next morning yesterday is gone', async () => {
    const rig = await botRig();
    await rig.say('本月完成投资1250万元，年度累计8600万元', who.liaison);
    rig.clock.set(new Date('2026-10-28T09:00:00+08:00'));
    expect(said(await rig.say('/日报', privately(who.leader)))).toBe('**项目日报 · 钱副县长**\n10月28日 08:30 以来，您负责的 2 个项目无新报送、无预警变化、无新问题。');
  });

  it('lists a problem open past the yellow-card limit as 久拖未决 with its age', async () => {
    const rig = await botRig();
    await rig.say('/问题 冷库设备未到货', who.liaison);
    rig.clock.advance(16 * 86_400_000);
    const digest = said(await rig.say('/日报', privately(who.leader)));
    expect(digest).toContain('**久拖未决（1）**');
    expect(digest).toContain(`#1 ${LENGLIAN}：冷库设备未到货（16 天）`);
  });
});
