import type { Figure } from './money.js';

/**
 * Only an explicitly labelled overall figure counts: 形象进度 / 总体(形象)进度 / 整体(完成) /
 * 工程进度 followed by nothing but connecting words. "主体结构完成80%" and "占年度计划82%" do not.
 * "由上月的80%提升至86%" is the figure now: 86.
 */
const LABEL = /(?:总体|整体|项目|工程|总)(?:形象)?进度|形象进度|整体(?:完成)?|总体(?:完成)?/g;
const CONNECTOR = /^[\s:]*(?:(?:由|从)[^,。;%]{0,8}?)?(?:(?:已|累计|总体|整体)?(?:完成|达到?|为|约|近|超过?|已达|已过|过)(?:了)?(?:总?工程量|总量|总体|整体)?(?:的)?)?[\s:约近]*$/;
const RISE = /^\s*(?:提升|提高|增加|上升|增长|推进)(?:至|到)\s*$/;

export function findProgressPercent(text: string, percents: Figure[]): Figure | null {
  for (const [k, p] of percents.entries()) {
    LABEL.lastIndex = 0;
    const before = text.slice(Math.max(0, p.start - 24), p.start);
    let labelled = false;
    for (let m = LABEL.exec(before); m; m = LABEL.exec(before)) {
      if (CONNECTOR.test(before.slice(m.index + m[0].length))) labelled = true;
    }
    if (!labelled) continue;
    const next = percents[k + 1];
    return next && RISE.test(text.slice(p.end, next.start)) ? next : p;
  }
  return null;
}
