/** One block per rule of the contract's "Real liaison writing: the decisions", with sentences not in the fixtures. */
import { describe, expect, it } from 'vitest';
import { CONFIRM_BELOW, ProjectMatcher, parseReport, type ParsedReport } from '../../src/parser/index.js';
import { fixtureJson } from '../support/fixtures.js';

const matcher = new ProjectMatcher(fixtureJson<Array<{ name: string; aliases: string[] }>>('projects-b.json'));
const BOUND = '桐川商贸物流园';
const parse = (text: string, boundProject: string | null = BOUND) => parseReport({ text, boundProject, date: '2026-11-20' }, matcher);
const pick = (r: ParsedReport, keys: string[]) => Object.fromEntries(keys.map((k) => [k, r[k as keyof ParsedReport]]));
const expectFields = (text: string, expected: Record<string, unknown>, bound: string | null = BOUND) => expect(pick(parse(text, bound), Object.keys(expected))).toEqual(expected);
const asked = (r: ParsedReport) => r.flags.length > 0 || r.readingFlags.length > 0 || r.confidence.overall < CONFIRM_BELOW;

describe('numbers and money', () => {
  it.each([
    ['本月完成投资3 120万元', 3120],
    ['本月完成投资2 450.5万元', 2450.5],
    ['本月完成投资75W', 75],
    ['本月完成投资两千万元', 2000],
    ['本月完成投资一点零五亿元', 10500],
    ['本月完成投资1个多亿', 10000],
    ['本月完成投资680万元左右', 680],
    ['本月完成投资近900万元', 900],
    ['本月完成投资陆佰万元', 600],
    ['本月完成投资2亿3千万元', 23000],
  ])('%s → %d', (text, value) => expectFields(text, { completedThisPeriod: value }));

  it('为零 and a bare 0 are zero, not null, and need no unit', () => {
    expect(parse('本月完成投资为零，受雨季影响停工').completedThisPeriod).toBe(0);
    const r = parse('本周完成投资：0\n累计完成投资：5 200万元');
    expect(pick(r, ['completedThisPeriod', 'completedTotal'])).toEqual({ completedThisPeriod: 0, completedTotal: 5200 });
    expect(r.flags).not.toContain('unitMissing');
  });

  it('a minus sign or 减少 before a completion keeps its sign and asks', () => {
    for (const [text, value] of [['本月完成投资-120万元', -120], ['本月完成投资减少80万元，系核减', -80]] as const) {
      const r = parse(text);
      expect(r.completedThisPeriod).toBe(value);
      expect(r.readingFlags).toContain('negative');
      expect(r.isReport).toBe(true);
      expect(r.confidence.overall).toBeLessThan(CONFIRM_BELOW);
    }
  });

  it('a range keeps the lower bound, in the unit written after the upper one, and asks', () => {
    for (const [text, value] of [['累计完成投资800-900万元', 800], ['累计完成投资2.1至2.3亿元', 21000]] as const) {
      const r = parse(text);
      expect(r.completedTotal).toBe(value);
      expect(r.readingFlags).toContain('range');
      expect(asked(r)).toBe(true);
    }
  });

  it('a unit in a heading applies to the bare numbers below it', () => {
    expectFields('物流园月报（单位：万元）\n本月完成投资：420\n开工以来累计完成投资：7 350', { completedThisPeriod: 420, completedTotal: 7350 });
    expectFields('（单位：亿元）\n计划总投资：3.5', { totalInvestment: 35000 });
  });

  it('labels listed before 分别为/依次为 pair with the amounts in order', () => {
    expectFields('本月、今年以来、开工以来累计完成投资分别为260万元、1 980万元、6 400万元', { completedThisPeriod: 260, completedThisYear: 1980, completedTotal: 6400 });
    expectFields('总投资和累计完成投资依次为4.2亿元、1.6亿元', { totalInvestment: 42000, completedTotal: 16000 });
  });

  it('statistics wording: 本年完成, 自开始建设累计, 建设以来累计', () => {
    expectFields('本年完成投资：2 600万元\n自开始建设累计完成投资：8 100万元', { completedThisYear: 2600, completedTotal: 8100 });
  });

  it('到位资金 / 拨付 / 融资 are money received, not investment completed', () => {
    expectFields('本月到位资金1500万元，争取银行融资3000万元，财政拨付200万元', { completedThisPeriod: null, completedTotal: null, completedThisYear: null });
  });

  it('已完成 after the year plan is the year completion', () => {
    expectFields('全年计划投资1.8亿元，截至10月底已完成1.25亿元', { completedThisYear: 12500 });
  });

  it('with 本周 and 本月累计, 本周 is the period and 本月累计 fills nothing', () => {
    expectFields('本周完成投资85万元，本月累计完成投资310万元', { completedThisPeriod: 85, completedTotal: null, completedThisYear: null });
  });

  it('同比/环比/较上月/增长 figures fill no field', () => {
    expectFields('1-10月完成投资5 400万元，较上月增加600万元，同比增长12%', { completedThisYear: 5400, completedThisPeriod: null, progressPercent: null });
  });
});

