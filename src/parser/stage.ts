import { isClauseEnd, lastIndexWhere } from './normalise.js';

export const PARSED_STAGES = ['签约', '落地', '开工', '竣工', '投产', '达产'] as const;
export type ParsedStage = (typeof PARSED_STAGES)[number];

/** Events that move a project along its lifecycle, in order; the most advanced fact wins. */
const EVENTS: Array<{ stage: ParsedStage; re: RegExp; wholeProject?: boolean }> = [
  { stage: '签约', re: /签约|签订(?:了)?[^,。;\n]{0,20}?(?:投资|合作|招商|框架)(?:框架)?(?:协议|合同)|(?:投资|合作|招商)(?:协议|合同)(?:已|正式)?签订/g },
  { stage: '落地', re: /摘牌|签订(?:了)?(?:国有)?土地出让合同|注册落地|项目公司(?:已|完成)?注册|(?:正式|已|成功)落地/g },
  { stage: '开工', re: /开工(?!以来|至今|条件|前|准备|手续|许可|日期|时间|计划|建设以来|节点|率)|复工|恢复施工|(?:已|正式|全面)(?:经)?进场(?:施工)?|动工/g },
  // A part finished (主体完工, 1#厂房竣工, 公交首末站已竣工) is not the project's 竣工.
  { stage: '竣工', wholeProject: true, re: /竣工(?!决算|结算|备案|图|日期|时间|计划|资料)|(?:全部|全面|整体|全线)(?:建成)?完工|建成(?:投用|交付|使用)|完工交付|投入使用/g },
  { stage: '投产', re: /投产|并网(?:发电)?|试生产|投入(?:生产|运营|运行)|试运营|试运行|通水运行|投运|开业/g },
  { stage: '达产', re: /达产|达效/g },
];

/** All events in one pass: group k + 1 is EVENTS[k]. */
const ANY_EVENT = new RegExp(EVENTS.map((e) => `(${e.re.source})`).join('|'), 'g');

/** Anywhere in the clause before an event word: it is planned, hoped for or not yet done. */
const NOT_A_FACT = /计划|预计|拟|争取|力争|确保|有望|准备|即将|尚未|暂未|未能|未|没有|还没|不能|无法|目标|要求|能否|是否|何时/;
/** Right before an event word: it is hindered or pending ("影响进场施工", "待开工", "12月底前开工"). */
const NOT_YET = /(?:影响|推迟|延迟|延期|滞后|如期|待|需|将|加快|推进|尽快)[^,。;]{0,3}$|前$|底前|月前|之前|以前/;
/** After the event word, in the same clause: "竣工验收正在办理" is not 竣工. */
const PENDING_AFTER = /^[^,。;]{0,6}?(?:正在|办理中|审查中|待|未|前|计划|准备)/;
/** A sub-part named as the subject: a building, a section, a stage of the works. */
const PART = /#|\d+号|楼|厂房|车间|主体|标段|[一二三四五六七八九十\d]期|站|段/;

export interface StageHit {
  stage: ParsedStage;
  start: number;
  end: number;
}

/**
 * The most advanced lifecycle event the text reports as having happened. Masked text (plans,
 * problems, questions) is already blank; `projectSpan` is where the project's own name was read,
 * so its words are not mistaken for a part.
 */
export function findStage(text: string, projectSpan: [number, number] | null = null): StageHit | null {
  let best: StageHit | null = null;
  ANY_EVENT.lastIndex = 0;
  for (let m = ANY_EVENT.exec(text); m; m = ANY_EVENT.exec(text)) {
    const rank = m.findIndex((g, k) => k > 0 && g !== undefined) - 1;
    const { stage, wholeProject } = EVENTS[rank]!;
    const start = m.index;
    const end = start + m[0].length;
    const clauseStart = lastIndexWhere(text, isClauseEnd, start) + 1;
    const before = text.slice(clauseStart, start);
    if (NOT_A_FACT.test(before) || NOT_YET.test(before)) continue;
    if (PENDING_AFTER.test(text.slice(end, end + 8))) continue;
    if (wholeProject && !/^(?:全部|全面|整体|全线)/.test(m[0]) && PART.test(subject(text, clauseStart, start, projectSpan))) continue;
    if (!best || rank > PARSED_STAGES.indexOf(best.stage)) best = { stage, start, end };
  }
  return best;
}

function subject(text: string, clauseStart: number, at: number, projectSpan: [number, number] | null): string {
  const from = projectSpan && projectSpan[1] > clauseStart && projectSpan[1] <= at ? projectSpan[1] : clauseStart;
  return text.slice(from, at);
}
