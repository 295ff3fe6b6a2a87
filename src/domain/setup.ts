import { z } from 'zod';
import { LIFECYCLE } from './lifecycle.js';
import { LAND_USES } from './approval-tier.js';
import { calendarEntrySchema } from './calendar.js';
import { moneyOnly } from '../parser/money.js';

/** zod's own messages in Chinese, for what a field's message does not say. */
export const inChinese = { error: z.locales.zhCN().localeError };

const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

/** 万元 as a number, or money as reports write it ("8600", "8600万元", "1.2亿元", "2.4亿"). */
const wan = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const bare = v.replace(/[,，\s]/g, '');
    return BARE_NUMBER.test(bare) ? Number(bare) : (moneyOnly(v) ?? v);
  },
  z.number({ message: '应为金额（万元），如 8600、8600万元、2.4亿' }).nonnegative('金额不能为负'),
);
const date = z.iso.date({ message: '日期应为 YYYY-MM-DD' });
const monthlyPlan = z.record(z.string().regex(/^(?:[1-9]|1[0-2])$/, '月份应为 1–12'), wan);
const PLAN_YEAR = '计划年度应为年份，如 2027';
const planYear = z.number({ message: PLAN_YEAR }).int(PLAN_YEAR).min(2000, PLAN_YEAR).max(2100, PLAN_YEAR);

/** One year's plan: the year's 万元 and, optionally, by month. */
const yearPlanSchema = z.object({ yearPlan: wan.optional(), monthlyPlan: monthlyPlan.optional() });

/** One project's fields as the registry keeps them (an export reads stored projects with it). */
export const projectFieldsSchema = z.object({
  name: z.string().trim().min(1, '项目名称不能为空'),
  aliases: z.array(z.string().trim().min(1)).default([]),
  level: z.enum(['省', '市', '县'], { message: '级别应为 省、市 或 县' }).optional(),
  category: z.enum(['产业', '基础设施', '社会民生', '生态'], { message: '类别应为 产业、基础设施、社会民生 或 生态' }).optional(),
  industry: z.string().optional(),
  township: z.string().optional(),
  totalInvestment: wan.optional(),
  /** The plan of `planYear` (the 台账's year; the import's year when not given). */
  yearPlan: wan.optional(),
  monthlyPlan: monthlyPlan.optional(),
  planYear: planYear.optional(),
  /** Plans by year ("2027"), beside or instead of the one year above. */
  plans: z.record(z.string().regex(/^\d{4}$/, '计划年份应为四位数字，如 "2027"'), yearPlanSchema).optional(),
  plannedStart: date.optional(),
  plannedFinish: date.optional(),
  stage: z.enum(LIFECYCLE, { message: `当前阶段应为 ${LIFECYCLE.join('、')} 之一` }).optional(),
  chatId: z.string().min(1).nullable().optional(),
  webhookKey: z.string().min(1).nullable().optional(),
  leader: z.string().optional(),
  department: z.string().optional(),
  specialist: z.string().optional(),
  liaisons: z.array(z.string().min(1)).default([]),
  acres: z.number({ message: '应为数字（亩）' }).nonnegative('面积不能为负').optional(),
  landUse: z.enum(LAND_USES, { message: '供地类别应为 工业 或 服务业' }).optional(),
});

const money = (n: number) => `${Math.round(n * 100) / 100} 万元`;

/**
 * What a 发改委 clerk checks in a row: plans within the investment, start before finish, months
 * adding up. A row with a bad cell is told about that cell, not about the sums it spoils.
 */
