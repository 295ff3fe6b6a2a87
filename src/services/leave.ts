import type { BotContext } from '../bot/context.js';
import type { OutboundBody } from '../messages/outbound.js';
import type { PersonDoc } from '../domain/records.js';
import { lastDay } from '../domain/pause.js';
import { readDaySpan } from '../parser/days.js';
import { escapeUserText, text } from '../../cards/common.js';
import dayjs from '../time.js';

const EXAMPLE = '/请假 12月8日至12月12日 由李四代报';
const LEAVE_WORDS = /请假|休假|年假|病假|事假|产假|婚假|公休/;
const DEPUTY = /(?:由|请|让)\s*(?:单位|本单位|同事)?\s*([^\s,，。；;、]{1,12}?)\s*(?:代报|代为报送|代填|帮忙报送)|代报人\s*[:：]?\s*([^\s,，。；;、]{1,12})/;

/** A plain sentence addressed to the bot that records a leave ("下周休假，由小李代报"): a leave word and the days. */
export function saysLeave(message: string, now: Date): boolean {
  return LEAVE_WORDS.test(message) && readDaySpan(message, now) !== null;
}

/** The deputy a leave names: a userid, a full name, or 小李/老李 for the one colleague of that surname. */
function findDeputy(named: string, me: PersonDoc, people: PersonDoc[], colleagues: Set<string>): PersonDoc[] {
  const others = people.filter((p) => p.userid !== me.userid);
  const exact = others.filter((p) => p.userid === named || p.name === named);
  if (exact.length > 0) return exact;
  const surname = /^[小老](.)$/.exec(named)?.[1];
  const bySurname = surname ? others.filter((p) => p.name.startsWith(surname)) : others.filter((p) => p.name.includes(named));
  const near = bySurname.filter((p) => colleagues.has(p.userid) || (me.department !== undefined && p.department === me.department));
  return near.length > 0 ? near : bySurname;
}

/**
 * Records the sender's 请假 from `/请假 …` or a plain sentence: the days, and the deputy who gets the
 * reminders and reports for the sender's projects meanwhile. The answer says what was recorded.
 */
export async function recordLeaveFrom(ctx: BotContext, message: string): Promise<OutboundBody> {
  const me = ctx.person;
  if (!me) return text('您还没有登记为项目人员，请联系县发改委管理员登记。');
  const span = readDaySpan(message, ctx.now);
  if (!span) return text(`请写明请假日期，例如：${EXAMPLE}`);
  const m = DEPUTY.exec(message);
  const named = m ? (m[1] ?? m[2])! : null;
  let deputy: PersonDoc | null = null;
  if (named) {
    const projects = (await ctx.deps.repos.projects.allProjects()).filter((p) => p.liaisons.includes(me.userid) || p.specialist === me.userid);
    const colleagues = new Set(projects.flatMap((p) => [...p.liaisons, ...(p.specialist ? [p.specialist] : [])]));
    const found = findDeputy(named, me, await ctx.deps.repos.projects.allPeople(), colleagues);
    if (found.length === 0) return text(`没有找到登记人员“${escapeUserText(named, 12)}”。请写代报人的姓名或企业微信账号（需已在台账登记），例如：${EXAMPLE}`);
    if (found.length > 1) return text(`“${escapeUserText(named, 12)}”可能是：${found.map((p) => `${p.name}（${p.userid}）`).join('、')}，请写全名。`);
    deputy = found[0]!;
  }
  const from = span.from < ctx.now ? ctx.now : span.from;
  const leave = await ctx.deps.repos.leaves.recordLeave({ _id: `leave:${ctx.event.msgId}`, userid: me.userid, from, until: span.until, deputy: deputy?.userid ?? null, text: message, at: ctx.now });
  const days = `${dayjs(leave.from).tz().format('M月D日')}至${lastDay(leave)}`;
  if (!deputy) return text(`已登记请假：${days}。期间的报送提醒仍发到项目群；如需他人代报，请写“由某某代报”。`);
  return text(`已登记请假：${days}，由${deputy.name}代报。期间报送提醒 @${deputy.name}，${deputy.name}可以为您负责的项目报送；代报或停工的周期不计漏报。`);
}
