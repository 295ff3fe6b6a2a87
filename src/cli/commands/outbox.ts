import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { systemClock } from '../../clock.js';
import dayjs from '../../time.js';
import { WecomClient } from '../../wecom/client.js';
import { createOutbox, type OutboxEntry, type OutboxStatus } from '../../wecom/outbox.js';

const STATUS_NAMES: Record<OutboxStatus, string> = { pending: '待发送', sending: '发送中', sent: '已发送', failed: '失败' };
const STATUSES = Object.keys(STATUS_NAMES) as OutboxStatus[];

export const command: Command = {
  summary: '查看待发送/失败的消息, 或重新发送 / list outgoing messages, or re-queue a failed one',
  usage: 'npm run -s cli -- outbox [--status failed|pending|sending|sent] [--retry ID]   (默认列出失败的 / failed by default)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { status: { type: 'string' }, retry: { type: 'string' } } });
    const status = (values.status ?? 'failed') as OutboxStatus;
    if (!STATUSES.includes(status)) {
      process.stderr.write(`未知状态 / unknown status: ${values.status}\n${this.usage}\n`);
      return 2;
    }
    return withStore(async ({ store, config, log }) => {
      const client = new WecomClient({
        baseUrl: config.wecom.apiBase,
        corpId: config.wecom.corpId,
        agentId: config.wecom.agentId,
        secret: config.wecom.appSecret,
        clock: systemClock,
        log,
      });
      const outbox = createOutbox({ db: store.db, client, clock: systemClock, log });
      if (values.retry !== undefined) {
        if (!(await outbox.retry(values.retry))) {
          process.stderr.write(`没有编号为 ${values.retry} 的失败消息 / no failed message with that id or key\n`);
          return 1;
        }
        process.stderr.write(`已重新排队, 机器人运行时会发送 / re-queued; the running bot will send it: ${values.retry}\n`);
        return 0;
      }
      const entries = await outbox.list({ status });
      process.stdout.write(table(entries));
      process.stderr.write(`${STATUS_NAMES[status]}: ${entries.length} 条 / entries\n`);
      return 0;
    });
  },
};

function table(entries: OutboxEntry[]): string {
  const header = ['编号', '状态', '发往', '类型', '尝试', '时间', '说明'];
  const rows = entries.map((e) => [
    e._id.toHexString(),
    STATUS_NAMES[e.status],
    destination(e),
    e.parts > 1 ? `${e.body.msgtype} ${e.part}/${e.parts}` : e.body.msgtype,
    String(e.attempts),
    when(e),
    e.lastError ? clip(e.lastError.errcode === null ? e.lastError.message : `${e.lastError.errcode} ${e.lastError.errmsg ?? ''}`, 40) : '',
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...all.map((row) => displayWidth(row[col]!))));
  return all.map((row) => row.map((cell, col) => pad(cell, widths[col]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** Never the webhook key or the response_url: both are credentials. */
function destination(e: OutboxEntry): string {
  const t = e.target;
  if (t.kind === 'webhook') return `群 ${t.chatId}`;
  if (t.kind === 'chat') return `群 ${t.chatId}（长连接）`;
  if (t.kind === 'app') return `应用→${t.userIds.join(',')}`;
  return t.chatId === null ? `回复 ${t.userId}` : `回复 群 ${t.chatId}`;
}

function when(e: OutboxEntry): string {
  const at = e.status === 'sent' ? e.sentAt : e.status === 'failed' ? e.lastError?.at : e.nextAttemptAt;
  return at ? dayjs(at).tz().format('YYYY-MM-DD HH:mm:ss') : '';
}

const clip = (s: string, max: number) => ([...s].length > max ? [...s].slice(0, max - 1).join('') + '…' : s);

/** Terminal columns: CJK and full-width characters take two. */
const displayWidth = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
