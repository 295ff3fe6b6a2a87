import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { startSimulatedCounty, type SimulatedCounty } from '../src/simulate/harness.js';
import { advanceTo } from '../src/simulate/runner.js';
import type { Setup } from '../src/domain/setup.js';
import type { CalendarEntry } from '../src/domain/calendar.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';
import { saveCalendar } from '../src/repo/calendar.js';

const at = (s: string) => new Date(`${s}+08:00`);
let store: Store;
let county: SimulatedCounty;

afterEach(async () => {
  await county.close();
  await store.close();
});

async function start(begin: string, calendar?: CalendarEntry[]) {
  store = await openTestStore();
  const setup: Setup = calendar ? { ...countySetup, calendar } : countySetup;
  county = await startSimulatedCounty({ setup, store, log: silentLogger, start: at(begin) });
}
const sentOn = (ymd: string) => county.wecom.records.filter((r) => r.at.startsWith(ymd));

// The county's 2027 arrangement as an admin would import it (元旦 1–3 January; here also a 补休 on the 4th).
const y2027: CalendarEntry[] = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-01-02', kind: 'holiday', name: '元旦' },
  { date: '2027-01-03', kind: 'holiday', name: '元旦' },
  { date: '2027-01-04', kind: 'holiday', name: '县里补休' },
];

describe('the county calendar in a running county', () => {
  it('sends nothing scheduled on 2027-01-01 without the 2027 arrangement (元旦 is known), and works on 4 January', async () => {
    await start('2026-12-31T18:30:00');
    await advanceTo(county, at('2027-01-04T10:00:00'));
    expect(sentOn('2027-01-01')).toEqual([]);
    expect(sentOn('2027-01-04').some((r) => r.text.includes('项目日报'))).toBe(true);
  });

  it("follows the county's 2027 entries: its extra day off is quiet too, and the next working day is not", async () => {
    await start('2026-12-31T18:30:00', y2027);
    await advanceTo(county, at('2027-01-05T10:00:00'));
    expect(sentOn('2027-01-01')).toEqual([]);
    expect(sentOn('2027-01-04')).toEqual([]);
    expect(sentOn('2027-01-05').some((r) => r.text.includes('项目日报'))).toBe(true);
  });

  it('says in the 月通报, the 专班周报 and the 考核 of an uncovered year that the calendar is provisional, and not once the year is imported', async () => {
    const note = '注：2027 年节假日安排未导入，工作日暂按法定节假日推算，请管理员导入本年度安排。';
    const bulletins = () => sentOn('2027-01-04').filter((r) => r.msgtype !== 'file' && ['月通报', '专班周报', '考核评比排名'].some((t) => r.text.includes(t)));
    await start('2026-12-31T18:30:00');
    await advanceTo(county, at('2027-01-04T12:00:00'));
    const kinds = (rs: typeof county.wecom.records) => [...new Set(rs.map((r) => ['月通报', '专班周报', '考核评比排名'].find((t) => r.text.includes(t))))].sort();
    expect(kinds(bulletins())).toEqual(['专班周报', '月通报', '考核评比排名'].sort());
    // A message sent in parts closes with the note in its last part.
    const texts = (rs: typeof county.wecom.records) => ['月通报', '专班周报', '考核评比排名'].map((t) => rs.filter((r) => r.text.includes(t)).map((r) => r.text).join('\n'));
    expect(texts(bulletins()).every((t) => t.includes(note))).toBe(true);
    await county.close();
    await store.close();

    await start('2026-12-31T18:30:00', [...y2027.slice(0, 3)]);
    await advanceTo(county, at('2027-01-04T12:00:00'));
    expect(kinds(bulletins())).toEqual(['专班周报', '月通报', '考核评比排名'].sort());
    expect(bulletins().some((r) => r.text.includes('暂按法定节假日推算'))).toBe(false);
  });

  it('from 1 November tells the admins weekly that next year is missing, until it is imported', async () => {
    await start('2026-10-31T18:00:00');
    await advanceTo(county, at('2026-11-10T10:00:00'));
    const warnings = county.wecom.records.filter((r) => r.text.includes('节假日安排待导入：2027 年'));
    expect(warnings.map((w) => [w.at.slice(0, 10), w.to])).toEqual([
      ['2026-11-02', { users: ['fgw_admin'] }],
      ['2026-11-09', { users: ['fgw_admin'] }],
    ]);
    expect(warnings[0]!.text).toContain('calendar import');
  });

  it('takes an import made while the bot runs (cli calendar import) from the next morning on', async () => {
    await start('2026-10-31T18:00:00');
    await advanceTo(county, at('2026-11-02T10:00:00'));
    await saveCalendar(store.db, y2027, 'admin', at('2026-11-02T10:00:00'));
    await advanceTo(county, at('2026-11-10T10:00:00'));
    const warnings = county.wecom.records.filter((r) => r.text.includes('节假日安排待导入'));
    expect(warnings.map((w) => w.at.slice(0, 10))).toEqual(['2026-11-02']);
  });

  it('says nothing about the calendar once next year is imported', async () => {
    await start('2026-10-31T18:00:00', y2027);
    await advanceTo(county, at('2026-11-10T10:00:00'));
    expect(county.wecom.records.filter((r) => r.text.includes('节假日安排待导入'))).toEqual([]);
  });
});
