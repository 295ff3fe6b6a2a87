import type { OutboundBody } from '../src/messages/outbound.js';
import { WARNING_NAMES } from '../src/domain/warnings.js';
import type { DigestInput } from '../src/domain/digest.js';
import { NO_PLAN } from '../src/domain/schedule.js';
import { detailLink, escapeUserText, lines, markdown, wan, pct } from './common.js';
import dayjs from '../src/time.js';

export function isEmptyDigest(d: DigestInput): boolean {
  return d.reports.length + d.warningChanges.length + d.newProblems.length + d.overdueProblems.length + d.missingReports.length + d.paused.length === 0;
}

const short = (s: string) => escapeUserText(s, 24);

/**
 * The leader's daily digest (and, titled 专班周报, a department's weekly summary): only what
 * changed or needs attention; an empty period is one line. `detailUrl`: the 驾驶舱 总览.
 */
export function digestMessage(d: DigestInput, title = '项目日报', notes: string[] = [], detailUrl?: string): OutboundBody {
  const span = `${dayjs(d.from).tz().format('M月D日 HH:mm')} 以来`;
  // Projects without a plan are named even on a quiet day: they are not in any rate until one is given.
  const unplanned = d.unplanned.length === 0 ? null : `**${NO_PLAN}（${d.unplanned.length}）**：${d.unplanned.slice(0, 10).map(short).join('、')}${d.unplanned.length > 10 ? ' 等' : ''}`;
  if (isEmptyDigest(d)) return markdown(lines(`**${title} · ${escapeUserText(d.person, 10)}**`, `${span}，您负责的 ${d.projectCount} 个项目无新报送、无预警变化、无新问题。`, unplanned, ...notes, detailLink(detailUrl)));
  const section = (heading: string, rows: string[]) => (rows.length === 0 ? null : lines(`**${heading}（${rows.length}）**`, ...rows.slice(0, 10), rows.length > 10 ? `…另有 ${rows.length - 10} 条` : null));
  return markdown(
    lines(
      `**${title} · ${escapeUserText(d.person, 10)}**`,
      `${span}，您负责 ${d.projectCount} 个项目`,
      section(
        '新报送',
        d.reports.map((r) => `${short(r.project)}：${[r.period !== null ? `${r.periodLabel ?? '本期'} ${wan(r.period)}` : null, r.percent !== null ? `形象进度 ${pct(r.percent)}` : null].filter(Boolean).join('，') || '已报送'}`),
      ),
      section('预警变化', d.warningChanges.map((c) => `${short(c.project)}：${c.card ? WARNING_NAMES[c.card] : '解除预警'}${c.reasons.length ? `（${c.reasons[0]}）` : ''}`)),
      section('新问题', d.newProblems.map((p) => `#${p.no} ${short(p.project)}：${escapeUserText(p.text, 40)}`)),
      section('久拖未决', d.overdueProblems.map((p) => `#${p.no} ${short(p.project)}：${escapeUserText(p.text, 30)}（${p.days} 天）`)),
      section('未按时报送', d.missingReports.map(short)),
      section('停工', d.paused.map((p) => `${short(p.project)}：${escapeUserText(p.mark, 60)}`)),
      unplanned,
      ...notes,
      detailLink(detailUrl),
    ),
  );
}
