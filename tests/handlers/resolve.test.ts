import { describe, expect, it } from 'vitest';
import { botRig, LENGLIAN, privately, said, who, type BotRig } from '../support/bot.js';

async function openProblem(rig: BotRig, text = '冷库设备未到货') {
  await rig.say(`/问题 ${text}`, who.liaison);
  const open = await rig.repos.problems.openProblems([LENGLIAN]);
  return open.at(-1)!;
}

describe('resolve handler (/解决)', () => {
  it('/解决 N closes problem N with the note, the resolver and the time', async () => {
    const rig = await botRig();
    const p = await openProblem(rig);
    rig.clock.advance(3 * 86_400_000);
    const replies = await rig.say(`/解决 ${p.no} 设备已到货安装`, who.liaison);
    expect(await rig.repos.problems.findProblem(p.no)).toMatchObject({ status: '已解决', resolution: '设备已到货安装', resolvedBy: who.liaison.userId, resolvedAt: rig.clock.now() });
    expect(await rig.repos.problems.openProblems([LENGLIAN])).toEqual([]);
    expect(said(replies)).toBe(`问题 #${p.no} 已销号（${LENGLIAN}）：冷库设备未到货\n说明：设备已到货安装`);
  });

  it('closes only the problem named, also written #N or with full-width digits', async () => {
    const rig = await botRig();
    const first = await openProblem(rig, '冷库设备未到货');
    const second = await openProblem(rig, '供电线路迁改未完成');
    expect(said(await rig.say(`/解决 #${second.no}`, who.leader))).toBe(`问题 #${second.no} 已销号（${LENGLIAN}）：供电线路迁改未完成`);
    expect((await rig.repos.problems.openProblems([LENGLIAN])).map((p) => p.no)).toEqual([first.no]);
    const wide = String(first.no).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    await rig.say(`/解决 ${wide} 已协调`, who.liaison);
    expect((await rig.repos.problems.findProblem(first.no))?.status).toBe('已解决');
  });

  it('a problem closed already says so and keeps the first resolution', async () => {
    const rig = await botRig();
    const p = await openProblem(rig);
    await rig.say(`/解决 ${p.no} 第一次`, who.liaison);
    expect(said(await rig.say(`/解决 ${p.no} 第二次`, who.liaison))).toBe(`问题 #${p.no} 已于之前销号。`);
    expect((await rig.repos.problems.findProblem(p.no))?.resolution).toBe('第一次');
  });

  it('no number or a number that does not exist is answered clearly', async () => {
    const rig = await botRig();
    await openProblem(rig);
    expect(said(await rig.say('/解决', who.liaison))).toBe('请写上问题编号，例如：/解决 12 已完成征迁协议签订');
    expect(said(await rig.say('/解决 设备已到货', who.liaison))).toBe('请写上问题编号，例如：/解决 12 已完成征迁协议签订');
    expect(said(await rig.say('/解决 99', privately(who.liaison)))).toBe('没有编号为 #99 的问题。');
    expect(await rig.repos.problems.openProblems([LENGLIAN])).toHaveLength(1);
  });
});
