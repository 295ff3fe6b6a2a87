import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { untilStopped, type Command } from '../command.js';
import { createLogger } from '../../log.js';
import { openStore } from '../../db/index.js';
import { setupSchema } from '../../domain/setup.js';
import { parseTimeline } from '../../simulate/timeline.js';
import { runTimeline } from '../../simulate/runner.js';
import { startSimulatedCounty } from '../../simulate/harness.js';
import { signInLine } from './simulator.js';

export const command: Command = {
  summary: '脚本化模拟 / run the whole bot over a scripted timeline against the WeCom simulator',
  usage: 'npm run -s cli -- simulate --setup SETUP.json [--transport callback|longconn] [--user USERID]... < events.jsonl > sent.jsonl\n  --user: afterwards print a link that opens the 驾驶舱 signed in as that person, and keep serving until Ctrl-C',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { setup: { type: 'string' }, transport: { type: 'string', default: 'callback' }, user: { type: 'string', multiple: true } } });
    if (!values.setup) {
      process.stderr.write(`缺少 --setup / missing --setup SETUP.json\n${this.usage}\n`);
      return 2;
    }
    const transport = values.transport;
    if (transport !== 'callback' && transport !== 'longconn') {
      process.stderr.write(`--transport 应为 callback 或 longconn / must be callback or longconn: ${transport}\n`);
      return 2;
    }
    const setup = setupSchema.safeParse(JSON.parse(fs.readFileSync(values.setup, 'utf8')));
    if (!setup.success) {
      const issue = setup.error.issues[0]!;
      process.stderr.write(`SETUP 有误 / invalid setup: ${issue.path.join('.')} — ${issue.message}\n`);
      return 1;
    }
    const lines = parseTimeline(fs.readFileSync(0, 'utf8'));
    for (const bad of lines.filter((l) => !l.ok)) process.stderr.write(`events.jsonl 第 ${bad.line} 行已跳过 / line ${bad.line} skipped: ${bad.error}\n`);
    const events = lines.flatMap((l) => (l.ok ? [l.event] : []));
    if (events.length === 0) {
      process.stderr.write('没有事件 / no events\n');
      return 0;
    }
    const log = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
    const uri = process.env.MONGODB_URI?.trim() || 'memory://';
    const store = await openStore({ uri, dbName: process.env.MONGO_DB_NAME ?? `simulate_${Date.now()}`, dataDir: './data/mongo' }, log);
    const county = await startSimulatedCounty({ setup: setup.data, store, log, start: new Date(events[0]!.at.getTime() - 60_000), transport });
    try {
      await runTimeline(county, events);
      for (const { raw: _raw, ...record } of county.wecom.records) process.stdout.write(JSON.stringify(record) + '\n');
      const users = values.user ?? [];
      if (users.length > 0) {
        // The county as the timeline left it, to look at in the browser: the links work while it runs.
        process.stderr.write([...users.map((u) => signInLine(county.wecom, u, county.app.url)), '按 Ctrl-C 结束 / Ctrl-C to stop', ''].join('\n'));
        await untilStopped();
      }
    } finally {
      await county.close();
      await store.close();
    }
    return 0;
  },
};
