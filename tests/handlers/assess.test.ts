import { describe, expect, it } from 'vitest';
import { botRig, privately, said, who } from '../support/bot.js';

describe('assess handler (/考核)', () => {
  it("ranks the units by this month's score, townships and departments apart; the one that reported leads", async () => {
    const rig = await botRig();
    await rig.say('本月完成投资1250万元，年度累计8600万元，形象进度65%', who.liaison);
    rig.clock.advance(60_000);
    const ranking = said(await rig.say('/考核', privately(who.admin)));
    expect(ranking).toMatch(/^\*\*2026年10月 考核评比排名\*\*\n未发布，按截至 10月27日 \d\d:\d\d 的数据计算，可能变化\n/);
    const rows = ranking.split('\n');
    const townships = rows.slice(rows.indexOf('**乡镇（开发区）**') + 1, rows.indexOf('**牵头部门**'));
    expect(townships[0]).toMatch(/^1\. 城东镇 /);
    expect(townships).toHaveLength(4);
    expect(rows[rows.indexOf('**牵头部门**') + 1]).toMatch(/^1\. 县商务局 /);
    expect(ranking).toContain('发送 /考核 单位名 查看得分依据');
  });

  it("/考核 单位 shows that unit's score with the facts behind each component", async () => {
    const rig = await botRig();
    await rig.say('本月完成投资1250万元，年度累计8600万元', who.liaison);
    rig.clock.advance(60_000);
    const card = said(await rig.say('/考核 城东镇', privately(who.admin)));
    expect(card).toMatch(/^\*\*2026年10月 · 城东镇 考核得分 [\d.]+ 分（乡镇（开发区）第 1 名）\*\*/);
    expect(card).toContain('投资完成');
    expect(card).toContain('累计完成 8600 万元 / 年度目标 20000 万元');
    expect(card).toContain('按时报送');
  });

  it('季 and 年 choose the period', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/考核 季', privately(who.admin)))).toMatch(/^\*\*2026年第4季度 考核评比排名\*\*/);
    expect(said(await rig.say('/考核 年', privately(who.admin)))).toMatch(/^\*\*2026年度 考核评比排名\*\*/);
  });

  it('an unknown unit is answered with the units there are', async () => {
    const rig = await botRig();
    const answer = said(await rig.say('/考核 火星镇', privately(who.admin)));
    expect(answer).toMatch(/^没有找到考核单位“火星镇”。可查看的单位：/);
    expect(answer.split('：')[1]!.split('、').sort()).toEqual(['城东镇', '城关镇', '青山经开区', '青山乡', '县商务局', '县发改委', '县教体局', '县经信局'].sort());
  });
});

describe('/考核 preview of a period not over yet', () => {
  it('counts only the reporting cycles that have closed, and says as of when', async () => {
    const rig = await botRig({ at: '2026-10-27T10:00:00+08:00' });
    const quarter = said(await rig.say('/考核 季 城东镇', privately(who.admin)));
    expect(quarter).toContain('截至 10月27日 10:00');
    expect(quarter).not.toMatch(/1[12]月\d+日/);
    const year = said(await rig.say('/考核 年 城东镇', privately(who.admin)));
    expect(year).not.toMatch(/1[12]月\d+日/);
  });
});
