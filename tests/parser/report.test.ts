import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProjectMatcher, parseReport, type ParsedReport } from '../../src/parser/index.js';
import { fixtureJson, fixtureLines } from '../support/fixtures.js';

const projects = fixtureJson<Array<{ name: string; aliases: string[] }>>('projects.json');
const matcher = new ProjectMatcher(projects);
const parse = (text: string, boundProject: string | null = null, date = '2026-12-02') => parseReport({ text, boundProject, date }, matcher);
const pick = (r: ParsedReport, keys: Array<keyof ParsedReport>) => Object.fromEntries(keys.map((k) => [k, r[k]]));

describe('fixture samples', () => {
  const rows = fixtureLines<any>('progress-samples.jsonl');
  it.each(rows.map((r) => [r.text, r]))('%s', (_text, row) => {
    const { problemCount, ...expected } = row.expect;
    const got = parseReport(row, matcher);
    expect(pick(got, Object.keys(expected) as Array<keyof ParsedReport>)).toEqual(expected);
    expect(got.problems).toHaveLength(problemCount);
  });
});

describe('which amount is which: by label, not position', () => {
  it.each([
    ['累计完成投资2000万元,本月完成投资300万元', { completedTotal: 2000, completedThisPeriod: 300 }],
    ['1至10月完成投资4100万元', { completedThisYear: 4100 }],
    ['一至十月累计完成投资4100万元', { completedThisYear: 4100 }],
    ['今年以来累计完成投资3,450万元,开工以来累计完成投资9,870万元', { completedThisYear: 3450, completedTotal: 9870 }],
    ['截至10月底累计完成投资3.2亿元', { completedTotal: 32000 }],
    ['11月完成投资680万元,1-11月累计完成投资7430万元', { completedThisPeriod: 680, completedThisYear: 7430 }],
    ['计划总投资5.6亿元,年度计划投资8000万元', { totalInvestment: 56000, completedThisYear: null }],
    ['本月到位资金3000万元,完成投资2000万元', { completedThisPeriod: 2000 }],
    ['本月计划完成投资500万元', { completedThisPeriod: null }],
    ['资金缺口3000万元', { completedThisPeriod: null, completedTotal: null }],
    ['本周完成投资约150万元,累计完成投资300余万元', { completedThisPeriod: 150, completedTotal: 300 }],
  ])('%s', (text, expected) => {
    expect(pick(parse(text, '陶瓷琉璃文创园'), Object.keys(expected) as Array<keyof ParsedReport>)).toEqual(expected);
  });

  it('a unit-less amount after a completion label is read as 万元 and flagged', () => {
    const r = parse('本月完成投资1250', '陶瓷琉璃文创园');
    expect(r.completedThisPeriod).toBe(1250);
    expect(r.flags).toContain('unitMissing');
    expect(r.confidence.overall).toBeLessThan(0.8);
  });

  it('keeps the span of each value so a receipt can show what was read', () => {
    const text = '本月完成投资1250万元,形象进度65%';
    const r = parse(text, '陶瓷琉璃文创园');
    const [a, b] = r.spans.completedThisPeriod!;
    expect(text.slice(a, b)).toBe('1250万元');
    const [c, d] = r.spans.progressPercent!;
    expect(text.slice(c, d)).toBe('65%');
  });
});

describe('progress percent: only an overall, labelled figure', () => {
  it.each([
    ['形象进度45%', 45],
    ['形象进度:1#厂房主体封顶,整体完成65%', 65],
    ['工程进度完成百分之七十', 70],
    ['项目整体形象进度达到70%', 70],
    ['主体结构完成80%', null],
    ['二期完成45%', null],
    ['占年度计划82%', null],
    ['形象进度过半', null],
    ['形象进度:主体结构完成80%', null],
  ])('%s → %s', (text, value) => {
    expect(parse(text, '陶瓷琉璃文创园').progressPercent).toBe(value);
  });
});

describe('stage: facts only, the most advanced wins', () => {
  it.each([
    ['已于11月18日正式开工', '开工'],
    ['项目已通过竣工验收,正在办理竣工决算', '竣工'],
    ['今天正式签约,总投资12亿元', '签约'],
    ['已完成土地摘牌', '落地'],
    ['项目已竣工投产', '投产'],
    ['企业已达产达效', '达产'],
    ['计划12月初并网发电', null],
    ['预计明年3月开工', null],
    ['12月底前开工', null],
    ['开工以来累计完成投资9870万元', null],
    ['征地拆迁未完成,影响进场施工', null],
    ['竣工验收正在办理', null],
  ])('%s → %s', (text, stage) => {
    expect(parse(text, '陶瓷琉璃文创园').stage).toBe(stage);
  });
});

