import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { setupSchema } from '../src/domain/setup.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import { collections } from '../src/db/collections.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { conversation } from './support/records.js';
import { fixtureJson } from './support/fixtures.js';

const setup = setupSchema.parse(fixtureJson('scenario-example/setup.json'));
const at = (s: string) => new Date(`${s}+08:00`);

let store: Store;
let county: SimulatedCounty;

beforeEach(async () => {
  store = await openTestStore();
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: at('2026-12-02T09:00:00') });
});
afterEach(async () => {
  await county.close();
  await store.close();
});

const records = () => county.wecom.records;
const reports = () => store.db.collection(collections.reports).find({}).toArray();
const { group, direct } = conversation(() => county);

describe('progress report in a bound group', () => {
  it('is stored with its raw text and answered with a receipt showing what was read and the standing', async () => {
    const r = await group('wr_ll', 'ma_ll', '11月完成投资680万元,1-11月累计完成投资7430万元,形象进度62%');
    expect(r).toMatchObject({ via: 'reply', to: { chat: 'wr_ll' }, msgtype: 'markdown' });
    expect(r.text).toContain('已记录');
    expect(r.text).toContain('680 万元');
    expect(r.text).toContain('7,430 万元');
    expect(r.text).toContain('62%');
    expect(r.text).toMatch(/年度完成率 82\.6%/);
    const [stored] = await reports();
    expect(stored).toMatchObject({ project: '农产品冷链物流中心', status: 'confirmed', userId: 'ma_ll', text: '11月完成投资680万元,1-11月累计完成投资7430万元,形象进度62%' });
    expect(stored!.fields).toMatchObject({ completedThisPeriod: 680, completedThisYear: 7430, progressPercent: 62 });
  });

  it("from someone not registered for the project is kept pending, counts for nothing, and waits for the project's liaison", async () => {
    const r = await group('wr_ll', 'stranger', '11月完成投资680万元,1-11月累计完成投资7430万元');
    expect(r.text).toContain('您不是本项目登记的联络员或服务专员，须本项目联络员或县发改委确认后才计入');
    expect((await reports())[0]).toMatchObject({ userId: 'stranger', unregistered: true, status: 'pending' });
    const notice = records().find((x) => 'users' in x.to && x.to.users.includes('ma_ll') && x.text.includes('待确认的进度'));
    expect(notice?.text).toContain('stranger');
    expect(notice?.text).toContain('农产品冷链物流中心');
    const self = await group('wr_ll', 'stranger', '确认');
    expect(self.text).toContain('须本项目的联络员、服务专员或县发改委确认');
    expect((await reports())[0]).toMatchObject({ status: 'pending' });
    const status = await group('wr_ll', 'ma_ll', '/进度');
    expect(status.text).not.toContain('7,430');
    const done = await group('wr_ll', 'ma_ll', '确认');
    expect(done.text).toContain('已记录');
    expect((await reports())[0]).toMatchObject({ status: 'confirmed', confirmedBy: 'ma_ll' });
  });

  it("from another project's liaison in this group is pending too, and their own group still counts them", async () => {
    const r = await group('wr_ll', 'niu_ll', '本月完成投资300万元');
    expect(r.text).toContain('须本项目联络员或县发改委确认');
    expect((await reports())[0]).toMatchObject({ project: '农产品冷链物流中心', userId: 'niu_ll', status: 'pending', unregistered: true });
    const own = await group('wr_xx', 'niu_ll', '本月完成投资300万元');
    expect(own.text).toContain('已记录');
    expect(own.text).not.toContain('尚未登记');
  });

  it('a doubtful report waits for 确认 and only then counts', async () => {
    const r = await group('wr_ll', 'ma_ll', '本月完成投资9000万元,年度累计完成8600万元');
    expect(r.msgtype).toBe('template_card');
    expect(r.text).toContain('本期完成大于年度累计');
    expect((await reports())[0]).toMatchObject({ status: 'pending' });
    const done = await group('wr_ll', 'ma_ll', '确认');
    expect(done.text).toContain('已记录');
    expect((await reports())[0]).toMatchObject({ status: 'confirmed', confirmedBy: 'ma_ll' });
  });

  it('a correction supersedes the report and keeps both versions', async () => {
    await group('wr_ll', 'ma_ll', '本月完成投资680万元');
    const r = await group('wr_ll', 'ma_ll', '/更正 本期 700');
    expect(r.text).toContain('700 万元');
    const all = await reports();
    expect(all.map((x) => x.status).sort()).toEqual(['confirmed', 'superseded']);
    const next = all.find((x) => x.status === 'confirmed')!;
    expect(next.supersedes).toBe(all.find((x) => x.status === 'superseded')!._id);
    const trail = await store.db.collection(collections.audit).find({ entity: 'report', action: 'correct' }).toArray();
    expect(trail).toHaveLength(1);
  });

  it('problems in a report go into the ledger and are listed with their numbers', async () => {
    const r = await group('wr_xx', 'niu_ll', '本月完成投资260万元。问题:1.室外配套管网设计未确定;2.部分资金未到位。');
    expect(r.text).toContain('问题 #1');
    expect(r.text).toContain('问题 #2');
    const open = await store.db.collection(collections.problems).find({}).toArray();
    expect(open.map((p) => p.project)).toEqual(['第二实验小学新建工程', '第二实验小学新建工程']);
  });
});

