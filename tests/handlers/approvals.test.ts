import { describe, expect, it } from 'vitest';
import { botRig, LENGLIAN, privately, said, who } from '../support/bot.js';

const statusOf = async (rig: Awaited<ReturnType<typeof botRig>>, item: string) =>
  (await rig.repos.approvals.checklist(LENGLIAN)).find((a) => a.item === item)?.status;

describe('approvals handler (/手续)', () => {
  it("in the project's group, /手续 环评 已办结 updates that item and says so", async () => {
    const rig = await botRig();
    expect(await statusOf(rig, '环评')).toBe('未启动');
    const replies = await rig.say('/手续 环评 已办结', who.liaison);
    expect(said(replies)).toBe(`已更新“${LENGLIAN}”手续：环评 已办结`);
    expect(await statusOf(rig, '环评')).toBe('已办结');
    expect(await statusOf(rig, '节能审查')).toBe('未启动');
  });

  it('in private, the project name comes first and the wording is read to the canonical item', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/手续 冷链项目 用地预审已批复', privately(who.admin)))).toBe(`已更新“${LENGLIAN}”手续：用地预审与选址 已办结`);
    expect(await statusOf(rig, '用地预审与选址')).toBe('已办结');
  });

  it('without an update lists the checklist with each status and how long an item is in progress', async () => {
    const rig = await botRig();
    await rig.say('/手续 环评 已办结', who.liaison);
    await rig.say('/手续 节能审查 办理中', who.liaison);
    rig.clock.advance(10 * 86_400_000);
    const list = said(await rig.say('/手续', who.liaison));
    expect(list).toContain(`**${LENGLIAN} · 前期手续**`);
    expect(list).toContain('环评：已办结');
    expect(list).toContain('节能审查：办理中（10 天）');
    expect(list).toContain('立项：未启动');
    expect(said(await rig.say('/进度', who.liaison))).toContain('手续：已办结 1/11');
  });

  it('no project in private, or an unknown one, is answered and nothing is stored', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/手续', privately(who.admin)))).toBe('请写项目名，例如：/手续 冷链项目');
    expect(said(await rig.say('/手续 火星基地 环评已批复', privately(who.admin)))).toBe('没有找到项目“火星基地”。发送 /进度 查看您负责的项目。');
    expect((await rig.repos.approvals.checklist(LENGLIAN)).every((a) => a.status === '未启动')).toBe(true);
  });
});
