import { z } from 'zod';
import { LIFECYCLE } from './lifecycle.js';
import { LAND_USES } from './approval-tier.js';
import { calendarEntrySchema } from './calendar.js';

const wan = z.number({ message: '应为数字（万元）' }).nonnegative('金额不能为负');
const date = z.iso.date({ message: '日期应为 YYYY-MM-DD' });

/** One project as SETUP.json and `import` give it (simulate.md); the 台账 has the same columns. */
export const projectInputSchema = z.object({
  name: z.string().trim().min(1, '项目名称不能为空'),
  aliases: z.array(z.string().trim().min(1)).default([]),
  level: z.enum(['省', '市', '县']).optional(),
  category: z.enum(['产业', '基础设施', '社会民生', '生态']).optional(),
  industry: z.string().optional(),
  township: z.string().optional(),
  totalInvestment: wan.optional(),
  yearPlan: wan.optional(),
  monthlyPlan: z.record(z.string().regex(/^(?:[1-9]|1[0-2])$/, '月份应为 1–12'), wan).optional(),
  plannedStart: date.optional(),
  plannedFinish: date.optional(),
  stage: z.enum(LIFECYCLE).optional(),
  chatId: z.string().min(1).nullable().optional(),
  webhookKey: z.string().min(1).nullable().optional(),
  leader: z.string().optional(),
  department: z.string().optional(),
  specialist: z.string().optional(),
  liaisons: z.array(z.string().min(1)).default([]),
  acres: z.number({ message: '应为数字（亩）' }).nonnegative('面积不能为负').optional(),
  landUse: z.enum(LAND_USES, { message: '供地类别应为 工业 或 服务业' }).optional(),
});

export const personSchema = z.object({
  userid: z.string().trim().min(1, 'userid 不能为空'),
  name: z.string().trim().min(1),
  role: z.enum(['leader', 'department', 'specialist', 'liaison', 'admin'], { message: '角色应为 leader/department/specialist/liaison/admin' }),
  department: z.string().optional(),
  /** 职务 as the county writes it (县长, 常务副县长, 副县长…): the problem ladder's upper rungs are found by it. */
  title: z.string().trim().min(1).optional(),
  /** `county`: sees the whole county whatever the role (a 发改委 head, a 督查 office). */
  scope: z.enum(['county'], { message: '范围只能填 county（全县）' }).optional(),
});

export const unitSchema = z.object({
  name: z.string().trim().min(1),
  kind: z.enum(['township', 'department']),
  yearTargets: z.record(z.string(), z.number().nonnegative()).default({}),
});

export const setupSchema = z
  .object({
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
