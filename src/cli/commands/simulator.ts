import { parseArgs } from 'node:util';
import { z } from 'zod';
import { untilStopped, type Command } from '../command.js';
import { startWecomSimulator, type SentRecord, type WecomSimulator } from '../../simulate/wecom/server.js';
import { COCKPIT_PREFIX } from '../../services/links.js';
import { systemClock } from '../../clock.js';

const optionsSchema = z.object({
  port: z.coerce.number({ message: '--port 应为端口号' }).int().min(0).max(65_535).default(9700),
  corp: z.string().min(1).default('wwsimulatedcorp'),
  secret: z.string().min(1).default('simulated-app-secret'),
  webhook: z
    .array(z.string().regex(/^[^=\s]+=[^=\s]+$/, '--webhook 应为 KEY=群chatid'))
    .default([])
    .transform((pairs) => pairs.map((p) => p.split('=') as [string, string])),
  user: z.string().min(1).optional(),
  bot: z.string().url('--bot 应为机器人的网址，如 http://127.0.0.1:3000').default('http://127.0.0.1:3000'),
});

/** One line a person reads: when, where to, how, and the message flattened. */
export function transcriptLine(r: SentRecord): string {
  const to = 'chat' in r.to ? `群 ${r.to.chat}` : `→ ${r.to.users.join('、')}`;
  return `${r.at.slice(5, 16).replace('T', ' ')}  ${to}  [${r.via}/${r.msgtype}]\n    ${r.text.replace(/\n/g, '\n    ')}\n`;
}

/** The line that opens the 驾驶舱 of the bot at `botUrl` signed in as `userid` (the simulated WeCom client's sign-in). */
export function signInLine(sim: Pick<WecomSimulator, 'signInUrl'>, userid: string, botUrl: string): string {
  return `以 ${userid} 身份打开驾驶舱 / sign in as ${userid}: ${sim.signInUrl(userid, `${botUrl.replace(/\/+$/, '')}${COCKPIT_PREFIX}/`)}`;
}

export const command: Command = {
  summary: '独立运行企业微信模拟器，在终端里看机器人发出的每条消息 / run the WeCom simulator standalone and watch the chat',
  usage: [
    'npm run -s cli -- simulator [--port 9700] [--webhook KEY=CHATID]...',
    '  then start the bot with the printed WECOM_API_BASE, WECOM_CORP_ID and WECOM_APP_SECRET;',
    '  each --webhook makes a group robot key post into that group. Ctrl-C stops it.',
    '  --user USERID [--bot http://127.0.0.1:3000]: also print a link that opens the 驾驶舱 signed in as that person',
    '  (start the bot with the printed WECOM_OAUTH_BASE, WECOM_SSO_BASE and a COCKPIT_SESSION_SECRET).',
  ].join('\n'),
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, corp: { type: 'string' }, secret: { type: 'string' }, webhook: { type: 'string', multiple: true }, user: { type: 'string' }, bot: { type: 'string' } } });
    const parsed = optionsSchema.safeParse(values);
    if (!parsed.success) {
      process.stderr.write(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${this.usage}\n`);
      return 2;
    }
    const o = parsed.data;
    const sim = await startWecomSimulator({ clock: systemClock, corpId: o.corp, secret: o.secret, port: o.port, host: '127.0.0.1', onRecord: (r) => process.stdout.write(transcriptLine(r)) });
    for (const [key, chat] of o.webhook) sim.bindWebhook(key, chat);
    process.stderr.write(
      [`企业微信模拟器已启动 / WeCom simulator listening on ${sim.url}`, `WECOM_API_BASE=${sim.url}`, `WECOM_CORP_ID=${o.corp}`, `WECOM_APP_SECRET=${o.secret}`, `WECOM_OAUTH_BASE=${sim.url}`, `WECOM_SSO_BASE=${sim.url}`, ...o.webhook.map(([k, c]) => `群机器人 ${k} → ${c}`), ...(o.user ? [signInLine(sim, o.user, o.bot)] : []), ''].join('\n'),
    );
    await untilStopped();
    await sim.close();
    return 0;
  },
};
