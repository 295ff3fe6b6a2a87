import { describe, expect, it } from 'vitest';
import { botRig, ERSHIXIAO, LENGLIAN, privately, said, who } from '../support/bot.js';

describe('progress handler (/进度)', () => {
  it("in the project's group shows that project's card with the reported figures and open problems", async () => {
    const rig = await botRig();
    await rig.say('本月完成投资1250万元，年度累计4500万元，形象进度65%。问题：冷库设备未到货', who.liaison);
    const replies = await rig.say('/进度', who.liaison);
    const card = said(replies);
    expect(card).toContain(`**${LENGLIAN}**`);
    expect(card).toContain('年度计划：9,000 万元');
    expect(card).toContain('年度完成：4,500 万元');
    expect(card).toContain('形象进度：65%');
    expect(card).toContain('年度完成率 50%');
    expect(card).toContain('未解决问题 1 个');
    expect(card).toContain('冷库设备未到货');
    expect(card).toContain('最近填报：10月27日 10:00');
  });

  it('before any report says 未填报 and no problems', async () => {
    const rig = await botRig();
    const card = said(await rig.say('/进度 冷链项目', privately(who.leader)));
    expect(card).toContain('年度完成：未填报');
    expect(card).toContain('未解决问题：无');
    expect(card).toContain('最近填报：无');
  });

  it("in private with no project named lists the asker's projects with their completion rate", async () => {
    const rig = await botRig();
    await rig.say('本月完成投资1250万元，年度累计4500万元', who.liaison);
    const list = said(await rig.say('/进度', privately(who.leader)));
    expect(list).toContain('钱副县长负责的项目**（2 个）');
    expect(list).toContain(`${LENGLIAN}：完成率 50%`);
    expect(list).toContain(`${ERSHIXIAO}：完成率 —`);
    expect(list).not.toContain('光伏');
  });

  it('an unknown project gets a clear answer', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/进度 火星基地项目', privately(who.admin)))).toBe('没有找到项目“火星基地项目”。发送 /进度 查看您负责的项目。');
  });
});
