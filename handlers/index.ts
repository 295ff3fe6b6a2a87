import type { CommandHandler, Handlers } from '../src/bot/context.js';
import { handler as report } from './report.js';
import { handler as confirm } from './confirm.js';
import { helpHandler } from './help.js';
import { handler as progress } from './progress.js';
import { handler as problem } from './problem.js';
import { handler as resolve } from './resolve.js';
import { handler as problemsList } from './problems-list.js';
import { handler as approvals } from './approvals.js';
import { handler as bind } from './bind.js';
import { handler as unbind } from './unbind.js';
import { handler as correct } from './correct.js';
import { handler as warnings } from './warnings.js';
import { handler as ranking } from './ranking.js';
import { handler as assess } from './assess.js';
import { handler as digest } from './digest.js';
import { handler as pause } from './pause.js';
import { handler as resume } from './resume.js';
import { handler as leave } from './leave.js';

/** The handler registry: one file per command or message kind, collected here and nowhere else. */
export function handlers(): Handlers {
  const commands: CommandHandler[] = [progress, problem, resolve, problemsList, approvals, warnings, ranking, assess, digest, bind, unbind, correct, pause, resume, leave];
  const help = helpHandler(() => [report, ...commands, help]);
  return { commands: [...commands, help], text: report, confirm };
}
