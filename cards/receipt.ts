import type { OutboundBody } from '../src/messages/outbound.js';
import type { ReadingFlag, SanityFlag } from '../src/parser/index.js';
import type { ReportFields, Standing } from '../src/domain/standing.js';
import type { ProblemDoc, ReportDoc } from '../src/domain/records.js';
import { WARNING_NAMES } from '../src/domain/warnings.js';
import { NO_PLAN } from '../src/domain/schedule.js';
import { detailLine, detailLink, escapeUserText, lines, markdown, pct, points, text, wan } from './common.js';
import dayjs from '../src/time.js';

export interface ReceiptInput {
  reportId: string;
  project: string;
  fields: ReportFields;
  problems: Array<{ no: number; text: string }>;
  standing: Standing | null;
  /** Why the report waits for a confirmation; empty when it was stored as confirmed. */
  doubts: string[];
  /** The surface can show buttons (template_card); otherwise a text fallback. */
  interactive: boolean;
  /** The reporter is not registered for this project: the report is kept and says so. */
  unregistered: boolean;
  /** The project's 驾驶舱 page ("查看详情"); none without PUBLIC_BASE_URL. */
  detailUrl?: string;
}

const UNREGISTERED_NOTE = '提示：您尚未登记为本项目的联络员或服务专员，本条已记录为待确认，已通知本项目联络员；确认前不计入进度、预警和考核。如需登记请联系县发改委。';

const FLAG_TEXT: Record<SanityFlag | ReadingFlag, string> = {
  range: '金额写的是范围，按下限记',
  negative: '金额为负数或减少，按负数（核减）记',
  'ambiguous-project': '可能是多个项目中的一个',
  'multiple-projects': '一条消息里有多个项目，只记了一个，其他项目请分开发送',
  yearExceedsTotal: '年度累计大于开工以来累计',
  periodExceedsYear: '本期完成大于年度累计',
  periodExceedsTotal: '本期完成大于开工以来累计',
  completedExceedsInvestment: '完成投资超过项目总投资',
  implausibleAmount: '金额与项目规模相差过大',
  percentOver100: '形象进度超过 100%',
  unitMissing: '金额没有写单位，按万元计',
  futureMonth: '填报的月份还没到',
  projectAmbiguous: '无法确定是哪个项目',
  projectUnknown: '没有识别出项目名称',
};

/** Why a reading needs a second look, in the reporter's words. */
export function flagText(flag: SanityFlag | ReadingFlag): string {
  return FLAG_TEXT[flag];
}

/** The lines "what was read", shared by the receipt, the confirmation card and /进度. */
export function fieldLines(f: ReportFields): string[] {
  const rows: Array<[string, string | null]> = [
    ['本期完成', f.completedThisPeriod === null ? null : wan(f.completedThisPeriod)],
    ['年度累计', f.completedThisYear === null ? null : wan(f.completedThisYear)],
    ['开工以来累计', f.completedTotal === null ? null : wan(f.completedTotal)],
    ['总投资', f.totalInvestment === null ? null : wan(f.totalInvestment)],
    ['形象进度', f.progressPercent === null ? null : pct(f.progressPercent)],
    ['阶段', f.stage],
    ['手续', f.approvals.length === 0 ? null : f.approvals.map((a) => `${a.item} ${a.status}`).join('；')],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null).map(([k, v]) => `${k}：${v}`);
}

export function standingLine(s: Standing): string | null {
  const parts: string[] = [];
  if (s.unplanned) parts.push(NO_PLAN);
  if (s.compared) parts.push(`${s.compared.label}完成 ${wan(Math.round(s.compared.completed))}，序时 ${wan(Math.round(s.compared.due))}`);
  if (s.completionRate !== null) parts.push(`年度完成率 ${pct(s.completionRate)}`);
  if (s.scheduleRate !== null) parts.push(`序时进度 ${pct(s.scheduleRate)}`);
  if (s.lagPoints !== null) parts.push(s.lagPoints > 0 ? `落后 ${points(s.lagPoints)} 个百分点` : '达到序时进度');
  const warning = s.warning ? `${WARNING_NAMES[s.warning]}（${s.warningReasons.join('；')}）` : '无预警';
  return parts.length === 0 ? `预警：${warning}` : `${parts.join('，')}\n预警：${warning}`;
}

const CORRECT_HINT = '如有误，回复 /更正 字段 值，例：/更正 本期 1300';

/** The receipt of a stored report: what was read, the problems it raised, where the project stands. */
export function reportReceipt(report: ReportDoc, problems: ProblemDoc[], standing: Standing | null, doubts: string[], interactive: boolean, detailUrl?: string): OutboundBody {
  return receipt({
    reportId: report._id,
    project: report.project,
    fields: report.fields,
    problems: problems.map((p) => ({ no: p.no, text: p.text })),
    standing,
    doubts,
    interactive,
    unregistered: report.unregistered,
    ...(detailUrl ? { detailUrl } : {}),
  });
}

export function receipt(input: ReceiptInput): OutboundBody {
  const problemLines = input.problems.map((p) => `问题 #${p.no}：${escapeUserText(p.text, 80)}`);
  if (input.doubts.length === 0) {
    return markdown(
      lines(
        `**已记录 · ${escapeUserText(input.project, 40)}**`,
        ...fieldLines(input.fields),
        ...problemLines,
        input.standing && standingLine(input.standing),
        input.unregistered && UNREGISTERED_NOTE,
        CORRECT_HINT,
        detailLink(input.detailUrl),
      ),
    );
  }
  return confirmation(input, problemLines);
}

/** A doubtful report: what was read, why it needs a look, and how to confirm or correct. */
function confirmation(input: ReceiptInput, problemLines: string[]): OutboundBody {
  const doubts = `请核对：${input.doubts.join('；')}`;
  if (input.interactive) {
    return {
      msgtype: 'template_card',
      card: {
        card_type: 'button_interaction',
        main_title: { title: `请确认 · ${escapeUserText(input.project, 30)}`, desc: doubts },
        horizontal_content_list: fieldLines(input.fields).map((l) => {
          const [keyname, value] = l.split('：');
          return { keyname, value };
        }),
        sub_title_text: [...problemLines, '确认后才计入统计'].join('\n'),
        button_list: [
          { text: '确认', style: 1, key: `confirm:${input.reportId}` },
          { text: '更正', style: 2, key: `correct:${input.reportId}` },
        ],
        ...(input.detailUrl ? { jump_list: [{ type: 1, title: '查看详情', url: input.detailUrl }] } : {}),
        task_id: `confirm-${input.reportId}`,
      },
    };
  }
  return text(
    lines(
      `请确认 · ${input.project}`,
      ...fieldLines(input.fields),
      ...problemLines,
      doubts,
      '确认后才计入统计：回复“确认”，或 /更正 字段 值（例：/更正 本期 1300）',
      detailLine(input.detailUrl),
    ),
  );
}

/** The answer to a project-less report in a general group. */
export function askProject(candidates: string[]): OutboundBody {
  if (candidates.length === 0) return text('没有识别出是哪个项目。请在消息里写上项目名称，例如：“冷链项目本月完成投资300万元”。');
  return text(lines('这条进度可能属于以下项目，请带上完整项目名重新发送：', ...candidates.map((c, i) => `${i + 1}. ${c}`)));
}

/** The same report sent again within a day: not stored twice. */
export function alreadyRecorded(at: Date): OutboundBody {
  return text(`这条进度与您 ${dayjs(at).tz().format('M月D日 HH:mm')} 报送的相同，已记录过，不重复计入。如需更改请用 /更正。`);
}
