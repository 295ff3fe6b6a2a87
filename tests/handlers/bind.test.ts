import { describe, expect, it } from 'vitest';
import { botRig, ERSHIXIAO, LENGLIAN, privately, said, who } from '../support/bot.js';

const NEW_GROUP = { userId: who.admin.userId, chatId: 'wr_new' };

describe('bind handler (/绑定)', () => {
  it('binds the group to the project, releasing its former group, and says so', async () => {
    const rig = await botRig();
    const replies = await rig.say('/绑定 冷链项目', NEW_GROUP);
    expect(said(replies)).toBe(`本群已绑定“${LENGLIAN}”（原绑定的群已解除）。之后在群里 @我 发进度即可，不必再写项目名。`);
    expect((await rig.repos.projects.projectByChat('wr_new'))?.name).toBe(LENGLIAN);
    expect(await rig.repos.projects.projectByChat('wr_ll')).toBeNull();
  });

  it('after binding, a report in the new group without a project name goes to the bound project', async () => {
    const rig = await botRig();
    await rig.say('/绑定 冷链项目', NEW_GROUP);
    rig.clock.advance(60_000);
    await rig.say('本月完成投资300万元，年度累计4500万元', { userId: who.liaison.userId, chatId: 'wr_new' });
    expect(await rig.repos.reports.lastReportBy(LENGLIAN, who.liaison.userId)).toMatchObject({ status: 'confirmed', chatId: 'wr_new', fields: { completedThisYear: 4500 } });
  });

  it('a group freed by /解绑 can be bound again', async () => {
    const rig = await botRig();
    await rig.say('/解绑', who.liaison);
    expect(said(await rig.say('/绑定 农产品冷链物流中心', who.liaison))).toBe(`本群已绑定“${LENGLIAN}”。之后在群里 @我 发进度即可，不必再写项目名。`);
    expect((await rig.repos.projects.projectByChat('wr_ll'))?.name).toBe(LENGLIAN);
  });

  it('a group bound to another project is not rebound', async () => {
    const rig = await botRig();
    const replies = await rig.say('/绑定 冷链项目', { userId: who.admin.userId, chatId: 'wr_xx' });
    expect(said(replies)).toBe(`本群已绑定“${ERSHIXIAO}”。如需改绑，请先发送 /解绑。`);
    expect((await rig.repos.projects.projectByChat('wr_xx'))?.name).toBe(ERSHIXIAO);
    expect((await rig.repos.projects.projectByChat('wr_ll'))?.name).toBe(LENGLIAN);
  });

  it('no project name, an unknown project, or a private chat is answered and nothing is bound', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/绑定', NEW_GROUP))).toBe('请写项目名，例如：/绑定 第二实验小学新建工程');
    expect(said(await rig.say('/绑定 火星基地', NEW_GROUP))).toBe('没有找到项目“火星基地”。发送 /进度 查看您负责的项目。');
    expect(said(await rig.say('/绑定 冷链项目', privately(who.admin)))).toBe('请在项目工作群里 @我 发送 /绑定 项目名。');
    expect(await rig.repos.projects.projectByChat('wr_new')).toBeNull();
    expect((await rig.repos.projects.projectByChat('wr_ll'))?.name).toBe(LENGLIAN);
  });
});
