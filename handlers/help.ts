import type { CommandHandler } from '../src/bot/context.js';
import { helpCard } from '../cards/help.js';
import * as report from './report.js';

/** /帮助 lists every command; the table is given at start-up (it includes this one). */
export function helpHandler(all: () => CommandHandler[]): CommandHandler {
  return {
    command: '帮助',
    summary: '查看全部命令',
    example: '/帮助',
    async handle(ctx) {
      await ctx.reply(helpCard([{ summary: report.summary, example: report.example }, ...all()]));
    },
  };
}
