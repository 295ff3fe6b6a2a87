/**
 * The period a figure covers, read from its label ("1-8月", "本周", "9月") or from "截至8月底" in
 * the text, relative to the day the message was written. Dates are local days, YYYY-MM-DD,
 * both ends inclusive. A label that names no period ("年度累计", "本期") gives none: the reporting
 * cycle of the report's date is meant, which only the county's rules know.
 */
export interface FigurePeriod {
  /** As people write it back: "1-8月", "本周（10月5日-10月11日）", "9月". */
  label: string;
  from: string;
  to: string;
}

const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };
const MONTH = '(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])';
const monthNumber = (m: string) => (/\d/.test(m) ? Number(m) : CN[m]!);

const YEAR_TO_MONTH = new RegExp(`^[1一]\\s*[-~至到]\\s*${MONTH}\\s*月`);
const AS_OF_MONTH_END = new RegExp(`截[至止]\\s*${MONTH}\\s*月(?:份)?(?:底|末)`);
const ONE_MONTH = new RegExp(`^${MONTH}\\s*月`);

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const day = (s: string) => new Date(`${s}T00:00:00Z`);
const plusDays = (s: string, n: number) => ymd(new Date(day(s).getTime() + n * 86_400_000));
const monthEnd = (year: number, month: number) => ymd(new Date(Date.UTC(year, month, 0)));
const md = (s: string) => `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;

function month(year: number, m: number, label = `${m}月`): FigurePeriod {
  return { label, from: `${year}-${pad(m)}-01`, to: monthEnd(year, m) };
}

function week(date: string, back: number, name: string): FigurePeriod {
  const monday = plusDays(date, -((day(date).getUTCDay() + 6) % 7) - 7 * back);
  const sunday = plusDays(monday, 6);
  return { label: `${name}（${md(monday)}-${md(sunday)}）`, from: monday, to: sunday };
}

/** The period of a 本期 figure (本周, 本月, 9月 …); null for 本期 and 本旬, whose span the county's cycle decides. */
export function periodOfPeriodLabel(label: string, date: string): FigurePeriod | null {
  const year = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (/^本周/.test(label)) return week(date, 0, '本周');
  if (/^上周/.test(label)) return week(date, 1, '上周');
  if (/^(?:本月|当月)/.test(label)) return month(year, m, `本月（${m}月）`);
  if (/^上月/.test(label)) return m === 1 ? month(year - 1, 12) : month(year, m - 1);
  if (/^本季/.test(label)) {
    const first = Math.floor((m - 1) / 3) * 3 + 1;
    return { label: `本季度（${first}-${first + 2}月）`, from: `${year}-${pad(first)}-01`, to: monthEnd(year, first + 2) };
  }
  const one = ONE_MONTH.exec(label);
  if (!one) return null;
  const named = monthNumber(one[1]!);
  return month(named > m ? year - 1 : year, named);
}

/**
 * The period of a 年度累计 figure: 1 January to the month its label or "截至N月底" names; null when
 * neither names one. A month after the one written in is last year's ("1-12月" sent in January).
 */
export function periodOfYearLabel(label: string, text: string, date: string): FigurePeriod | null {
  const through = YEAR_TO_MONTH.exec(label) ?? AS_OF_MONTH_END.exec(text);
  if (!through) return null;
  const m = monthNumber(through[1]!);
  const lastYear = m > Number(date.slice(5, 7));
  const year = Number(date.slice(0, 4)) - (lastYear ? 1 : 0);
  return { label: `${lastYear ? `${year}年` : ''}${m === 1 ? '1月' : `1-${m}月`}`, from: `${year}-01-01`, to: monthEnd(year, m) };
}
