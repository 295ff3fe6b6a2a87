import type { CommandHandler } from '../src/bot/context.js';
import { recordLeaveFrom } from '../src/services/leave.js';

export const handler: CommandHandler = {
  command: '请假',
  summary: '请假并指定代报人（也可直接说“下周休假，由小李代报”）',
  example: '/请假 12月8日至12月12日 由李四代报',
  async handle(ctx, args) {
    return ctx.reply(await recordLeaveFrom(ctx, args));
  },
};
