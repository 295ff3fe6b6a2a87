import { describe, expect, it } from 'vitest';
import { botRig, ERSHIXIAO, LENGLIAN, privately, said, who, type BotRig } from '../support/bot.js';

/** 冷链 4500 of 9000 (50%), 二实小 4800 of 6000 (80%). */
async function twoReports(rig: BotRig) {
  await rig.say('本月完成投资500万元，年度累计4500万元', who.liaison);
  await rig.say('本月完成投资500万元，年度累计4800万元', who.otherLiaison);
}

describe('ranking handler (/排名)', () => {
  it('ranks projects by this year’s completion rate, best first', async () => {
    const rig = await botRig();
    await twoReports(rig);
    expect(said(await rig.say('/排名', privately(who.admin)))).toBe(
      `**项目年度投资完成率排名**\n1. ${ERSHIXIAO} 80%\n2. ${LENGLIAN} 50%\n未报送（2 个）：50MW农光互补光伏发电项目、锂电池正极材料生产项目`,
    );
  });

  it('/排名 镇 and /排名 行业 combine projects by township and by industry', async () => {
    const rig = await botRig();
    await twoReports(rig);
    await rig.say('光伏项目本月完成投资500万元，年度累计3000万元', privately(who.admin));
    expect(said(await rig.say('/排名 镇', privately(who.admin)))).toBe(
      '**各镇（属地）年度投资完成率排名**\n1. 城关镇 80%\n2. 城东镇 50%\n3. 青山乡 20%\n4. 青山经开区 0%\n未报送（1 个）：锂电池正极材料生产项目，按完成 0 计入汇总',
    );
    expect(said(await rig.say('/排名 行业', privately(who.admin)))).toContain('**各行业年度投资完成率排名**\n1. 社会事业 80%\n2. 商贸物流 50%\n3. 新能源 20%\n');
  });

  it('/排名 考核 gives this month’s assessment ranking', async () => {
    const rig = await botRig();
    const ranking = said(await rig.say('/排名 考核', privately(who.admin)));
    expect(ranking).toContain('**2026年10月 考核评比排名**');
    expect(ranking).toContain('**乡镇（开发区）**');
    expect(ranking).toContain('城东镇');
    expect(ranking).toContain('**牵头部门**');
  });

  it('with no figures yet lists every planned project as 未报送', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/排名', privately(who.admin)))).toBe(
      '**项目年度投资完成率排名**\n未报送（4 个）：50MW农光互补光伏发电项目、农产品冷链物流中心、第二实验小学新建工程、锂电池正极材料生产项目',
    );
  });
});
