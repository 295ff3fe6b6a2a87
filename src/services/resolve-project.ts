import type { OutboundBody } from '../messages/outbound.js';
import type { BotContext } from '../bot/context.js';
import type { ProjectDoc } from '../domain/records.js';
import { escapeUserText, lines, text } from '../../cards/common.js';
import { projectRefused } from '../../cards/access.js';

export type Resolved = { project: ProjectDoc } | { answer: OutboundBody };

/** The project a command names and the sender may read (full name, alias, short or slightly wrong form), else the group's own. */
export async function resolveProject(ctx: BotContext, name: string): Promise<Resolved | null> {
  const readable = (project: ProjectDoc): Resolved => (ctx.access.reads(project) || ctx.access.reports(project) ? { project } : { answer: projectRefused(project.name) });
  if (name.trim() === '') return ctx.bound ? readable(ctx.bound) : null;
  const match = (await ctx.deps.matchers.get()).match(name, null);
  if (match.project) {
    const project = await ctx.deps.repos.projects.projectByName(match.project);
    if (project) return readable(project);
  }
  if (match.candidates.length > 0) {
    return { answer: text(lines(`“${escapeUserText(name, 30)}”可能是以下项目，请写完整名称：`, ...match.candidates.map((c, i) => `${i + 1}. ${c.name}`))) };
  }
  return { answer: text(`没有找到项目“${escapeUserText(name, 30)}”。发送 /进度 查看您负责的项目。`) };
}

/** A command about one project: in a bound group its project and all of `args`; elsewhere the project named first, and the rest. */
export async function commandProject(ctx: BotContext, args: string): Promise<{ project: ProjectDoc; rest: string } | { answer: OutboundBody } | null> {
  const content = args.trim();
  if (ctx.bound) return { project: ctx.bound, rest: content };
  const [name = '', ...rest] = content.split(/\s+/);
  const resolved = await resolveProject(ctx, name);
  if (!resolved || 'answer' in resolved) return resolved;
  return { project: resolved.project, rest: rest.join(' ') };
}
