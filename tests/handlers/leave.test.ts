import { describe, expect, it } from 'vitest';
import { botRig, LENGLIAN, said, who } from '../support/bot.js';
import { countySetup } from '../support/county.js';
import { collections } from '../../src/db/collections.js';
import type { Setup } from '../../src/domain/setup.js';

const at = (s: string) => new Date(`${s}+08:00`);
const withLiSi: Setup = { ...countySetup, people: [...countySetup.people, { userid: 'li_si', name: '李四', role: 'liaison', department: '县商务局' }] };
const liSiInGroup = { userId: 'li_si', chatId: 'wr_ll' };

describe('leave handler (/请假, and plain sentences)', () => {
  it('records the days and the deputy, who reports for the project during the leave and not after', async () => {
    const rig = await botRig({ at: '2026-12-02T10:00:00+08:00', setup: withLiSi });
    expect(said(await rig.say('/请假 12月8日至12月12日 由李四代报', who.liaison))).toBe(
      '已登记请假：12月8日至12月12日，由李四代报。期间报送提醒 @李四，李四可以为您负责的项目报送；代报或停工的周期不计漏报。',
    );
    expect(await rig.repos.leaves.standingInFor('li_si', at('2026-12-12T23:00:00'))).toEqual(['ma_ll']);
    expect(await rig.repos.leaves.standingInFor('li_si', at('2026-12-13T00:00:00'))).toEqual([]);
    expect(await rig.store.db.collection(collections.audit).countDocuments({ entity: 'leave', entityId: 'ma_ll' })).toBe(1);

    rig.clock.set(at('2026-12-09T10:00:00'));
    await rig.say('本月完成投资200万元，形象进度60%', liSiInGroup);
    expect((await rig.repos.reports.lastReportBy(LENGLIAN, 'li_si'))?.status).toBe('confirmed');
    rig.clock.set(at('2026-12-14T10:00:00'));
    await rig.say('本月完成投资250万元，形象进度62%', liSiInGroup);
    expect((await rig.repos.reports.lastReportBy(LENGLIAN, 'li_si'))?.status).toBe('pending');
  });

  it('reads "下周休假，由小李代报" addressed to the bot: next week, the colleague of that surname', async () => {
    const rig = await botRig({ at: '2026-12-02T10:00:00+08:00' });
    const reply = said(await rig.say('下周休假，由小李代报', { userId: 'zhao_ll', chatId: 'wr_gf' }));
    expect(reply).toBe('已登记请假：12月7日至12月13日，由李专员代报。期间报送提醒 @李专员，李专员可以为您负责的项目报送；代报或停工的周期不计漏报。');
    expect(await rig.repos.leaves.standingInFor('li_zy', at('2026-12-08T10:00:00'))).toEqual(['zhao_ll']);
  });

  it('refuses a deputy it cannot find, and asks for the days', async () => {
    const rig = await botRig({ at: '2026-12-02T10:00:00+08:00' });
    expect(said(await rig.say('/请假 12月8日至12月12日 由王五代报', who.liaison))).toContain('没有找到登记人员“王五”');
    expect(said(await rig.say('/请假 由李专员代报', who.liaison))).toBe('请写明请假日期，例如：/请假 12月8日至12月12日 由李四代报');
    expect(await rig.store.db.collection(collections.leaves).countDocuments({})).toBe(0);
  });
});
