import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { coversYear, dayNote, isWorkday } from '../../domain/calendar.js';
import { saveCalendar } from '../../repo/calendar.js';
import { CalendarFileError, loadCountyCalendar, readCalendarFile } from '../../services/calendar.js';
import { systemClock } from '../../clock.js';
import dayjs from '../../time.js';

const WEEKDAYS = '日一二三四五六';

/** A year's days off on working days and working weekends, as the bot will treat them. */
function yearSheet(year: number): string {
  const off: string[] = [];
  const working: string[] = [];
  for (let d = dayjs.tz(`${year}-01-01 12:00`); d.year() === year; d = d.add(1, 'day')) {
    const weekend = d.day() === 0 || d.day() === 6;
    const workday = isWorkday(d.toDate());
    const line = `  ${d.format('YYYY-MM-DD')} 周${WEEKDAYS[d.day()]} ${dayNote(d.toDate())?.name ?? ''}`.trimEnd();
    if (!weekend && !workday) off.push(line);
    if (weekend && workday) working.push(line);
  }
  return [
    `${year} 年${coversYear(year) ? '' : '（暂定：未导入国务院安排，只按周末和法定节日）'}`,
    `工作日放假（${off.length} 天）：`,
    ...off,
    `周末调休上班（${working.length} 天）：`,
    ...working,
    '',
  ].join('\n');
}

export const command: Command = {
  summary: '节假日与调休：查看某年安排，导入县里的安排 / the county calendar: show a year, import entries',
  usage: 'npm run -s cli -- calendar show YEAR | calendar import FILE.json   (FILE: [{"date":"2027-01-01","kind":"holiday","name":"元旦"}, …])',
  async run(argv) {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true });
    const [action, arg] = positionals;
    if (action === 'show' && arg && /^\d{4}$/.test(arg)) {
      return withStore(async ({ config, store }) => {
        await loadCountyCalendar(store.db, config.calendarFile, systemClock.now());
        process.stdout.write(yearSheet(Number(arg)));
        return 0;
      });
    }
    if (action === 'import' && arg) {
      let entries;
      try {
        entries = readCalendarFile(arg);
      } catch (err) {
        if (!(err instanceof CalendarFileError)) throw err;
        process.stderr.write(`${err.message}\n`);
        return 1;
      }
      return withStore(async ({ store }) => {
        const n = await saveCalendar(store.db, entries, process.env.USER ?? 'admin', systemClock.now());
        await loadCountyCalendar(store.db, undefined, systemClock.now());
        const years = [...new Set(entries.map((e) => Number(e.date.slice(0, 4))))].sort();
        process.stderr.write(`已导入 ${n} 条 / imported ${n} entries（${years.map((y) => `${y} 年${coversYear(y) ? '已覆盖' : '仍暂定'}`).join('，')}）\n`);
        return 0;
      });
    }
    process.stderr.write(`${this.usage}\n`);
    return 2;
  },
};
