import { findAmounts, type AmountSlot } from './amounts.js';
import { findApprovals, type ApprovalItem, type ApprovalStatus } from './approvals.js';
import { findPercents } from './money.js';
import { maskRanges, normaliseWidth, type Range } from './normalise.js';
import { findProblems } from './problems.js';
import { findProgressPercent } from './progress.js';
import { ProjectMatcher, type Candidate } from './projects.js';
import { sectionRanges, segment, sentenceRanges } from './segment.js';
import { findStage, type ParsedStage } from './stage.js';
import { periodOfPeriodLabel, periodOfYearLabel, type FigurePeriod } from './periods.js';

export { ProjectMatcher, type ProjectRef, type Candidate } from './projects.js';
export { APPROVAL_ITEMS, type ApprovalItem, type ApprovalStatus } from './approvals.js';
export { PARSED_STAGES, type ParsedStage } from './stage.js';
export type { FigurePeriod } from './periods.js';

/** The periods the 本期 and 年度累计 figures cover, where the text names them. */
export interface FigurePeriods {
  completedThisPeriod: FigurePeriod | null;
  completedThisYear: FigurePeriod | null;
}

export type Span = [number, number];
export type ParsedField = 'project' | AmountSlot | 'progressPercent' | 'stage';

/** Contradictions and implausible figures: shown to the person, never silently fixed. */
export type SanityFlag =
  | 'yearExceedsTotal'
  | 'periodExceedsYear'
  | 'periodExceedsTotal'
  | 'completedExceedsInvestment'
  | 'implausibleAmount'
  | 'percentOver100'
  | 'unitMissing'
  | 'futureMonth'
  | 'projectAmbiguous'
  | 'projectUnknown';

/**
 * How uncertain the reading itself is. Kept apart from `SanityFlag` (whose every value the cards
 * explain); each one holds the report's confidence below `CONFIRM_BELOW`, so the bot asks.
 */
export type ReadingFlag =
  /** A completion written as a range ("500-600万元"): the lower bound was read. */
  | 'range'
  /** A completion written as negative or a decrease ("-45万元", "减少60万元"): kept with its sign, to be confirmed. */
  | 'negative'
  /** The text could mean several projects: see `candidates`. */
  | 'ambiguous-project'
  /** The text names two or more projects: see `candidates`; `project` is the bound or first named one. */
  | 'multiple-projects';

export interface ParsedReport {
  project: string | null;
  completedThisPeriod: number | null;
  completedThisYear: number | null;
  completedTotal: number | null;
  totalInvestment: number | null;
  progressPercent: number | null;
  stage: ParsedStage | null;
  approvals: Array<{ item: ApprovalItem; status: ApprovalStatus }>;
  periods: FigurePeriods;
  problems: string[];
  /** True when the text carries anything a progress report can hold; "收到" is not a report. */
  isReport: boolean;
  /** 0..1 per field read; the lowest is the report's confidence. */
  confidence: Partial<Record<ParsedField, number>> & { overall: number };
  /** Where in the text each value was read (UTF-16 offsets, end exclusive). */
  spans: Partial<Record<ParsedField, Span>> & { approvals: Span[]; problems: Span[] };
  flags: SanityFlag[];
  readingFlags: ReadingFlag[];
  candidates: Candidate[];
}

export interface ParseInput {
  text: string;
  boundProject: string | null;
  /** The day the message was written (Asia/Shanghai), YYYY-MM-DD. */
  date: string;
}

/** Completion larger than this many times the project's total investment is implausible. */
const IMPLAUSIBLE_FACTOR = 10;
/** 100 亿元: no county project reports a single figure above this. */
const ABSURD_WAN = 1_000_000;
const CONFIDENCE_LABELLED = 0.95;
const CONFIDENCE_NO_UNIT = 0.6;
const CONFIDENCE_INHERITED = 0.8;
/** Below this the bot asks the person to confirm before the report counts. */
export const CONFIRM_BELOW = 0.8;
const CONFIDENCE_FLAGGED = 0.5;

const NO_PROJECTS = new ProjectMatcher([]);

/** What a text says with no registry to match: figures, stage, approvals and problems of a text whose project is known. */
export function readText(text: string, date: string): ParsedReport {
  return parseReport({ text, boundProject: null, date }, NO_PROJECTS);
}

/**
 * One message to one report. The text is segmented first (sections, sentences and their kinds);
 * each reader then sees only what may hold its field, the rest blanked out in place so spans stay
 * offsets into the original text: figures and stage come from facts, not from plans, problems,
 * questions or forwarded notices; the project is not read from a problem.
 */
