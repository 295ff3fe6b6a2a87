import type { OutboundBody } from '../src/messages/outbound.js';
import { COMPONENT_NAMES, type Scorecard, type UnitScore, type Assessment } from '../src/domain/assessment.js';
import { groupBy } from '../src/domain/group-by.js';
import { escapeUserText, firstOf, lines, markdown } from './common.js';
import dayjs from '../src/time.js';

const KIND_TITLES = { township: '乡镇（开发区）', department: '牵头部门' } as const;
const BAND_NOTES = { top: '（一票评优）', veto: '（一票否优）', normal: '' } as const;

function status(a: Assessment): string {
  if (a.publishedAt) return `已于 ${dayjs(a.publishedAt).tz().format('M月D日')} 发布`;
  return a.asOf ? `未发布，按截至 ${dayjs(a.asOf).tz().format('M月D日 HH:mm')} 的数据计算，可能变化` : '未发布，按当前数据计算，可能变化';
}

function rankRow(u: UnitScore): string {
  const silent = u.silent?.length ? `（${u.silent.length} 个项目未报送）` : '';
  return `${u.rank}. ${escapeUserText(u.unit, 20)} ${u.total} 分${BAND_NOTES[u.band]}${silent}`;
}

const SILENT_SHOWN = 20;

/** Each project no cycle of the period heard from, once, with the units it counts against. */
function silentLine(card: Scorecard): string | null {
  const units = groupBy(card.units.flatMap((u) => (u.silent ?? []).map((project) => ({ project, unit: u.unit }))), (s) => s.project, (s) => s.unit);
  if (units.size === 0) return null;
  const shown = firstOf([...units], SILENT_SHOWN, ([p, us]) => `${escapeUserText(p, 24)}（${us.map((u) => escapeUserText(u, 20)).join('、')}）`, '；');
  return `**未报送（${units.size} 个项目）**：${shown}`;
}

/** The ranking of every unit, townships and departments apart. */
export function rankingMessage(a: Assessment): OutboundBody {
  const { card } = a;
  const section = (kind: keyof typeof KIND_TITLES) => {
    const rows = card.units.filter((u) => u.kind === kind);
    return rows.length === 0 ? null : lines(`**${KIND_TITLES[kind]}**`, ...rows.map(rankRow));
  };
  return markdown(
    lines(
      `**${card.label} 考核评比排名**`,
      status(a),
      section('township'),
      section('department'),
      silentLine(card),
      ...a.notes,
      '发送 /考核 单位名 查看得分依据',
    ),
  );
}

/** One unit's score: each component's points and the facts behind them. */
export function breakdownMessage(a: Assessment, unit: UnitScore): OutboundBody {
  return markdown(
    lines(
      `**${a.card.label} · ${escapeUserText(unit.unit, 20)} 考核得分 ${unit.total} 分（${KIND_TITLES[unit.kind]}第 ${unit.rank} 名）**`,
      status(a),
      unit.flag ? `${unit.flag.flag === 'top' ? '一票评优' : '一票否优'}：${escapeUserText(unit.flag.reason, 60)}` : null,
      ...unit.lines.map((l) => `${COMPONENT_NAMES[l.component]} ${l.points} 分：${l.facts.map((f) => escapeUserText(f, 200)).join('；')}`),
      ...a.notes.filter((n) => n.includes(unit.unit)),
    ),
  );
}

/** The rows of the scorecard workbook: one per unit with every component, then one per fact. */
export function scorecardTables(card: Scorecard) {
  const components = Object.keys(COMPONENT_NAMES) as Array<keyof typeof COMPONENT_NAMES>;
  return [
    {
      name: '排名',
      headers: ['类型', '名次', '单位', '总分', ...components.map((c) => COMPONENT_NAMES[c]), '一票评优/否优', '未报送项目'],
      rows: card.units.map((u) => [KIND_TITLES[u.kind], u.rank, u.unit, u.total, ...components.map((c) => u.lines.find((l) => l.component === c)?.points ?? 0), u.flag ? `${u.flag.flag === 'top' ? '评优' : '否优'}：${u.flag.reason}` : '', (u.silent ?? []).join('、')]),
    },
    {
      name: '得分依据',
      headers: ['单位', '项目', '得分', '依据'],
      rows: card.units.flatMap((u) => u.lines.map((l) => [u.unit, COMPONENT_NAMES[l.component], l.points, l.facts.join('；')])),
    },
  ];
}
