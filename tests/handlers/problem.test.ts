import { describe, expect, it } from 'vitest';
import { botRig, ERSHIXIAO, LENGLIAN, privately, said, who } from '../support/bot.js';

describe('problem handler (/问题)', () => {
  it("in a project's group records the problem against that project, numbered, and names the lead department", async () => {
    const rig = await botRig();
    const replies = await rig.say('/问题 冷库设备未到货，需县商务局协调', who.liaison);
    const open = await rig.repos.problems.openProblems([LENGLIAN]);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ project: LENGLIAN, text: '冷库设备未到货，需县商务局协调', reportedBy: who.liaison.userId, status: '待协调' });
    expect(said(replies)).toBe(`已登记问题 #${open[0]!.no}（${LENGLIAN}）：冷库设备未到货，需县商务局协调\n责任单位：县商务局。解决后发送 /解决 ${open[0]!.no} 说明`);
  });

  it('in private takes the project from the first word, by alias, and numbers problems in sequence', async () => {
    const rig = await botRig();
    await rig.say('/问题 冷库设备未到货', who.liaison);
    const replies = await rig.say('/问题 二实小 校门口道路征迁未完成', privately(who.admin));
    const [second] = await rig.repos.problems.openProblems([ERSHIXIAO]);
    expect(second).toMatchObject({ no: 2, text: '校门口道路征迁未完成' });
    expect(said(replies)).toContain(`已登记问题 #2（${ERSHIXIAO}）`);
    expect(said(replies)).toContain('责任单位：县教体局');
  });

  it('a missing text, a missing project or an unknown project is answered and nothing is recorded', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/问题', who.liaison))).toBe('请写上问题内容，例如：/问题 校门口道路征迁未完成，需城关镇协调');
    expect(said(await rig.say('/问题', privately(who.admin)))).toBe('请写明项目，例如：/问题 冷链项目 冷库设备未到货');
    expect(said(await rig.say('/问题 火星基地 没有氧气', privately(who.admin)))).toBe('没有找到项目“火星基地”。发送 /进度 查看您负责的项目。');
    expect(await rig.repos.problems.openProblems()).toEqual([]);
  });
});
