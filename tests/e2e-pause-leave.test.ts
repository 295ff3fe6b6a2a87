import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { conversation } from './support/records.js';
import { monthlyBulletinMessages } from '../jobs/monthly-bulletin.js';
import { assessment } from '../src/repo/assessments.js';
import { periodSchema, previousPeriod } from '../src/domain/period.js';
import type { Setup } from '../src/domain/setup.js';

const at = (s: string) => new Date(`${s}+08:00`);
const LENGLIAN = '农产品冷链物流中心';
let store: Store;
let county: SimulatedCounty;

afterEach(async () => {
  await county.close();
  await store.close();
});

async function start(begin: string, setup: Setup = countySetup) {
  store = await openTestStore();
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: at(begin) });
  return conversation(() => county);
}
const records = () => county.wecom.records;
const remindersOf = (project: string) => records().filter((r) => (r.text.includes('【报送提醒】') || r.text.includes('【催报】')) && r.text.includes(project));
const digestsTo = (user: string) => records().filter((r) => 'users' in r.to && r.to.users[0] === user && r.text.includes('项目日报'));

describe('停工 in a running county', () => {
  it('across two reporting cycles: no reminder, no 漏报, marked in the digest, the 月通报 and the 考核; reminded again after it ends', async () => {
    const { group } = await start('2026-11-30T10:00:00');
    expect((await group('wr_ll', 'ma_ll', '/停工 至12月13日 原因 重污染天气管控')).text).toContain('停工至12月13日');
    await advanceTo(county, at('2026-12-07T10:00:00'));
    expect((await group('wr_ll', 'ma_ll', '/进度')).text).toContain('停工（至12月13日，重污染天气管控）');
    await advanceTo(county, at('2026-12-14T10:00:00'));

    expect(remindersOf(LENGLIAN)).toEqual([]);
    // The other projects, silent too, are reminded on both due days.
    expect(new Set(remindersOf('第二实验小学新建工程').map((r) => r.at.slice(0, 10)))).toEqual(new Set(['2026-12-04', '2026-12-11']));

    const monday = digestsTo('qian_fxz').find((d) => d.at.startsWith('2026-12-07'))!;
    expect(monday.text).toContain(`${LENGLIAN}：停工（至12月13日，重污染天气管控）`);
    const missing = monday.text.slice(monday.text.indexOf('未按时报送'));
    expect(missing).toContain('第二实验小学新建工程');
    expect(missing.split('停工（')[0]).not.toContain(LENGLIAN);
    // No card for the missed cycles while it is paused.
    expect(records().filter((r) => r.text.includes('未报送进度') && r.text.includes(LENGLIAN))).toEqual([]);

    // After the end day the project is reminded like the rest.
    await advanceTo(county, at('2026-12-18T19:00:00'));
    expect(remindersOf(LENGLIAN).map((r) => r.at.slice(0, 16))).toEqual(['2026-12-18T09:00', '2026-12-18T18:00']);

    const jobCtx = county.jobContext;
    const [bulletin, workbook] = await monthlyBulletinMessages(jobCtx, at('2027-01-04T09:30:00'));
    const text = bulletin!.body.msgtype === 'markdown' ? bulletin!.body.content : '';
    expect(text).toContain(`**停工项目**\n${LENGLIAN}：停工（至12月13日，重污染天气管控）`);
    // Silent in December, but 停工: not 未报送, neither in the text nor in the workbook.
    expect(text).toMatch(/本月未报送（\d+ 个）\*\*：.*第二实验小学新建工程/);
    expect(text.slice(text.indexOf('本月未报送')).split('\n')[0]).not.toContain(LENGLIAN);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((workbook!.body as { contentBase64: string }).contentBase64, 'base64') as unknown as ArrayBuffer);
    const unreported = wb.getWorksheet('本月未报送')!.getSheetValues().slice(2).map((r) => (r as unknown[])[1]);
    expect(unreported).toContain('第二实验小学新建工程');
    expect(unreported).not.toContain(LENGLIAN);
    const december = periodSchema.parse('2026-12');
    const scores = await assessment(store.db, december, previousPeriod(december), jobCtx.rules, at('2027-01-04T09:30:00'));
    const reportsFacts = scores.card.units.flatMap((u) => u.lines.filter((l) => l.component === 'reports').flatMap((l) => l.facts)).join('\n');
    expect(reportsFacts).toContain('第二实验小学新建工程 12月11日');
    expect(reportsFacts).not.toContain(`${LENGLIAN} 12月11日`);
    expect(reportsFacts).toContain(`${LENGLIAN} 12月18日`);
  });
});

describe('请假 in a running county', () => {
  it('a leave with a deputy: the reminders @ the deputy, the deputy reports, the cycle is not 漏报; after it, the liaison again', async () => {
    const setup: Setup = { ...countySetup, people: [...countySetup.people, { userid: 'li_si', name: '李四', role: 'liaison', department: '县商务局' }] };
    const { group } = await start('2026-11-23T10:00:00', setup);
    expect((await group('wr_ll', 'ma_ll', '本月完成投资100万元，形象进度50%')).text).toContain(LENGLIAN);
    await advanceTo(county, at('2026-12-01T10:00:00'));
    expect((await group('wr_ll', 'ma_ll', '/请假 12月3日至12月9日 由李四代报')).text).toContain('由李四代报');

    await advanceTo(county, at('2026-12-04T10:00:00'));
    const reminder = remindersOf(LENGLIAN).find((r) => r.at.startsWith('2026-12-04'))!;
    expect(JSON.stringify(reminder.raw)).toContain('li_si');
    expect(JSON.stringify(reminder.raw)).not.toContain('ma_ll');
    const receipt = await group('wr_ll', 'li_si', '本月完成投资200万元，形象进度55%');
    expect(receipt.text).not.toContain('确认');
    await advanceTo(county, at('2026-12-04T19:00:00'));
    expect(remindersOf(LENGLIAN).filter((r) => r.text.includes('【催报】'))).toEqual([]);

    // After the leave the liaison is reminded again.
    await advanceTo(county, at('2026-12-11T10:00:00'));
    const next = remindersOf(LENGLIAN).find((r) => r.at.startsWith('2026-12-11'))!;
    expect(JSON.stringify(next.raw)).toContain('ma_ll');
    expect(JSON.stringify(next.raw)).not.toContain('li_si');

    const december = periodSchema.parse('2026-12');
    const scores = await assessment(store.db, december, previousPeriod(december), county.jobContext.rules, at('2026-12-11T10:00:00'));
    const reportsFacts = scores.card.units.flatMap((u) => u.lines.filter((l) => l.component === 'reports').flatMap((l) => l.facts)).join('\n');
    expect(reportsFacts).toContain('第二实验小学新建工程 12月4日');
    expect(reportsFacts).not.toContain(`${LENGLIAN} 12月4日`);
  });
});
