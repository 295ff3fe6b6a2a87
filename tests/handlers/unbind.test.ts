import { describe, expect, it } from 'vitest';
import { botRig, LENGLIAN, privately, said, who } from '../support/bot.js';

describe('unbind handler (/解绑)', () => {
  it('releases the group from its project and says which one', async () => {
    const rig = await botRig();
    const replies = await rig.say('/解绑', who.liaison);
    expect(said(replies)).toBe(`本群已解除与“${LENGLIAN}”的绑定。`);
    expect(await rig.repos.projects.projectByChat('wr_ll')).toBeNull();
    expect((await rig.repos.projects.projectByName(LENGLIAN))?.chatId).toBeNull();
  });

  it('after unbinding, a report in the group that names no project is not recorded to it', async () => {
    const rig = await botRig();
    await rig.say('/解绑', who.liaison);
    const replies = await rig.say('本月完成投资300万元', who.liaison);
    expect(said(replies)).toContain('没有识别出是哪个项目');
    expect(await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId)).toBeNull();
  });

  it('a group with no project, or a private chat, gets a clear answer', async () => {
    const rig = await botRig();
    await rig.say('/解绑', who.liaison);
    expect(said(await rig.say('/解绑', who.liaison))).toBe('本群没有绑定项目。');
    expect(said(await rig.say('/解绑', privately(who.admin)))).toBe('请在项目工作群里使用 /解绑。');
    expect((await rig.repos.projects.projectByChat('wr_xx'))?.name).toBe('第二实验小学新建工程');
  });
});
