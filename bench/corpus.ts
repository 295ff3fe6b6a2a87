import { toChineseNumeral } from '../src/parser/numbers.js';

/** A deterministic generator of report-style messages, so the bench measures the same work each run. */
export function* reportCorpus(projects: Array<{ name: string; aliases: string[] }>, count: number, seed = 1): Generator<{ text: string; boundProject: string | null; date: string }> {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const amount = () => {
    const wan = Math.round(rand() * 20000);
    return pick([`${wan}万元`, `${(wan / 10000).toFixed(2)}亿元`, `${toChineseNumeral(wan)}万`, `约${wan.toLocaleString('en-US')}万元`]);
  };
  const clauses = [
    () => `本月完成投资${amount()}`,
    () => `本周完成投资${amount()}`,
    () => `年度累计完成投资${amount()}`,
    () => `1-${1 + Math.floor(rand() * 11)}月累计完成${amount()}`,
    () => `开工以来累计完成投资${amount()}`,
    () => `形象进度${Math.round(rand() * 100)}%`,
    () => `主体结构完成${Math.round(rand() * 100)}%`,
    () => pick(['环评已取得批复', '施工许可正在办理', '用地规划许可证已办理', '能评尚未申报']),
    () => pick(['问题:1.资金未到位;2.设计变更未批复', '存在问题:征地拆迁还有3户未签协议,请镇政府协调', '暂无问题']),
    () => pick(['项目已于11月18日正式开工', '计划12月并网发电', '已通过竣工验收']),
  ];
  for (let i = 0; i < count; i++) {
    const p = pick(projects);
    const named = rand() < 0.5;
    const parts = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(clauses)());
    yield { text: `${named ? pick([p.name, ...p.aliases]) : ''}${parts.join(pick([',', ',', '。', ';']))}`, boundProject: named ? null : p.name, date: '2026-11-20' };
  }
}