describe('commands', () => {
  it('/问题 and /解决 keep the ledger', async () => {
    const opened = await group('wr_xx', 'niu_ll', '@项目助手 /问题 校门口道路征迁未完成,需城关镇协调');
    expect(opened.text).toContain('已登记问题 #1');
    const list = await direct('qian_fxz', '/问题列表 全部');
    expect(list).toMatchObject({ via: 'app', to: { users: ['qian_fxz'] } });
    expect(list.text).toContain('校门口道路征迁未完成');
    const solved = await group('wr_xx', 'niu_ll', '/解决 1 已签协议');
    expect(solved.text).toContain('已销号');
    expect(await store.db.collection(collections.problems).findOne({ no: 1 })).toMatchObject({ status: '已解决', resolvedBy: 'niu_ll' });
  });

  it('/进度 in private names a project by alias and answers with its status', async () => {
    await group('wr_ll', 'ma_ll', '1-11月累计完成投资7430万元');
    const r = await direct('qian_fxz', '／进度　冷链项目');
    expect(r).toMatchObject({ via: 'app', to: { users: ['qian_fxz'] } });
    expect(r.text).toContain('农产品冷链物流中心');
    expect(r.text).toContain('7,430 万元');
    // The fixture gives no land area: a non-land project is approved by the 分管副县长 (seed 004).
    expect(r.text).toContain('落地审批：分管副县长（非供地项目）');
  });

  it('/进度 with no project in private lists the asker\'s projects', async () => {
    const r = await direct('qian_fxz', '/进度');
    expect(r.text).toContain('农产品冷链物流中心');
    expect(r.text).toContain('第二实验小学新建工程');
  });

  it('/预警 lists carded projects with reasons and /排名 ranks by 完成率', async () => {
    await group('wr_ll', 'ma_ll', '1-11月累计完成投资7430万元');
    await group('wr_xx', 'niu_ll', '1-11月累计完成投资5500万元');
    const warn = await direct('qian_fxz', '/预警');
    expect(warn.text).toContain('蓝牌 农产品冷链物流中心');
    // 1-11月: 11/12 of the 9,000 plan is due.
    expect(warn.text).toContain('蓝牌 农产品冷链物流中心：1-11月完成 7,430 万元，序时 8,250 万元，落后 9.1 个百分点');
    const rank = await direct('qian_fxz', '/排名');
    expect(rank.text.indexOf('第二实验小学新建工程')).toBeLessThan(rank.text.indexOf('农产品冷链物流中心'));
    const byTown = await direct('qian_fxz', '/排名 镇');
    expect(byTown.text).toContain('城关镇');
    expect(byTown.text).toContain('城东镇');
  });

  it('/绑定 is refused to an unregistered person, with the reason', async () => {
    const r = await group('wr_new', 'stranger', '/绑定 冷链项目');
    expect(r.text).toContain('还没有登记');
  });

  it('/帮助 lists every command with an example', async () => {
    const r = await direct('ma_ll', '/帮助');
    for (const c of ['/进度', '/问题', '/解决', '/问题列表', '/手续', '/预警', '/排名', '/绑定', '/解绑', '/更正', '/日报', '/停工', '/复工', '/请假', '/帮助']) expect(r.text).toContain(c);
  });
});

