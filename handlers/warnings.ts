import type { CommandHandler } from '../src/bot/context.js';
import { WARNING_NAMES } from '../src/domain/warnings.js';
import { escapeUserText, lines, markdown, text } from '../cards/common.js';

const ORDER = { red: 0, yellow: 1, blue: 2 } as const;

export const handler: CommandHandler = {
  command: '预警',
  summary: '您负责范围内亮牌的项目及原因',
  example: '/预警',
  async handle(ctx) {
    const scope = (await ctx.deps.repos.projects.allProjects()).filter((p) => ctx.access.reads(p));
    const carded = [];
    const standings = await ctx.deps.standing.view(scope, ctx.now);
    for (const p of scope) {
      const s = standings.get(p.name)!;
      if (s.warning) carded.push({ name: p.name, card: s.warning, reasons: s.warningReasons });
    }
    if (carded.length === 0) return ctx.reply(text(scope.length === 0 ? '您名下没有项目。' : `您负责的 ${scope.length} 个项目目前均无预警。`));
    carded.sort((a, b) => ORDER[a.card] - ORDER[b.card]);
    return ctx.reply(markdown(lines(`**预警项目（${carded.length}）**`, ...carded.map((c) => `${WARNING_NAMES[c.card]} ${escapeUserText(c.name, 30)}：${c.reasons.join('；')}`))));
  },
};
