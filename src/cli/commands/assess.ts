import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { periodSchema as period } from '../../domain/period.js';
import { addAdjustment, isPublished, publishPeriod, setFlag } from '../../repo/assessments.js';
import { systemClock } from '../../clock.js';

const reason = z.string({ message: '需要 --reason "原因"' }).trim().min(2, '--reason 至少写两个字');
const by = z.string().trim().min(1).default(process.env.USER ?? 'admin');

const schemas = {
  adjust: z.object({ period, unit: z.string({ message: '需要 --unit' }).min(1), points: z.coerce.number({ message: '--points 应为数字' }).refine((n) => n !== 0 && Math.abs(n) <= 100, '--points 应在 -100 到 100 之间且不为 0'), reason, by }),
  flag: z.object({ period, unit: z.string({ message: '需要 --unit' }).min(1), flag: z.enum(['top', 'veto'], { message: '--flag 应为 top（一票评优）或 veto（一票否优）' }), reason, by }),
  publish: z.object({ period, by }),
};

/** `--points -2` is what people type; parseArgs would take -2 for an option. */
function negativePoints(argv: string[]): string[] {
  return argv.flatMap((a, i) => (a === '--points' && /^-\d/.test(argv[i + 1] ?? '') ? [] : i > 0 && argv[i - 1] === '--points' && /^-\d/.test(a) ? [`--points=${a}`] : [a]));
}

export const command: Command = {
  summary: '考核评比：加减分、一票评优/否优、发布 / assessment adjustments, one-vote flags, publication',
  usage: [
    'npm run -s cli -- assess adjust --period 2026-Q3 --unit 城关镇 --points -2 --reason "督查发现台账不实" [--by 账号]',
    'npm run -s cli -- assess flag --period 2026 --unit 城关镇 --flag top|veto --reason "..." [--by 账号]',
    'npm run -s cli -- assess publish --period 2026-10 [--by 账号]   (发布后冻结，之后的更正只在下一期注明)',
    '  看得分：npm run -s cli -- report assess --period 2026-10 [--unit 城关镇]',
  ].join('\n'),
  async run(argv) {
    const { positionals, values } = parseArgs({
      args: negativePoints(argv),
      allowPositionals: true,
      options: { period: { type: 'string' }, unit: { type: 'string' }, points: { type: 'string' }, flag: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' } },
    });
    const action = positionals[0] as keyof typeof schemas | undefined;
    const schema = action ? schemas[action] : undefined;
    if (!schema) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      process.stderr.write(`${parsed.error.issues.map((i) => i.message).join('\n')}\n`);
      return 2;
    }
    const o = parsed.data as z.infer<(typeof schemas)['adjust']> & z.infer<(typeof schemas)['flag']>;
    const at = systemClock.now();
    return withStore(async ({ rules, store }) => {
      if (action !== 'publish' && (await isPublished(store.db, o.period.key))) {
        process.stderr.write(`${o.period.label}已发布，不能再调整；如需更正请在下一期说明。\n`);
        return 1;
      }
      if (action === 'adjust') await addAdjustment(store.db, o.period.key, { unit: o.unit, points: o.points, reason: o.reason, by: o.by, at });
      if (action === 'flag') await setFlag(store.db, o.period.key, { unit: o.unit, flag: o.flag, reason: o.reason, by: o.by, at });
      if (action === 'publish') await publishPeriod(store.db, o.period, rules(), o.by, at);
      process.stderr.write(`已记录 / done: ${action} ${o.period.label}${o.unit ? ` ${o.unit}` : ''}（审计：${o.by}）\n`);
      return 0;
    });
  },
};
