import type { CellValue } from 'exceljs';
import type { z } from 'zod';
import { personSchema, projectInputSchema, unitSchema, ROLE_LABELS, UNIT_KIND_LABELS } from '../domain/setup.js';
import { LIFECYCLE } from '../domain/lifecycle.js';
import { LAND_USES } from '../domain/approval-tier.js';
import { date, list, money, number, text, type Coerced } from './cells.js';

/** One column of a 台账 sheet: its Chinese header, where its value goes, and how a cell reads and writes. */
export interface Column {
  header: string;
  /** Dotted path in the row object ("monthlyPlan.3"). */
  path: string;
  read(cell: CellValue): Coerced<unknown>;
  write(value: unknown): CellValue;
  choices?: readonly string[];
  width: number;
  required?: boolean;
}

export interface SheetSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  /** The column that names a row in messages and makes re-imports update, not duplicate. */
  key: string;
  columns: Column[];
  schema: S;
  /** What to put under the headers in the template, so a person sees the expected form. */
  example: Record<string, unknown>;
}

const asIs = (v: unknown): CellValue => (v === undefined || v === null ? null : (v as CellValue));

function textCol(header: string, path: string, width = 14, extra: Partial<Column> = {}): Column {
  return { header, path, read: text, write: asIs, width, ...extra };
}
function numberCol(header: string, path: string, width = 14): Column {
  return { header, path, read: number, write: asIs, width };
}
/** Money is read by the registry's schema, so a cell may say it as a report would ("2.4亿"). */
function moneyCol(header: string, path: string, width = 14): Column {
  return { header, path, read: money, write: asIs, width };
}
function dateCol(header: string, path: string): Column {
  return { header, path, read: date, write: asIs, width: 14 };
}
function listCol(header: string, path: string, width = 20): Column {
  return { header, path, read: list, write: (v) => (Array.isArray(v) && v.length > 0 ? v.join('、') : null), width };
}
function choiceCol(header: string, path: string, choices: readonly string[], width = 10): Column {
  return { header, path, read: text, write: asIs, choices, width };
}

/** A column whose cells say a value in Chinese that is stored as a code (角色 县领导 ↔ leader); the schema reads the label. */
function codedCol(header: string, path: string, codes: Record<string, string>, width = 12): Column {
  return { header, path, width, choices: Object.values(codes), read: text, write: (v) => (typeof v === 'string' ? (codes[v] ?? v) : null) };
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

export const projectSheet: SheetSpec<typeof projectInputSchema> = {
  name: '项目台账',
  key: 'name',
  schema: projectInputSchema,
  columns: [
    textCol('项目名称', 'name', 30, { required: true }),
    listCol('别名', 'aliases'),
    choiceCol('级别', 'level', ['省', '市', '县'], 8),
    choiceCol('类别', 'category', ['产业', '基础设施', '社会民生', '生态']),
    textCol('行业', 'industry'),
    textCol('属地（乡镇/开发区）', 'township'),
    moneyCol('总投资（万元）', 'totalInvestment'),
    numberCol('计划年度', 'planYear', 10),
    moneyCol('年度计划投资（万元）', 'yearPlan', 16),
    ...MONTHS.map((m) => moneyCol(`${m}月计划（万元）`, `monthlyPlan.${m}`, 12)),
    dateCol('计划开工日期', 'plannedStart'),
    dateCol('计划竣工日期', 'plannedFinish'),
    choiceCol('当前阶段', 'stage', LIFECYCLE),
    numberCol('供地面积（亩）', 'acres', 12),
    choiceCol('供地类别', 'landUse', LAND_USES),
    textCol('包保县领导（账号）', 'leader', 16),
    textCol('牵头部门', 'department'),
    textCol('服务专员（账号）', 'specialist', 16),
    listCol('联络员（账号）', 'liaisons'),
    textCol('工作群 chatid', 'chatId', 22),
    textCol('群机器人 key', 'webhookKey', 22),
  ],
  example: {
    name: '青山经开区智能快递装备产业园',
    aliases: ['快递装备产业园'],
    level: '市',
    category: '产业',
    industry: '快递智能装备',
    township: '青山经开区',
    totalInvestment: 120000,
    planYear: 2026,
    yearPlan: 36000,
    plannedStart: '2026-03-01',
    plannedFinish: '2027-12-31',
    stage: '在建',
    acres: 150,
    landUse: '工业',
    leader: 'zhangfxz',
    department: '县经信局',
    specialist: 'lizy',
    liaisons: ['wanglly'],
  },
};

export const peopleSheet: SheetSpec<typeof personSchema> = {
  name: '人员',
  key: 'userid',
  schema: personSchema,
  columns: [
    textCol('企业微信账号', 'userid', 18, { required: true }),
    textCol('姓名', 'name', 10, { required: true }),
    codedCol('角色', 'role', ROLE_LABELS),
    textCol('所属部门', 'department', 16),
    textCol('职务', 'title', 14),
  ],
  example: { userid: 'zhangfxz', name: '张三', role: 'leader', department: '县政府', title: '副县长' },
};

export const unitSheet: SheetSpec<typeof unitSchema> = {
  name: '单位目标',
  key: 'name',
  schema: unitSchema,
  columns: [
    textCol('单位名称', 'name', 18, { required: true }),
    codedCol('类型', 'kind', UNIT_KIND_LABELS),
    numberCol('年度投资目标（万元）', 'yearTargets.investment', 18),
    ...(['签约', '落地', '开工', '投产', '达效'] as const).map((s) => numberCol(`${s}目标（个）`, `yearTargets.${s}`, 12)),
    numberCol('大项目目标（个）', 'yearTargets.bigProjects', 14),
  ],
  example: { name: '城关镇', kind: 'township', yearTargets: { investment: 50000, 签约: 3, 落地: 2, 开工: 2, 投产: 1, 达效: 1, bigProjects: 1 } },
};

export const SHEETS = [projectSheet, peopleSheet, unitSheet] as const;

/** Columns the export adds after the registry's own: figures the bot keeps, read-only for import. */
export const FIGURE_HEADERS = ['年度累计完成（万元）', '投资完成率', '序时进度', '落后（百分点）', '预警牌', '预警原因', '未解决问题', '审批层级', '最近上报'] as const;
