import type { OutboundBody } from '../src/messages/outbound.js';
import { lines, markdown } from './common.js';

/** To the admins, weekly: a year's holiday arrangement is missing, and how to add it. */
export function calendarMissing(years: number[]): OutboundBody {
  const list = years.join('、');
  return markdown(
    lines(
      `**节假日安排待导入：${list} 年**`,
      `系统还没有 ${list} 年的放假和调休安排，目前只按周末和元旦、春节、清明、劳动节、端午、中秋、国庆 1–3 日判断；调休上班日会漏发提醒，多放的假日会照常发消息。`,
      '请按国务院办公厅的放假通知整理成文件，执行：',
      '`npm run -s cli -- calendar import 2027.json`',
      '文件格式：`[{"date": "2027-01-01", "kind": "holiday", "name": "元旦"}, {"date": "2027-02-20", "kind": "workday", "name": "调休上班"}]`',
      '导入后 `npm run -s cli -- calendar show 2027` 可核对。本提醒每周一次，导入后停止。',
    ),
  );
}

/** The line a bulletin carries while its calendar is provisional (none when it is not). */
export function provisionalNote(years: number[]): string[] {
  if (years.length === 0) return [];
  return [`注：${years.join('、')} 年节假日安排未导入，工作日暂按法定节假日推算，请管理员导入本年度安排。`];
}
