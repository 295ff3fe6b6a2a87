import { describe, expect, it } from 'vitest';
import { BOT_NAME, botRig, privately, said, who } from '../support/bot.js';

const COMMANDS = ['进度', '问题', '解决', '问题列表', '手续', '预警', '排名', '考核', '日报', '绑定', '解绑', '更正', '停工', '复工', '请假', '帮助'];

describe('help handler (/帮助)', () => {
  it('lists every command with its example, and how to report by plain text', async () => {
    const rig = await botRig();
    const help = said(await rig.say('/帮助', who.liaison));
    expect(help).toMatch(/^\*\*项目调度助手 · 使用说明\*\*/);
    for (const c of COMMANDS) expect(help).toContain(`**/${c}** `);
    expect(help.match(/\*\*\/[^*]+\*\*/g)).toHaveLength(COMMANDS.length);
    expect(help).toContain('直接发送进度，机器人识别后回执');
    expect(help).toContain('例：/解决 12 已完成征迁协议签订');
    expect(help).toContain('例：/更正 本期 1300');
  });

  it('answers the same to a full-width slash and to an @mention in a group', async () => {
    const rig = await botRig();
    const plain = said(await rig.say('/帮助', privately(who.liaison)));
    expect(said(await rig.say('／帮助', privately(who.liaison)))).toBe(plain);
    expect(said(await rig.say(`@${BOT_NAME} /帮助`, who.liaison))).toBe(plain);
  });

  it('an unknown command points to /帮助', async () => {
    const rig = await botRig();
    expect(said(await rig.say('/报表', who.liaison))).toBe('没有“/报表”这个命令，发送 /帮助 查看全部命令。');
  });
});
