import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { renderPlainText } from '../../wecom/render.js';
import type { OutboundMessage } from '../../messages/outbound.js';
import type { JobContext } from '../../../jobs/context.js';
import type { Rules } from '../../domain/rules.js';
import { dailyDigestMessages } from '../../../jobs/daily-digest.js';
import { weeklySummaryMessages } from '../../../jobs/weekly-summary.js';
import { monthlyBulletinMessages } from '../../../jobs/monthly-bulletin.js';
import { quarterlyReviewMessages } from '../../../jobs/quarterly-review.js';
import { systemClock } from '../../clock.js';
import { cockpitLinks } from '../../services/links.js';
import dayjs from '../../time.js';
import { periodSchema, previousPeriod } from '../../domain/period.js';
import { assessment } from '../../repo/assessments.js';
import { assessmentMessages } from '../../bulletin/assessment.js';
import { breakdownMessage } from '../../../cards/assessment.js';

type Builder = (ctx: Pick<JobContext, 'db' | 'rules' | 'links'>, now: Date) => Promise<OutboundMessage[]>;

/** Each preview renders what its job would send at the job's time (the rules') on --date. */
const KINDS: Record<string, { builder: Builder; time: (rules: Rules) => string }> = {
  digest: { builder: dailyDigestMessages, time: (r) => r.digest.time },
  weekly: { builder: weeklySummaryMessages, time: (r) => r.jobTimes.weeklySummary },
  monthly: { builder: monthlyBulletinMessages, time: (r) => r.jobTimes.monthlyBulletin },
  quarterly: { builder: quarterlyReviewMessages, time: (r) => r.jobTimes.quarterlyReview },
};

const optionsSchema = z.object({
  kind: z.enum(['assess', ...Object.keys(KINDS)], { message: `应为 ${[...Object.keys(KINDS), 'assess'].join('|')}` }),
  date: z.iso.date({ message: '--date 应为 YYYY-MM-DD' }).optional(),
  period: periodSchema.optional(),
  unit: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
});

export const command: Command = {
  summary: '预览日报、周报、月通报、季分析、考核评比 / render a digest, bulletin or scorecard without sending',
  usage: [
    'npm run -s cli -- report digest|weekly|monthly|quarterly [--date YYYY-MM-DD] [--out DIR]',
    'npm run -s cli -- report assess --period 2026-10|2026-Q3|2026 [--unit 城关镇] [--out DIR]',
    '  --date    the day the job runs (default today): monthly on 2026-11-02 renders October',
    '  --period  the 考核 period: a published one as published, an open one computed now',
    '  --unit    one unit\'s breakdown with the facts behind each point',
    '  --out     write the attachments (.xlsx, .png) there; the text goes to stdout',
  ].join('\n'),
  async run(argv) {
    const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { date: { type: 'string' }, period: { type: 'string' }, unit: { type: 'string' }, out: { type: 'string' } } });
    const parsed = optionsSchema.safeParse({ kind: positionals[0], ...values });
    if (!parsed.success) {
      process.stderr.write(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${this.usage}\n`);
      return 2;
    }
    const { kind, date, period, unit, out } = parsed.data;
    if (kind === 'assess' && !period) {
      process.stderr.write(`report assess 需要 --period\n${this.usage}\n`);
      return 2;
    }
    const found = await withStore(async (env) => {
      const { store } = env;
      const rules = env.rules();
      if (kind !== 'assess') {
        const { builder, time } = KINDS[kind]!;
        // The preview carries the 查看详情 links the job would send with this PUBLIC_BASE_URL.
        return builder({ db: store.db, rules, links: cockpitLinks(env.config.cockpit.publicBaseUrl) }, date ? dayjs.tz(`${date} ${time(rules)}`).toDate() : systemClock.now());
      }
      const a = await assessment(store.db, period!, previousPeriod(period!), rules, systemClock.now());
      if (!unit) return assessmentMessages(a, { kind: 'app', userIds: ['预览'] }, 'report');
      const score = a.card.units.find((u) => u.unit === unit);
      if (!score) return `没有考核单位“${unit}”；有：${a.card.units.map((u) => u.unit).join('、')}`;
      return [{ key: `assess:${period!.key}:${unit}`, target: { kind: 'app', userIds: ['预览'] }, body: breakdownMessage(a, score) } satisfies OutboundMessage];
    });
    if (typeof found === 'string') {
      process.stderr.write(`${found}\n`);
      return 1;
    }
    const messages = found;
    if (messages.length === 0) process.stderr.write('没有要发送的内容（无接收人或无负责项目）\n');
    for (const m of messages) {
      const to = m.target.kind === 'app' ? m.target.userIds.join('、') : m.target.chatId;
      process.stdout.write(`── 发给 ${to} ──\n`);
      if (m.body.msgtype === 'file' || m.body.msgtype === 'image') {
        const name = m.body.msgtype === 'file' ? m.body.fileName : `${m.key.replace(/[^\w.-]+/g, '-')}.png`;
        if (out) {
          fs.mkdirSync(out, { recursive: true });
          fs.writeFileSync(path.join(out, name), Buffer.from(m.body.contentBase64, 'base64'));
          process.stdout.write(`[附件] ${path.join(out, name)}\n\n`);
        } else process.stdout.write(`[附件] ${name}（加 --out DIR 保存）\n\n`);
        continue;
      }
      process.stdout.write(`${renderPlainText(m.body)}\n\n`);
    }
    return 0;
  },
};