describe('progress percent', () => {
  it.each([
    ['形象进度由上月的60%提升到68%', 68],
    ['总体进度从55%提高至61%', 61],
    ['形象进度约八成', 80],
    ['项目整体进度已过五成', 50],
  ])('%s → %d', (text, value) => expectFields(text, { progressPercent: value }));

  it.each(['年度投资完成率92%', '分项工程验收合格率100%', '累计完成投资占总投资的比重为40%'])('%s is not progress', (text) => {
    expect(parse(text).progressPercent).toBeNull();
  });
});

describe('stage', () => {
  it.each([
    ['首台机组已并网发电', '投产'],
    ['项目已正式投入运行', '投产'],
    ['示范带建设任务全部完工', '竣工'],
    ['停工两个月后于10月8日全面复工', '开工'],
    ['施工总承包单位已进场施工', '开工'],
  ])('%s → %s', (text, stage) => expect(parse(text).stage).toBe(stage));

  it.each(['2#仓库竣工，3#仓库主体施工', '综合楼主体完工', '尚未开工', '暂未并网', '力争年底前投产', '预计下月试生产'])('%s → null', (text) => {
    expect(parse(text).stage).toBeNull();
  });
});

describe('approvals', () => {
  it.each([
    ['环评尚未批复', [['环评', '办理中']]],
    ['水保方案已受理', [['水土保持', '办理中']]],
    ['节能报告正在编制', [['节能审查', '办理中']]],
    ['地块已挂牌', [['土地供应', '办理中']]],
    ['施工许可证已核发', [['施工许可', '已办结']]],
    ['图审已通过', [['施工图审查', '已办结']]],
    ['核准批复已取得', [['立项', '已办结']]],
    ['环评：已批复\n图审：办理中', [['环评', '已办结'], ['施工图审查', '办理中']]],
    ['稳评已通过，安评已完成，可研已批复，消防验收已通过', []],
  ])('%s', (text, expected) => {
    expect(parse(text).approvals.map((a) => [a.item, a.status])).toEqual(expected);
  });
});

describe('problems and sections', () => {
  it('a problem section ends at the next heading: plans are not problems', () => {
    expect(parse('一、进展：3#仓库封顶\n二、存在问题\n1. 供电线路未接入\n2. 排水方案未批复\n三、下步打算\n1. 申请供电报装').problems).toEqual(['供电线路未接入', '排水方案未批复']);
    expect(parse('【存在问题】消防通道被占用。\n【下周计划】完成屋面防水').problems).toEqual(['消防通道被占用']);
  });

  it('a problem section on a line ends where a report sentence starts again', () => {
    expect(pick(parse('存在问题：无。本月完成投资300万元'), ['completedThisPeriod', 'problems'])).toEqual({ completedThisPeriod: 300, problems: [] });
    expect(pick(parse('存在问题：资金未到位。累计完成投资1200万元'), ['completedTotal', 'problems'])).toEqual({ completedTotal: 1200, problems: ['资金未到位'] });
    expect(parse('10月完成投资1,200万元,形象进度75%,问题:暂无').problems).toEqual([]);
  });

  it('一是/二是 and (1)(2) split like numbered lists', () => {
    expect(parse('存在问题：一是用地指标不足；二是施工用电紧张。').problems).toHaveLength(2);
    expect(parse('需协调事项：(1)临时道路未贯通；(2)材料价格上涨。').problems).toHaveLength(2);
  });

  it('a closing 以上问题请…协调 adds none', () => {
    expect(parse('问题：1.管网迁改慢；2.拆迁未完成。以上问题请县住建局协调。').problems).toHaveLength(2);
  });

  it.each(['需协调事项：无', '存在问题：暂无', '暂无需要协调解决的问题', '前期征地问题已协调解决', '克服高温天气困难，本月完成投资300万元'])('%s → no problem', (text) => {
    expect(parse(text).problems).toEqual([]);
  });
});

