import type { CommandHandler } from '../src/bot/context.js';
import { helpCard, type HelpEntry } from '../cards/help.js';

/** /帮助 lists every command; the entries are given at start-up (they include this one). */
export function helpHandler(entries: () => HelpEntry[]): CommandHandler {
  return {
    command: '帮助',
    summary: '查看全部命令',
    example: '/帮助',
    async handle(ctx) {
      await ctx.reply(helpCard(entries()));
    },
  };
}
