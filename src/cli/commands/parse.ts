import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { ProjectMatcher, parseReport } from '../../parser/index.js';
import { parseLineSchema, projectsFileSchema } from '../../parser/cli-input.js';
import dayjs from '../../time.js';

export const command: Command = {
  summary: '解析进度消息 / parse progress messages: JSON Lines in, one JSON per line out',
  usage: 'npm run -s cli -- parse --projects FILE < messages.jsonl\n  each line: {"text": "...", "boundProject": "项目名"|null, "date": "YYYY-MM-DD"}',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { projects: { type: 'string' } } });
    if (!values.projects) {
      process.stderr.write(`缺少 --projects FILE / missing --projects FILE\n${this.usage}\n`);
      return 2;
    }
    let matcher: ProjectMatcher;
    try {
      const parsed = projectsFileSchema.safeParse(JSON.parse(fs.readFileSync(values.projects, 'utf8')));
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      matcher = new ProjectMatcher(parsed.data);
    } catch (err) {
      process.stderr.write(`无法读取项目文件 / cannot read projects file ${values.projects}: ${(err as Error).message}\n`);
      return 1;
    }
    const out: string[] = [];
    const flush = () => {
      if (out.length > 0) process.stdout.write(out.join(''));
      out.length = 0;
    };
    for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      out.push(JSON.stringify(parseLine(line, matcher)) + '\n');
      if (out.length >= 256) flush();
    }
    flush();
    return 0;
  },
};

function parseLine(line: string, matcher: ProjectMatcher): object {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { error: 'not valid JSON' };
  }
  const input = parseLineSchema.safeParse(json);
  if (!input.success) return { error: input.error.issues[0]!.message };
  const { text, boundProject, date } = input.data;
  return parseReport({ text, boundProject, date: date ?? dayjs().tz().format('YYYY-MM-DD') }, matcher);
}