describe('retries and bad input', () => {
  it('a retried callback (same msgId) is one record and one receipt', async () => {
    const { postAibotMessage } = await import('../src/simulate/wecom/callbacks.js');
    const creds = county.credentials.bot;
    for (let i = 0; i < 3; i++) {
      await postAibotMessage(county.app.url, creds, { msgId: 'retry-1', chatId: 'wr_ll', userId: 'ma_ll', text: '本月完成投资680万元', responseUrl: county.wecom.responseUrl({ chatId: 'wr_ll', userId: 'ma_ll' }) }, county.clock);
    }
    await county.settle();
    expect(await reports()).toHaveLength(1);
    expect(records()).toHaveLength(1);
  });

  it.each([
    ['empty text', ''],
    ['10,000 characters', '进度'.repeat(5000)],
    ['emoji only', '👍👍🎉'],
    ['only numbers', '123456'],
  ])('%s in a group: nothing stored, no crash, no reply', async (_name, text) => {
    await county.sendGroup('wr_ll', 'ma_ll', text);
    await county.settle();
    expect(await reports()).toHaveLength(0);
    const after = await group('wr_ll', 'ma_ll', '/进度');
    expect(after.text).toContain('农产品冷链物流中心');
  });

  it('an unknown project in private gets a clear answer', async () => {
    const r = await direct('qian_fxz', '/进度 火星基地');
    expect(r.text).toContain('没有找到项目');
  });
});

describe('scheduled work', () => {
  it('Friday reminds only the groups that have not reported, @-mentioning the liaisons; Monday\'s digest goes to the leader', async () => {
    await group('wr_ll', 'ma_ll', '本月完成投资680万元');
    const before = records().length;
    await advanceTo(county, at('2026-12-04T17:30:00'));
    const reminders = records().slice(before).filter((r) => r.via === 'webhook');
    expect(reminders.map((r) => r.to)).toEqual([{ chat: 'wr_xx' }]);
    expect(reminders[0]!.text).toContain('@niu_ll');
    await advanceTo(county, at('2026-12-07T09:00:00'));
    const digests = records().filter((r) => r.via === 'app' && r.text.includes('项目日报'));
    // One each working morning: Thursday, Friday, then Monday (the weekend is skipped).
    expect(digests.map((d) => d.at.slice(0, 16))).toEqual(['2026-12-03T08:30', '2026-12-04T08:30', '2026-12-07T08:30']);
    const digest = digests.at(-1);
    expect(digest).toMatchObject({ to: { users: ['qian_fxz'] } });
    // Over the weekend only the school's missing report is news.
    expect(digest!.text).toContain('未按时报送');
    expect(digest!.text).toContain('第二实验小学新建工程');
  });

  it('nothing scheduled goes out on a weekend', async () => {
    const before = records().length;
    await advanceTo(county, at('2026-12-06T23:00:00'));
    const weekend = records().slice(before).filter((r) => r.at >= '2026-12-05');
    expect(weekend).toEqual([]);
  });
});
