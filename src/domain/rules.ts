import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'hh:mm');

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
      dueTime: hhmm.default('17:00'),
      /** The due day's reminder to groups that have not reported; must come before the due time. */
      reminderTime: hhmm.default('09:00'),
      /** The 催报 after the due time to groups still missing; must come after it. */
      lateReminderTime: hhmm.default('18:00'),
    })
    .prefault({})
    .refine((r) => r.reminderTime < r.dueTime, { message: 'reminderTime must be before dueTime', path: ['reminderTime'] })
    .refine((r) => r.lateReminderTime > r.dueTime, { message: 'lateReminderTime must be after dueTime', path: ['lateReminderTime'] }),
  /** When each daily job runs (hh:mm, Asia/Shanghai); the jobs that act only on a week's, month's or quarter's first working day run at this time on it. */
  jobTimes: z
    .object({
      cardEvaluation: hhmm.default('08:00'),
      problemEscalation: hhmm.default('09:00'),
      approvalOverdue: hhmm.default('09:15'),
      weeklySummary: hhmm.default('09:00'),
      assessment: hhmm.default('09:20'),
      monthlyBulletin: hhmm.default('09:30'),
      quarterlyReview: hhmm.default('09:45'),
    })
    .prefault({}),
  /** Who sees the whole county: leaders whose 职务 is listed here (besides the admin and people marked scope county). */
  access: z.object({ countyTitles: z.array(z.string().trim().min(1)).default(['县委书记', '县长', '常务副县长']) }).prefault({}),
  /** Scheduled pushes (reminders, warnings, digests, bulletins) reach people only in these hours; answers are never held. */
  quietHours: z
    .object({ from: hhmm.default('08:00'), until: hhmm.default('21:00') })
    .prefault({}),
  /** Outbound messages: a retryable failure is tried again, at most `retryCapMinutes` apart, for `giveUpAfterHours`; then the admins are told. */
  delivery: z
    .object({ giveUpAfterHours: z.number().positive().default(48), retryCapMinutes: z.number().positive().default(15) })
    .prefault({}),
  digest: z.object({ time: hhmm.default('08:30'), skipEmpty: z.boolean().default(false) }).prefault({}),
  /** At start, a job run missed while the bot was down (or one that died or failed) is made up only within `makeUpWithinHours` of its time, and before the job's next run. */
  jobRuns: z.object({ makeUpWithinHours: z.number().positive().default(12) }).prefault({}),
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
  /** Days operational records are kept once done: sent outbox entries and handled inbound events (TTL indexes). */
  retention: z.object({ days: z.number().int().positive().default(90) }).prefault({}),
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
