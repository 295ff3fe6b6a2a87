import { indexWhere, isClauseEnd, lastIndexWhere } from './normalise.js';

export const APPROVAL_ITEMS = ['立项', '用地预审与选址', '用地规划许可', '土地供应', '工程规划许可', '环评', '节能审查', '水土保持', '施工图审查', '施工许可', '竣工验收'] as const;
export type ApprovalItem = (typeof APPROVAL_ITEMS)[number];
export type ApprovalStatus = '已办结' | '办理中' | '未启动';

/** Synonyms people write for each canonical item (seeds 000 and 003). */
const SYNONYMS: Record<ApprovalItem, string[]> = {
  立项: ['立项备案', '项目备案', '备案证', '立项', '核准批复', '核准'],
  用地预审与选址: ['用地预审与选址', '用地预审', '规划选址', '选址意见书', '预审与选址'],
  用地规划许可: ['建设用地规划许可', '用地规划许可'],
  土地供应: ['土地供应', '土地摘牌', '摘牌', '挂牌', '土地出让合同', '出让合同', '划拨', '供地', '土地招拍挂'],
  工程规划许可: ['建设工程规划许可', '工程规划许可'],
  环评: ['环境影响评价', '环境影响报告', '环评'],
  节能审查: ['节能审查', '节能评估', '节能报告', '能评'],
  水土保持: ['水土保持', '水保'],
  施工图审查: ['施工图审查', '施工图审', '图审'],
  施工许可: ['施工许可', '开工许可'],
  竣工验收: ['竣工验收'],
};

/** Longest synonym first, so "建设用地规划许可" is not read as a shorter item. */
const ITEM_RE = new RegExp(
  Object.values(SYNONYMS).flat().sort((a, b) => b.length - a.length).join('|'),
  'g',
);
const CANONICAL = new Map<string, ApprovalItem>(
  (Object.entries(SYNONYMS) as Array<[ApprovalItem, string[]]>).flatMap(([item, words]) => words.map((w) => [w, item] as [string, ApprovalItem])),
);

/** Checked in this order: "尚未批复" is under way, "尚未办理" is 未启动 before "办理" could read as done, "正在办理" before "已办理". */
const STATUS: Array<{ status: ApprovalStatus; re: RegExp }> = [
  { status: '办理中', re: /尚未批复|未批复|暂未批复|待批复|技术审查|正在编制|编制中/ },
  { status: '未启动', re: /未启动|未办理|尚未申报|未申报|尚未启动|尚未办理|还未办理|没有办理|暂未|未开展|未开始|还没办/ },
  { status: '办理中', re: /正在|办理中|已上报|已报审|报审|审查中|审批中|审核中|待批复|待审批|在办|编制中|已申报|已报送|已受理|已提交|上报中|公示中|已进入|走流程|报批/ },
  { status: '已办结', re: /已取得|取得(?:了)?(?:批复|许可|证)|已批复|获批|已获|已办理|已拿到|拿到|已完成|已通过|通过(?:了)?|已签订|签订(?:了)?|已办结|办结|已核准|已备案|已审批|已下达|已出具|已领取|已发证|已摘牌|批复已|已批|核发/ },
];

/** Words that may sit between a run of items joined together ("用地预审和规划选址意见书正在办理"). */
const JOINER = /^[\s和及与、,]*(?:证书?|手续|方案|报告书?|报告表|意见书|审批|批复文件|文件)?[\s和及与、]*$/;

export interface ApprovalHit {
  item: ApprovalItem;
  status: ApprovalStatus;
  start: number;
  end: number;
}

export function findApprovals(text: string): ApprovalHit[] {
  const matches: Array<{ item: ApprovalItem; start: number; end: number }> = [];
  ITEM_RE.lastIndex = 0;
  for (let m = ITEM_RE.exec(text); m; m = ITEM_RE.exec(text)) {
    matches.push({ item: CANONICAL.get(m[0])!, start: m.index, end: m.index + m[0].length });
  }
  const out: ApprovalHit[] = [];
  const seen = new Set<ApprovalItem>();
  for (let k = 0; k < matches.length; k++) {
    const status = inherentStatus(text, matches[k]!) ?? statusFor(text, matches, k);
    const { item, start, end } = matches[k]!;
    if (!status || seen.has(item)) continue;
    seen.add(item);
    out.push({ item, status, start, end });
  }
  return out;
}

/** 挂牌 (listed, not yet won) is under way by itself unless negated; "已于10月16日摘牌" is done. */
function inherentStatus(text: string, m: { start: number; end: number }): ApprovalStatus | null {
  const word = text.slice(m.start, m.end);
  if (word !== '挂牌' && word !== '摘牌') return null;
  const before = text.slice(lastIndexWhere(text, isClauseEnd, m.start) + 1, m.start);
  if (/未|没有/.test(before)) return word === '挂牌' ? '未启动' : '办理中';
  return word === '挂牌' ? '办理中' : /已|完成|成功/.test(before) ? '已办结' : null;
}

/** The status after the item (up to the next item or clause end); a run of joined items shares it; else the status before it. */
function statusFor(text: string, matches: Array<{ start: number; end: number }>, k: number): ApprovalStatus | null {
  let last = k;
  while (last + 1 < matches.length && JOINER.test(text.slice(matches[last]!.end, matches[last + 1]!.start))) last++;
  const after = matches[last]!.end;
  const clauseEnd = indexWhere(text, isClauseEnd, after);
  const nextItem = matches[last + 1]?.start ?? text.length;
  const stop = Math.min(clauseEnd < 0 ? text.length : clauseEnd, nextItem);
  const following = readStatus(text.slice(after, stop));
  if (following) return following;
  let first = k;
  while (first > 0 && JOINER.test(text.slice(matches[first - 1]!.end, matches[first]!.start))) first--;
  const from = Math.max(lastIndexWhere(text, isClauseEnd, matches[first]!.start) + 1, matches[first - 1]?.end ?? 0);
  const preceding = text.slice(from, matches[first]!.start);
  return /(?:已|完成|通过)$/.test(preceding) ? '已办结' : readStatus(preceding);
}

function readStatus(s: string): ApprovalStatus | null {
  for (const { status, re } of STATUS) if (re.test(s)) return status;
  return null;
}
