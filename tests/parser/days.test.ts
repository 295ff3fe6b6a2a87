import { describe, expect, it } from 'vitest';
import { readDaySpan } from '../../src/parser/days.js';

const at = (s: string) => new Date(`${s}+08:00`);
const today = at('2026-12-02T10:00:00');
const span = (text: string) => {
  const r = readDaySpan(text, today);
  return r && { from: r.from, until: r.until, rest: r.rest };
};

describe('days a 停工 or 请假 covers', () => {
  it.each([
    ['至12月15日 原因 重污染天气管控', '2026-12-02', '2026-12-16', '原因 重污染天气管控'],
    ['12月8日至12月12日 由李四代报', '2026-12-08', '2026-12-13', '由李四代报'],
    ['2026-12-08到2026-12-09', '2026-12-08', '2026-12-10', ''],
    ['12月28日至1月3日', '2026-12-28', '2027-01-04', ''],
    ['至1月5日', '2026-12-02', '2027-01-06', ''],
    ['2027年1月4日到1月8日', '2027-01-04', '2027-01-09', ''],
    ['下周休假，由小李代报', '2026-12-07', '2026-12-14', '休假,由小李代报'],
    ['明天请假', '2026-12-03', '2026-12-04', '请假'],
  ])('%s', (text, from, until, rest) => {
    expect(span(text)).toEqual({ from: at(`${from}T00:00:00`), until: at(`${until}T00:00:00`), rest });
  });

  it('reads no span without a day, or from a day that does not exist', () => {
    expect(span('原因 管控')).toBeNull();
    expect(span('至2月30日')).toBeNull();
  });
});