describe('approvals', () => {
  it.each([
    ['环评已取得批复,施工许可正在办理,预计下周办结', [['环评', '已办结'], ['施工许可', '办理中']]],
    ['用地预审和规划选址意见书正在办理', [['用地预审与选址', '办理中']]],
    ['建设用地规划许可证已办理,建设工程规划许可证已报审,施工许可证未启动', [['用地规划许可', '已办结'], ['工程规划许可', '办理中'], ['施工许可', '未启动']]],
    ['水保方案已批复 立项备案已完成 能评尚未申报', [['水土保持', '已办结'], ['立项', '已办结'], ['节能审查', '未启动']]],
    ['已取得施工许可证', [['施工许可', '已办结']]],
    ['施工图审查已通过,土地出让合同已签订', [['施工图审查', '已办结'], ['土地供应', '已办结']]],
    ['消防审查已通过', []],
  ])('%s', (text, expected) => {
    expect(parse(text, '陶瓷琉璃文创园').approvals.map((a) => [a.item, a.status])).toEqual(expected);
  });
});

describe('problems', () => {
  it.each([
    ['问题:1.室外配套管网设计未确定;2.部分资金未到位。', ['室外配套管网设计未确定', '部分资金未到位']],
    ['存在问题:①资金缺口较大②设计变更未批复', ['资金缺口较大', '设计变更未批复']],
    ['困难:资金未到位;设计变更未批复。下步计划:加快主体施工', ['资金未到位', '设计变更未批复']],
    ['问题:征地拆迁还有3户未签协议。请镇政府协调。', ['征地拆迁还有3户未签协议。请镇政府协调']],
    ['本月完成投资100万元,征地拆迁卡在最后两户,需要县里协调', ['本月完成投资100万元,征地拆迁卡在最后两户,需要县里协调']],
    ['本月完成投资100万元。无问题。', []],
    ['问题:暂无', []],
  ])('%s', (text, expected) => {
    expect(parse(text, '陶瓷琉璃文创园').problems).toEqual(expected);
  });
});

describe('project', () => {
  it.each([
    ['二实小本月完成投资100万元', null, '第二实验小学新建工程'],
    ['污水处理场提标改造本周完成投资五百二十万元', null, '城南污水处理厂提标改造工程'],
    ['G347本月完成投资800万', null, 'G347青山段改建工程'],
    ['快递装备项目 水保方案已批复', null, '青山经开区智能快递装备产业园'],
    ['本月完成投资100万元', '陶瓷琉璃文创园', '陶瓷琉璃文创园'],
    ['冷链项目本月完成投资100万元', '陶瓷琉璃文创园', '农产品冷链物流中心'],
  ])('%s (bound %s) → %s', (text, bound, expected) => {
    expect(parse(text, bound).project).toBe(expected);
  });

  it('an unnamed report in a general group has no project and says so', () => {
    const r = parse('本月完成投资100万元');
    expect(r.project).toBeNull();
    expect(r.flags).toContain('projectUnknown');
  });

  it('ambiguity gives null and the candidates, never a guess', () => {
    const m = new ProjectMatcher([
      { name: '城东污水处理厂二期工程', aliases: [] },
      { name: '城西污水处理厂二期工程', aliases: [] },
    ]);
    const r = parseReport({ text: '污水处理厂二期本月完成投资300万元', boundProject: null, date: '2026-12-02' }, m);
    expect(r.project).toBeNull();
    expect(r.candidates.map((c) => c.name).sort()).toEqual(['城东污水处理厂二期工程', '城西污水处理厂二期工程']);
    expect(r.flags).toContain('projectAmbiguous');
  });
});

describe('sanity flags, not silent fixes', () => {
  it.each([
    ['年度累计完成8600万元,累计完成5000万元', 'yearExceedsTotal'],
    ['本月完成投资9000万元,年度累计8600万元', 'periodExceedsYear'],
    ['形象进度120%', 'percentOver100'],
    ['本月完成投资99999亿元', 'implausibleAmount'],
  ])('%s → %s', (text, flag) => {
    const r = parse(text, '陶瓷琉璃文创园');
    expect(r.flags).toContain(flag);
    expect(r.confidence.overall).toBeLessThan(0.8);
  });

  it('a message that is not a report is marked so and reads nothing', () => {
    for (const text of ['收到', '好的,明天下午3点开会', '👍', '']) {
      const r = parse(text, '陶瓷琉璃文创园');
      expect(r).toMatchObject({ project: '陶瓷琉璃文创园', isReport: false, completedThisPeriod: null, approvals: [], problems: [] });
    }
  });
});

describe('robustness', () => {
  it('never throws on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[0-9一二三四五六七八九十百千万亿元%,.:本月累计年度完成投资问题已未]{0,60}$/)), (text) => {
        parse(text, null);
      }),
      { numRuns: 3000 },
    );
  });

  it('a 10,000-character message parses in well under a second', () => {
    const text = '本月完成投资1250万元,形象进度65%。'.repeat(500);
    const t0 = performance.now();
    const r = parse(text, '陶瓷琉璃文创园');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.completedThisPeriod).toBe(1250);
  });
});
