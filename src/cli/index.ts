import { ConfigError } from '../config.js';
import type { Command } from './command.js';

/** Commands load lazily so `parse` does not pay for the server's imports. */
const commands: Record<string, () => Promise<{ command: Command }>> = {
  assess: () => import('./commands/assess.js'),
  calendar: () => import('./commands/calendar.js'),
  events: () => import('./commands/events.js'),
  backup: () => import('./commands/backup.js'),
  export: () => import('./commands/export.js'),
  import: () => import('./commands/import.js'),
  outbox: () => import('./commands/outbox.js'),
  parse: () => import('./commands/parse.js'),
  report: () => import('./commands/report.js'),
  simulate: () => import('./commands/simulate.js'),
  simulator: () => import('./commands/simulator.js'),
  restore: () => import('./commands/restore.js'),
  template: () => import('./commands/template.js'),
};

function help(): string {
  const rows = Object.keys(commands).sort();
  return [
    '用法 / usage: npm run -s cli -- <command> [options]',
    '',
    ...rows.map((name) => `  ${name}`),
    '',
    '每个命令都有 --help / every command takes --help',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stderr.write(help() + '\n');
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`未知命令 / unknown command: ${name}\n\n${help()}\n`);
    return 2;
  }
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stderr.write(`${command.summary}\n\n${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof ConfigError ? err.message : `错误 / error: ${(err as Error)?.message ?? String(err)}`;
    process.stderr.write(message + '\n');
    process.exitCode = 1;
  },
);
