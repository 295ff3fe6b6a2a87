import { describe, expect, it } from 'vitest';
import { readText } from '../../src/parser/index.js';

const periods = (text: string, date = '2026-09-29') => readText(text, date).periods;

describe('the period a figure covers', () => {
  it('reads 1-N月 and 截至N月底 as 1 January to the end of that month', () => {
    expect(periods('1-8月累计完成投资9200万元').completedThisYear).toEqual({ label: '1-8月', from: '2026-01-01', to: '2026-08-31' });
    expect(periods('截至8月底，年度累计完成投资9200万元').completedThisYear).toEqual({ label: '1-8月', from: '2026-01-01', to: '2026-08-31' });
    expect(periods('年度累计完成投资9200万元').completedThisYear).toBeNull();
  });

  it('reads 本周, 本月, N月 and 上月 relative to the day written; 本期 names none', () => {
    expect(periods('本周完成投资300万元').completedThisPeriod).toEqual({ label: '本周（9月28日-10月4日）', from: '2026-09-28', to: '2026-10-04' });
    expect(periods('本月完成投资300万元').completedThisPeriod).toEqual({ label: '本月（9月）', from: '2026-09-01', to: '2026-09-30' });
    expect(periods('8月完成投资300万元').completedThisPeriod).toEqual({ label: '8月', from: '2026-08-01', to: '2026-08-31' });
    expect(periods('上月完成投资300万元', '2026-01-10').completedThisPeriod).toEqual({ label: '12月', from: '2025-12-01', to: '2025-12-31' });
    expect(periods('本期完成投资300万元').completedThisPeriod).toBeNull();
  });

  it('reads a month after the one written in as last year\'s: 1-12月 and 12月 sent in January', () => {
    expect(periods('1-12月累计完成投资9200万元', '2027-01-08').completedThisYear).toEqual({ label: '2026年1-12月', from: '2026-01-01', to: '2026-12-31' });
    expect(periods('截至12月底，年度累计完成投资9200万元', '2027-01-08').completedThisYear).toEqual({ label: '2026年1-12月', from: '2026-01-01', to: '2026-12-31' });
    expect(periods('12月完成投资300万元', '2027-01-08').completedThisPeriod).toEqual({ label: '12月', from: '2026-12-01', to: '2026-12-31' });
    expect(periods('1月完成投资300万元', '2027-01-08').completedThisPeriod).toEqual({ label: '1月', from: '2027-01-01', to: '2027-01-31' });
  });
});
