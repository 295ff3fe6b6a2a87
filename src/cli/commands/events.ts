import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { withStore } from '../with-store.js';
import { collections } from '../../db/collections.js';
import type { InboundEvent } from '../../wecom/event.js';
import dayjs from '../../time.js';

interface FailedEvent {
  msgId: string;
  event: InboundEvent;
  attempts?: number;
  error?: string;
  failedAt?: Date;
}

export const command: Command = {
  summary: '处理失败的收到消息（死信）/ inbound events whose handling failed (dead letters)',
  usage: 'npm run -s cli -- events --failed [--retry MSGID]   (--retry: 下次启动时再处理 / handled again at the next start)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { failed: { type: 'boolean' }, retry: { type: 'string' } } });
    if (!values.failed && values.retry === undefined) {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    return withStore(async ({ store }) => {
      const inbound = store.db.collection<FailedEvent & { status: string }>(collections.inbound);
      if (values.retry !== undefined) {
        const done = await inbound.updateOne({ msgId: values.retry, status: 'failed' }, { $set: { status: 'pending', attempts: 0 } });
        if (done.matchedCount === 0) {
          process.stderr.write(`没有 msgId 为 ${values.retry} 的失败消息 / no failed event with that msgId\n`);
          return 1;
        }
        process.stderr.write(`已改为待处理，机器人下次启动时处理 / pending again; handled at the next start: ${values.retry}\n`);
        return 0;
      }
      const failed = await inbound.find({ status: 'failed' }).sort({ receivedAt: 1 }).toArray();
      for (const f of failed) {
        const when = f.failedAt ? dayjs(f.failedAt).tz().format('YYYY-MM-DD HH:mm') : '';
        process.stdout.write(`${f.msgId}\t${when}\t${f.event.userId}\t${f.event.chatId ?? '私聊'}\t尝试 ${f.attempts ?? 0} 次\t${f.event.text.slice(0, 40)}\t${f.error ?? ''}\n`);
      }
      process.stderr.write(`失败 ${failed.length} 条 / ${failed.length} failed\n`);
      return 0;
    });
  },
};