describe('what is not a report', () => {
  it.each([
    '请问本月完成投资是填累计数吗？',
    '转发：全县1-10月重点项目累计完成投资62亿元',
    '【转】全力以赴，推动项目签约一批、开工一批、投产一批',
    '通知：明天上午9点召开项目推进会，请准时参加',
    '好的，收到，谢谢！',
  ])('%s', (text) => {
    const r = parse(text, BOUND);
    expect(r).toMatchObject({ isReport: false, project: BOUND, completedThisPeriod: null, completedThisYear: null, completedTotal: null, progressPercent: null, stage: null, approvals: [], problems: [] });
  });
});

describe('project', () => {
  it('a project named only inside a problem does not change the project', () => {
    expect(parse('本月完成投资200万元。存在问题：进场道路需穿越S218施工段。', '城东片区棚户区改造项目').project).toBe('城东片区棚户区改造项目');
  });

  it.each([
    ['商贸物流圆本月完成投资100万元', '桐川商贸物流园'],
    ['云谷数椐中心本月完成投资100万元', '桐川云谷数据中心'],
    ['218省道本月完成投资100万元', 'S218桐川至鹿鸣段改扩建工程'],
    ['职教中心二期本月完成投资100万元', '桐川县职业教育中心新校区建设项目'],
  ])('typos, reorderings and sub-parts: %s → %s', (text, project) => {
    expect(parse(text, null).project).toBe(project);
  });

  it('a one-character typo is read with less than full confidence', () => {
    expect(parse('商贸物流圆本月完成投资100万元', null).confidence.project).toBeLessThan(1);
  });

  it('a short form that fits several projects gives none, the candidates and a flag', () => {
    const r = parse('白鹤岭本月完成投资300万元', null);
    expect(r.project).toBeNull();
    expect(r.candidates.map((c) => c.name).sort()).toEqual(['白鹤岭50MW风电场', '白鹤岭抽水蓄能电站']);
    expect(r.readingFlags).toContain('ambiguous-project');
    expect(r.flags).toContain('projectAmbiguous');
  });

  it('a message reporting two projects is flagged and lists both', () => {
    const r = parse('物流园本月完成投资300万元；站前广场本月完成投资500万元', null);
    expect(r.readingFlags).toContain('multiple-projects');
    expect(r.candidates.map((c) => c.name).sort()).toEqual(['桐川商贸物流园', '桐川高铁站前广场及综合交通枢纽工程']);
    expect(asked(r)).toBe(true);
  });

  it('resolution does not depend on the registry size', () => {
    const big = new ProjectMatcher([...matcher.projects, ...Array.from({ length: 3000 }, (_, i) => ({ name: `第${i + 1}号标准化厂房建设项目`, aliases: [`${i + 1}号厂房`] }))]);
    expect(big.match('商贸物流圆本月完成投资100万元', null).project).toBe('桐川商贸物流园');
    expect(big.match('第1234号标准化厂房建设项目已开工', null).project).toBe('第1234号标准化厂房建设项目');
  });
});

describe('confidence', () => {
  it('a clean, fully labelled report is confident; an unsure one is not', () => {
    expect(parse('本月完成投资300万元，形象进度40%').confidence.overall).toBeGreaterThanOrEqual(CONFIRM_BELOW);
    expect(parse('本月完成投资300').confidence.overall).toBeLessThan(CONFIRM_BELOW);
    expect(parse('具体数据本月完成投资300万元', null).confidence.overall).toBeLessThan(CONFIRM_BELOW);
  });
});
