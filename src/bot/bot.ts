import type { InboundEvent } from '../wecom/event.js';
import { CommandTable, routeEvent } from './router.js';
import { personById, projectByChat } from '../repo/projects.js';
import { createContext, type BotDeps, type CommandHandler } from './context.js';
import { unknownCommand } from '../../cards/help.js';
import { handleReport } from '../../handlers/report.js';
import { handleConfirm } from '../../handlers/confirm.js';
import { helpHandler } from '../../handlers/help.js';
import { handler as progress } from '../../handlers/progress.js';
import { handler as problem } from '../../handlers/problem.js';
import { handler as resolve } from '../../handlers/resolve.js';
import { handler as problemsList } from '../../handlers/problems-list.js';
import { handler as approvals } from '../../handlers/approvals.js';
import { handler as bind } from '../../handlers/bind.js';
import { handler as unbind } from '../../handlers/unbind.js';
import { handler as correct } from '../../handlers/correct.js';
import { handler as warnings } from '../../handlers/warnings.js';
import { handler as ranking } from '../../handlers/ranking.js';
import { handler as assess } from '../../handlers/assess.js';
import { handler as digest } from '../../handlers/digest.js';

/** The command table: one handler per file in handlers/. */
export function commandTable(): CommandTable<CommandHandler> {
  const table = new CommandTable<CommandHandler>();
  for (const h of [progress, problem, resolve, problemsList, approvals, warnings, ranking, assess, digest, bind, unbind, correct]) table.register(h);
  table.register(helpHandler(() => table.all()));
  return table;
}

/** Turns one inbound event into at most one reply (plus any notifications the change causes). */
export function createBot(deps: BotDeps, commands: CommandTable<CommandHandler>) {
  return async function handle(event: InboundEvent): Promise<void> {
    const route = routeEvent(event, deps.botName);
    if (route.kind === 'ignore') return;
    const [person, bound] = await Promise.all([personById(deps.db, event.userId), event.chatId ? projectByChat(deps.db, event.chatId) : null]);
    const ctx = createContext(deps, event, person, bound);
    deps.log.debug({ msgId: event.msgId, route: route.kind }, 'event routed');
    switch (route.kind) {
      case 'command': {
        const found = commands.lookup(route.name, route.args);
        if (!found) return ctx.reply(unknownCommand(route.name));
        return found.handler.handle(ctx, found.args);
      }
      case 'confirm':
        return handleConfirm(ctx, route.reportId);
      case 'text':
        return handleReport(ctx, route.text);
    }
  };
}
