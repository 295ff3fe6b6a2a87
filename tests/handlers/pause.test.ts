import { describe, expect, it } from 'vitest';
import { botRig, LENGLIAN, privately, said, who } from '../support/bot.js';
import { collections } from '../../src/db/collections.js';

const at = (s: string) => new Date(`${s}+08:00`);

describe('pause handlers (/停工, /复工)', () => {
  it("pauses the group's project until the day named, keeps the reason in the audit and marks /进度", async () => {
    const rig = await botRig({ at: '2026-12-02T10:00:00+08:00' });
    const reply = said(await rig.say('/停工 至12月15日 原因 重污染天气管控', who.liaison));
    expect(reply).toBe(`已登记“${LENGLIAN}”停工至12月15日，原因：重污染天气管控。停工期间不提醒报送、不计漏报，到期自动恢复；提前复工请发送 /复工。`);
    const pause = await rig.repos.pauses.activePause(LENGLIAN, at('2026-12-15T23:59:00'));
    expect(pause).toMatchObject({ from: at('2026-12-02T10:00:00'), until: at('2026-12-16T00:00:00'), reason: '重污染天气管控', by: 'ma_ll' });
    expect(await rig.repos.pauses.activePause(LENGLIAN, at('2026-12-16T00:00:00'))).toBeNull();
    const audit = await rig.store.db.collection(collections.audit).findOne({ entity: 'pause', entityId: LENGLIAN });
    expect(audit).toMatchObject({ actor: 'ma_ll', action: 'start', after: { reason: '重污染天气管控' } });
    expect(said(await rig.say('/进度', who.liaison))).toContain(`**${LENGLIAN}** · 停工（至12月15日，重污染天气管控）`);
    const mine = said(await rig.say('/进度', privately(who.specialist)));
    expect(mine).toMatch(new RegExp(`${LENGLIAN}：完成率 [^\\n]* · 停工`));
    expect(mine).not.toMatch(/第二实验小学新建工程：[^\n]*停工/);
  });

  it('/复工 ends it early; the admin may do it privately by naming the project', async () => {
    const rig = await botRig({ at: '2026-12-02T10:00:00+08:00' });
    await rig.say('/停工 至12月15日 原因 重污染天气管控', who.liaison);
    rig.clock.set(at('2026-12-07T09:00:00'));
    expect(said(await rig.say(`/复工 ${LENGLIAN}`, privately(who.admin)))).toBe(`“${LENGLIAN}”已复工，从下一个报送周期起恢复提醒和漏报统计。`);
    expect(await rig.repos.pauses.activePause(LENGLIAN, at('2026-12-08T09:00:00'))).toBeNull();
    expect(said(await rig.say('/复工', who.liaison))).toBe(`“${LENGLIAN}”没有在停工。`);
    expect(said(await rig.say('/进度', who.liaison))).not.toContain('停工');
    const ended = await rig.store.db.collection(collections.audit).findOne({ entity: 'pause', action: 'end' });
    expect(ended).toMatchObject({ actor: 'fgw_admin', before: { reason: '重污染天气管控' } });
  });

  it('refuses people who do not report for the project, and asks for the end day and the reason', async () => {
    const rig = await botRig({ at: '2026-12-02T10:00:00+08:00' });
    expect(said(await rig.say('/停工 至12月15日 原因 管控', { userId: 'niu_ll', chatId: 'wr_ll' }))).toBe(`只有管理员或“${LENGLIAN}”的联络员、服务专员可以登记停工。`);
    expect(said(await rig.say('/复工', { userId: 'sun_cw', chatId: 'wr_ll' }))).toBe(`只有管理员或“${LENGLIAN}”的联络员、服务专员可以登记复工。`);
    expect(said(await rig.say('/停工 原因 管控', who.liaison))).toBe('请写明停工到哪天，例如：/停工 至12月15日 原因 重污染天气管控');
    expect(said(await rig.say('/停工 至12月15日', who.liaison))).toBe('请写明停工原因，例如：/停工 至12月15日 原因 重污染天气管控');
    expect(await rig.repos.pauses.activePause(LENGLIAN, at('2026-12-03T10:00:00'))).toBeNull();
  });

  it('a message handled twice records one pause', async () => {
    const rig = await botRig({ at: '2026-12-02T10:00:00+08:00' });
    const e = rig.event('/停工 至12月15日 原因 重污染天气管控', who.liaison);
    await rig.bot.receive(e);
    await rig.bot.receive(e);
    expect(await rig.store.db.collection(collections.pauses).countDocuments({})).toBe(1);
    expect(await rig.store.db.collection(collections.audit).countDocuments({ entity: 'pause' })).toBe(1);
  });
});
