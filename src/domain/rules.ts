import { z } from 'zod';

/** Every threshold of the county's rules (domain.md); defaults are the spec's, a county overrides them in RULES_FILE. */
export const rulesSchema = z.object({
  cards: z
    .object({
      blueLagPoints: z.number().positive().default(5),
      yellowLagPoints: z.number().positive().default(10),
      redLagPoints: z.number().positive().default(20),
      blueMissedCycles: z.number().int().positive().default(1),
      yellowMissedCycles: z.number().int().positive().default(2),
      yellowProblemDays: z.number().int().positive().default(15),
      redProblemDays: z.number().int().positive().default(30),
    })
    .prefault({}),
  /** 牵头部门 → 分管副县长 → 常务副县长 → 县长, days unresolved before each step. */
  escalationDays: z.tuple([z.number().int().positive(), z.number().int().positive(), z.number().int().positive()]).default([7, 15, 30]),
  /** A reported amount above either bound is absurd: it waits for a correction or the admin, a plain 确认 does not count it. */
  figures: z
    .object({
      /** Times the project's total investment. */
      maxShareOfInvestment: z.number().positive().default(1),
      /** 万元; default 100 亿元. */
      maxWan: z.number().positive().default(1_000_000),
    })
    .prefault({}),
  approvalStuckDays: z.number().int().positive().default(30),
  reporting: z
    .object({
      /** 1 = Monday … 5 = Friday. */
      dueWeekday: z.number().int().min(1).max(5).default(5),
      dueTime: z.string().regex(/^\d{2}:\d{2}$/).default('17:00'),
      reminderTime: z.string().regex(/^\d{2}:\d{2}$/).default('09:00'),
    })
    .prefault({}),
  /** Who sees the whole county: leaders whose 职务 is listed here (besides the admin and people marked scope county). */
  access: z.object({ countyTitles: z.array(z.string().trim().min(1)).default(['县委书记', '县长', '常务副县长']) }).prefault({}),
  /** Scheduled pushes (reminders, warnings, digests, bulletins) reach people only in these hours; answers are never held. */
  quietHours: z
    .object({ from: z.string().regex(/^\d{2}:\d{2}$/).default('08:00'), until: z.string().regex(/^\d{2}:\d{2}$/).default('21:00') })
    .prefault({}),
  digest: z.object({ time: z.string().regex(/^\d{2}:\d{2}$/).default('08:30'), skipEmpty: z.boolean().default(false) }).prefault({}),
  /** 考核评比 (domain.md): points of each component; defaults are the spec's. */
  assessment: z
    .object({
      investmentPoints: z.number().nonnegative().default(40),
      batchesPoints: z.number().nonnegative().default(30),
      problemsPoints: z.number().nonnegative().default(10),
      problemDays: z.number().int().positive().default(15),
      reportsPoints: z.number().nonnegative().default(20),
      perMissedCycle: z.number().nonnegative().default(1),
      perRedCard: z.number().nonnegative().default(2),
      perYellowCard: z.number().nonnegative().default(1),
      /** 万元: a landed industrial project of at least this much earns the bonus beside it. */
      bigProjects: z
        .array(z.object({ minInvestment: z.number().positive(), points: z.number() }))
        .default([
          { minInvestment: 70_000, points: 3 },
          { minInvestment: 30_000, points: 1 },
        ]),
    })
    .prefault({}),
});

export type Rules = z.infer<typeof rulesSchema>;
export const defaultRules: Rules = rulesSchema.parse({});

/** Reads RULES_FILE (JSON, any subset of the rules); a bad file stops the start with the field named. */
export function loadRules(file: string | undefined, read: (f: string) => string): Rules {
  if (!file) return defaultRules;
  let json: unknown;
  try {
    json = JSON.parse(read(file));
  } catch (err) {
    throw new Error(`规则文件无法读取 / cannot read RULES_FILE ${file}: ${(err as Error).message}`);
  }
  const parsed = rulesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`规则文件有误 / invalid RULES_FILE ${file}: ${issue.path.join('.')} — ${issue.message}`);
  }
  return parsed.data;
}
