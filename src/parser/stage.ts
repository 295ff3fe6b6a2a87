import { CLAUSE_END, lastIndexOfPattern } from './normalise.js';

export const PARSED_STAGES = ['签约', '落地', '开工', '竣工', '投产', '达产'] as const;
export type ParsedStage = (typeof PARSED_STAGES)[number];

/** Events that move a project along its lifecycle, in order; the most advanced fact wins. */
const EVENTS: Array<{ stage: ParsedStage; re: RegExp }> = [
  { stage: '签约', re: /签约|签订(?:了)?(?:正式)?(?:投资|合作|招商|项目)(?:框架)?(?:协议|合同)|(?:投资|合作|招商)(?:协议|合同)(?:已|正式)?签订/g },
  { stage: '落地', re: /土地摘牌|(?:成功|已|完成)摘牌|签订(?:了)?(?:国有)?土地出让合同|注册落地|项目公司(?:已|完成)?注册|(?:正式|已|成功)落地/g },
  { stage: '开工', re: /开工(?!以来|至今|条件|前|准备|手续|许可|日期|时间|计划|建设以来|节点|率)|(?:已|正式|全面)(?:经)?进场(?:施工)?|动工/g },
  { stage: '竣工', re: /竣工(?!决算|结算|备案|图|日期|时间|计划|资料)|建成(?:投用|交付|使用)|完工交付|投入使用/g },
  { stage: '投产', re: /投产|并网(?:发电)?|试生产|投入(?:生产|运营)|试运营|试运行|开业/g },
  { stage: '达产', re: /达产|达效/g },
];

/** In the clause before an event word: it is planned, hoped for, not yet done, or hindered. */
const NOT_A_FACT = /计划|预计|拟|将|争取|力争|确保|有望|准备|即将|尽快|加快|推进|待|尚未|未|没有|还没|不能|无法|影响|推迟|延迟|延期|滞后|如期|目标|要求|需|前$|底前|月前|之前|以前|能否|是否|何时/;
/** After the event word, in the same clause: "竣工验收正在办理" is not 竣工. */
const PENDING_AFTER = /^[^,，。;]{0,6}?(?:正在|办理中|审查中|待|未|前|计划|准备)/;

export interface StageHit {
  stage: ParsedStage;
  start: number;
  end: number;
}

/** The most advanced lifecycle event the text reports as having happened. `skip` ranges are ignored (problem text). */
export function findStage(text: string, skip: Array<[number, number]> = []): StageHit | null {
  let best: StageHit | null = null;
  for (const [rank, { stage, re }] of EVENTS.entries()) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (skip.some(([a, b]) => start >= a && start < b)) continue;
      const clauseStart = lastIndexOfPattern(text, CLAUSE_END, start) + 1;
      if (NOT_A_FACT.test(text.slice(clauseStart, start))) continue;
      if (PENDING_AFTER.test(text.slice(end))) continue;
      if (!best || rank > PARSED_STAGES.indexOf(best.stage)) best = { stage, start, end };
    }
  }
  return best;
}
