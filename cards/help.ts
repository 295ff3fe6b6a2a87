import type { OutboundBody } from '../src/messages/outbound.js';
import { escapeUserText, markdown, text } from './common.js';

export interface HelpEntry {
  command?: string;
  summary: string;
  example: string;
}

/** /帮助: one entry per registered handler (free-text kinds, then commands), each with one example. */
export function helpCard(entries: HelpEntry[]): OutboundBody {
  const commands = entries.filter((e) => e.command);
  const messages = entries.filter((e) => !e.command);
  const sections = [
    '**项目调度助手 · 使用说明**',
    messages.map((e) => `${e.summary}\n例：${e.example}`).join('\n'),
    commands.map((e) => `**/${e.command}** ${e.summary}\n例：${e.example}`).join('\n'),
    '命令的斜杠也可用全角“／”。',
  ];
  return markdown(sections.filter(Boolean).join('\n\n'));
}

export function unknownCommand(name: string): OutboundBody {
  return text(`没有“/${escapeUserText(name, 20)}”这个命令，发送 /帮助 查看全部命令。`);
}

/** Text addressed to the bot that is neither a report nor a command: what it understood, and what to do. */
export function notAReport(): OutboundBody {
  return text('这条消息没有记为进度（没有读到完成投资、形象进度或项目阶段）。报进度请直接写，如“本月完成投资300万元，形象进度65%”；更正用 /更正，查看用 /进度，全部命令见 /帮助。');
}
