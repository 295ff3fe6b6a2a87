import type { OutboundBody } from '../src/messages/outbound.js';
import dayjs from '../src/time.js';

/** The reminder to a group whose report for the cycle is missing; @-mentions its liaisons. */
export function reminderMessage(project: string, due: Date, liaisons: string[], late: boolean): OutboundBody {
  const when = dayjs(due).tz().format('M月D日 HH:mm');
  const content = late
    ? `【催报】“${project}”本周期进度（截止 ${when}）仍未报送，请立即在群里 @我 报送本期完成投资、形象进度和存在问题。`
    : `【报送提醒】请于 ${when} 前报送“${project}”本周期进度：本期完成投资、年度累计、形象进度、存在问题。直接在群里 @我 发送即可。`;
  return { msgtype: 'text', content, mentions: liaisons };
}