export const projectInputSchema = projectFieldsSchema.superRefine((p, ctx) => {
  const years: Array<[Array<string>, z.infer<typeof yearPlanSchema>]> = [
    [[], p],
    ...Object.entries(p.plans ?? {}).map(([year, plan]): [string[], z.infer<typeof yearPlanSchema>] => [['plans', year], plan]),
  ];
  for (const [at, plan] of years) {
    const label = at.length > 0 ? `${at[1]}年` : '';
    if (plan.yearPlan !== undefined && p.totalInvestment !== undefined && plan.yearPlan > p.totalInvestment) {
      ctx.addIssue({ code: 'custom', path: [...at, 'yearPlan'], message: `${label}年度计划投资 ${money(plan.yearPlan)}超过总投资 ${money(p.totalInvestment)}` });
    }
    const months = Object.values(plan.monthlyPlan ?? {});
    const sum = months.reduce((a, b) => a + b, 0);
    if (plan.yearPlan !== undefined && months.length > 0 && Math.abs(sum - plan.yearPlan) > 0.005) {
      ctx.addIssue({ code: 'custom', path: [...at, 'monthlyPlan'], message: `${label}各月计划合计 ${money(sum)}，与年度计划投资 ${money(plan.yearPlan)}不符` });
    }
  }
  if (p.plannedStart && p.plannedFinish && p.plannedStart > p.plannedFinish) {
    ctx.addIssue({ code: 'custom', path: ['plannedStart'], message: `计划开工日期 ${p.plannedStart} 晚于计划竣工日期 ${p.plannedFinish}` });
  }
}, { when: (payload) => payload.issues.length === 0 });

export const ROLE_LABELS = { leader: '县领导', department: '牵头部门', specialist: '服务专员', liaison: '联络员', admin: '管理员' } as const;
export const UNIT_KIND_LABELS = { township: '乡镇/开发区', department: '部门' } as const;

/** A value stored as a code that a person may also write as its Chinese label (县领导 → leader). */
function coded<const C extends Record<string, string>>(labels: C, field: string) {
  const codes = new Map<unknown, string>(Object.entries(labels).map(([code, label]) => [label, code]));
  const keys = Object.keys(labels) as [keyof C & string, ...Array<keyof C & string>];
  return z.preprocess((v) => codes.get(v) ?? v, z.enum(keys, { message: `${field}应为 ${Object.values(labels).join('、')} 之一` }));
}

export const personSchema = z.object({
  userid: z.string().trim().min(1, 'userid 不能为空'),
  name: z.string().trim().min(1),
  role: coded(ROLE_LABELS, '角色'),
  department: z.string().optional(),
  /** 职务 as the county writes it (县长, 常务副县长, 副县长…): the problem ladder's upper rungs are found by it. */
  title: z.string().trim().min(1).optional(),
  /** `county`: sees the whole county whatever the role (a 发改委 head, a 督查 office). */
  scope: z.enum(['county'], { message: '范围只能填 county（全县）' }).optional(),
});

export const unitSchema = z.object({
  name: z.string().trim().min(1),
  kind: coded(UNIT_KIND_LABELS, '类型'),
  yearTargets: z.record(z.string(), z.number().nonnegative()).default({}),
});

export const setupSchema = z
  .object({
    /** The 台账's plan year: a project's `yearPlan` is for it unless the row gives its own `planYear`. */
    year: planYear.optional(),
    projects: z.array(projectInputSchema),
    people: z.array(personSchema).default([]),
    units: z.array(unitSchema).default([]),
    /** The county's holidays and 调休 workdays (e.g. next year's, before the package has them). */
    calendar: z.array(calendarEntrySchema).optional(),
  })
  .superRefine((s, ctx) => {
    const seen = new Map<string, number>();
    s.projects.forEach((p, i) => {
      if (seen.has(p.name)) ctx.addIssue({ code: 'custom', path: ['projects', i, 'name'], message: `项目名称重复（与第 ${seen.get(p.name)! + 1} 个相同）` });
      seen.set(p.name, i);
    });
    const chats = new Map<string, string>();
    for (const p of s.projects) {
      if (!p.chatId) continue;
      if (chats.has(p.chatId)) ctx.addIssue({ code: 'custom', path: ['projects'], message: `群 ${p.chatId} 同时绑定了“${chats.get(p.chatId)}”和“${p.name}”` });
      chats.set(p.chatId, p.name);
    }
  });

export type Setup = z.infer<typeof setupSchema>;
export type ProjectInput = z.infer<typeof projectInputSchema>;
export type Person = z.infer<typeof personSchema>;