export function parseReport(input: ParseInput, matcher: ProjectMatcher): ParsedReport {
  const text = normaliseWidth(input.text);
  const seg = segment(text);
  const unread = sentenceRanges(seg, ['question', 'notice'], text.length);
  const plans = sectionRanges(seg, ['plan']);
  const problemSections = sectionRanges(seg, ['problem']);
  const problems = findProblems(text, seg, [...unread, ...plans]);
  const problemSentences: Range[] = problems.map((p) => [p.start, p.end]);

  const figuresText = maskRanges(text, [...unread, ...plans, ...problemSections]);
  const amounts = findAmounts(figuresText, seg.unit);
  const percent = findProgressPercent(figuresText, findPercents(figuresText));
  const approvals = findApprovals(maskRanges(text, [...unread, ...plans]));
  const project = matchProject(text, input.boundProject, matcher, [...unread, ...problemSections], problemSentences);
  const stage = findStage(maskRanges(figuresText, problemSentences), project.span);

  const report: ParsedReport = {
    project: project.project,
    completedThisPeriod: null,
    completedThisYear: null,
    completedTotal: null,
    totalInvestment: null,
    progressPercent: percent?.value ?? null,
    stage: stage?.stage ?? null,
    approvals: approvals.map(({ item, status }) => ({ item, status })),
    periods: { completedThisPeriod: null, completedThisYear: null },
    problems: problems.map((p) => p.text),
    isReport: false,
    confidence: { overall: 1 },
    spans: { approvals: approvals.map((a) => [a.start, a.end]), problems: problemSentences },
    flags: [],
    readingFlags: [...new Set(amounts.flags)],
    candidates: project.candidates,
  };
  report.isReport = amounts.hits.length > 0 || amounts.flags.length > 0 || percent !== null || stage !== null || approvals.length > 0 || problems.length > 0;
  // Not a report: the bot ignores it. (A forwarded notice or a question was blanked before the
  // project was read, so it keeps the group's project.)
  if (!report.isReport) return { ...report, confidence: { overall: 0 } };
  if (project.project !== null) {
    report.confidence.project = project.confidence;
    if (project.span) report.spans.project = project.span;
  }
  if (project.multiple) report.readingFlags.push('multiple-projects');
  else if (project.candidates.length > 0) report.readingFlags.push('ambiguous-project');
  const monthLabels: string[] = [];
  const weekly = amounts.hits.some((h) => h.slot === 'completedThisPeriod');
  for (const hit of amounts.hits) {
    // 本月累计 is the period only when no other period figure (本周) is given.
    const slot = hit.slot === 'monthToDate' ? (weekly ? null : 'completedThisPeriod') : hit.slot;
    if (slot === null || report[slot] !== null) continue;
    report[slot] = hit.figure.value;
    report.spans[slot] = [hit.figure.start, hit.figure.end];
    report.confidence[slot] = !hit.figure.unitWritten ? CONFIDENCE_NO_UNIT : hit.inherited ? CONFIDENCE_INHERITED : CONFIDENCE_LABELLED;
    if (!hit.figure.unitWritten) report.flags.push('unitMissing');
    if (slot === 'completedThisPeriod') {
      monthLabels.push(hit.label.text);
      report.periods.completedThisPeriod = periodOfPeriodLabel(hit.label.text, input.date);
    }
    if (slot === 'completedThisYear') report.periods.completedThisYear = periodOfYearLabel(hit.label.text, figuresText, input.date);
  }
  if (percent) {
    report.spans.progressPercent = [percent.start, percent.end];
    report.confidence.progressPercent = CONFIDENCE_LABELLED;
  }
  if (stage) {
    report.spans.stage = [stage.start, stage.end];
    report.confidence.stage = CONFIDENCE_LABELLED;
  }
  report.flags.push(...sanity(report, matcher, input.date, monthLabels));
  report.flags = [...new Set(report.flags)];
  const fieldConfidence = Object.entries(report.confidence).filter(([k]) => k !== 'overall').map(([, v]) => v);
  const flagged = report.flags.length > 0 || report.readingFlags.length > 0;
  report.confidence.overall = Math.min(1, ...fieldConfidence, flagged ? CONFIDENCE_FLAGGED : 1);
  return report;
}

/**
 * The project named outside problems, questions and notices. A name inside a problem sentence that
 * has no heading ("二实小征地卡在最后两户,需县里协调") counts only when nothing else names a project.
 */
function matchProject(text: string, bound: string | null, matcher: ProjectMatcher, unread: Range[], problemSentences: Range[]) {
  const outsideProblems = matcher.match(maskRanges(text, [...unread, ...problemSentences]), bound);
  if (outsideProblems.project !== null || outsideProblems.candidates.length > 0 || problemSentences.length === 0) return outsideProblems;
  return matcher.match(maskRanges(text, unread), bound);
}

function sanity(r: ParsedReport, matcher: ProjectMatcher, date: string, periodLabels: string[]): SanityFlag[] {
  const flags: SanityFlag[] = [];
  const gt = (a: number | null, b: number | null) => a !== null && b !== null && a > b;
  if (gt(r.completedThisYear, r.completedTotal)) flags.push('yearExceedsTotal');
  if (gt(r.completedThisPeriod, r.completedThisYear)) flags.push('periodExceedsYear');
  if (gt(r.completedThisPeriod, r.completedTotal)) flags.push('periodExceedsTotal');
  if (r.progressPercent !== null && r.progressPercent > 100) flags.push('percentOver100');
  const registered = r.project === null ? null : (matcher.byName(r.project)?.totalInvestment ?? null);
  const total = r.totalInvestment ?? registered;
  const amounts = [r.completedThisPeriod, r.completedThisYear, r.completedTotal].filter((v): v is number => v !== null);
  if (total !== null && total > 0 && amounts.some((a) => a > total * 1.05)) flags.push('completedExceedsInvestment');
  if ([...amounts, r.totalInvestment ?? 0].some((a) => a > ABSURD_WAN) || (registered && amounts.some((a) => a > registered * IMPLAUSIBLE_FACTOR))) {
    flags.push('implausibleAmount');
  }
  const month = Number(date.slice(5, 7));
  if (periodLabels.some((label) => monthOf(label) > month)) flags.push('futureMonth');
  if (r.isReport && r.project === null) flags.push(r.candidates.length > 0 ? 'projectAmbiguous' : 'projectUnknown');
  return flags;
}

const CN_MONTHS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };

function monthOf(label: string): number {
  const m = /^(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月/.exec(label);
  if (!m) return 0;
  return /\d/.test(m[1]!) ? Number(m[1]) : CN_MONTHS[m[1]!]!;
}
