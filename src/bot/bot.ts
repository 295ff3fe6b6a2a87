import type { InboundEvent } from '../wecom/event.js';
import { CommandTable, routeEvent } from './router.js';
import { createContext, type BotDeps, type CommandHandler, type Handlers } from './context.js';
import { unknownCommand } from '../../cards/help.js';
import { commandRefused, unknownPerson } from '../../cards/access.js';

export interface Bot {
  /** Handles one inbound event: at most one reply, plus any notifications the change causes. */
  receive(event: InboundEvent): Promise<void>;
}

/** The router over the handlers: commands by name, "确认" and card buttons to confirm, other text to the report handler. */
export function createBot(deps: BotDeps, handlers: Handlers): Bot {
  const commands = new CommandTable<CommandHandler>();
  for (const h of handlers.commands) commands.register(h);
  return {
    async receive(event) {
      const route = routeEvent(event, deps.botName);
      if (route.kind === 'ignore') return;
      const [person, bound, standsInFor] = await Promise.all([
        deps.repos.projects.personById(event.userId),
        event.chatId ? deps.repos.projects.projectByChat(event.chatId) : null,
        deps.repos.leaves.standingInFor(event.userId, deps.clock.now()),
      ]);
      const ctx = createContext(deps, event, person, bound, standsInFor);
      deps.log.debug({ msgId: event.msgId, route: route.kind }, 'event routed');
      switch (route.kind) {
        case 'command': {
          const found = commands.lookup(route.name, route.args);
          if (!found) return ctx.reply(unknownCommand(route.name));
          const { access } = ctx;
          if (!access.uses(found.handler.command)) return ctx.reply(access.role === 'stranger' ? unknownPerson() : commandRefused(found.handler.command, access.role));
          return found.handler.handle(ctx, found.args);
        }
        case 'confirm':
          return handlers.confirm.handle(ctx, route.reportId);
        case 'text':
          return handlers.text.handle(ctx, route.text);
      }
    },
  };
}
