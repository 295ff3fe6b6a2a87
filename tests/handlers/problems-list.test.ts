import { describe, expect, it } from 'vitest';
import { botRig, ERSHIXIAO, LENGLIAN, privately, said, who } from '../support/bot.js';

describe('problems-list handler (/问题列表)', () => {
  it("in a project's group lists that project's open problems with their age, not the closed ones", async () => {
    const rig = await botRig();
    await rig.say('/问题 冷库设备未到货', who.liaison);
    await rig.say('/问题 供电线路迁改未完成', who.liaison);
    await rig.say('/问题 二实小 校门口道路征迁未完成', privately(who.admin));
    await rig.say('/解决 1 已到货', who.liaison);
    rig.clock.advance(4 * 86_400_000);
    const list = said(await rig.say('/问题列表', who.liaison));
    expect(list).toContain(`**${LENGLIAN} · 未解决问题**（1 个）`);
    expect(list).toContain('#2 供电线路迁改未完成 · 4 天');
    expect(list).not.toContain('冷库设备');
    expect(list).not.toContain('校门口');
  });

  it("全部 lists every open problem of the asker's projects, each with its project", async () => {
    const rig = await botRig();
    await rig.say('/问题 冷库设备未到货', who.liaison);
    await rig.say('/问题 二实小 校门口道路征迁未完成', privately(who.admin));
    await rig.say('/问题 光伏项目 升压站用地未落实', privately(who.admin));
    const list = said(await rig.say('/问题列表 全部', privately(who.leader)));
    expect(list).toContain('**您负责项目的未解决问题**（2 个）');
    expect(list).toContain(`#1 【${LENGLIAN}】冷库设备未到货`);
    expect(list).toContain(`#2 【${ERSHIXIAO}】校门口道路征迁未完成`);
    expect(list).not.toContain('升压站');
  });

  it('a project with no open problem says 无, and an unknown project is answered clearly', async () => {
    const rig = await botRig();
    await rig.say('/问题 冷库设备未到货', who.liaison);
    expect(said(await rig.say('/问题列表 二实小', privately(who.admin)))).toBe(`${ERSHIXIAO} · 未解决问题：无。`);
    expect(said(await rig.say('/问题列表 火星基地', privately(who.admin)))).toBe('没有找到项目“火星基地”。发送 /进度 查看您负责的项目。');
  });
});
