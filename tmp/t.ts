import { readDaySpan } from '../src/parser/days.js';
import dayjs from '../src/time.js';
const today = new Date('2026-12-02T10:00:00+08:00');
for (const s of ['至12月15日 原因 重污染天气管控', '12月8日至12月12日 由李四代报', '下周休假，由小李代报', '至1月5日', '2027年1月4日到1月8日', '至11月1日']) {
  const r = readDaySpan(s, today);
  console.log(s, '=>', r && [dayjs(r.from).tz().format(), dayjs(r.until).tz().format(), r.rest]);
}
