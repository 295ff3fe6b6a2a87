import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from './support/store.js';
import { importSetup } from '../src/repo/registry.js';
import { addProblem, findProblem, resolveProblem } from '../src/repo/problems.js';
import { createOutbox, type Outbox } from '../src/wecom/outbox.js';
import { ManualClock } from '../src/clock.js';
import { silentLogger } from '../src/log.js';
import { defaultRules } from '../src/domain/rules.js';
import { standingService } from '../src/services/standing.js';
import { renderPlainText } from '../src/wecom/render.js';
import { problemEscalation } from '../jobs/escalation.js';
import type { JobContext } from '../jobs/context.js';
import type { Store } from '../src/db/index.js';

const at = (s: string) => new Date(`${s}T09:00:00+08:00`);
let store: Store;
let outbox: Outbox;
let ctx: JobContext;

beforeAll(async () => {
  store = await openTestStore();
  await importSetup(
    store.db,
    {
      projects: [{ name: '城南污水处理厂提标改造工程', aliases: [], liaisons: ['ll'], leader: 'li' }],
      people: [
        { userid: 'li', name: '李明', role: 'leader', title: '副县长' },
        { userid: 'wang', name: '王强', role: 'leader', title: '常务副县长' },
        // No 职务 given: the name is read instead.
        { userid: 'zhao', name: '赵县长', role: 'leader' },
        { userid: 'admin', name: '发改委', role: 'admin' },
      ],
      units: [],
    },
    'test',
    at('2026-09-01'),
  );
  outbox = createOutbox({ db: store.db, clock: new ManualClock(at('2026-10-08')), log: silentLogger, client: { send: () => Promise.reject(new Error('not sent here')) } });
  ctx = { db: store.db, log: silentLogger, outbox, rules: defaultRules, standing: standingService({ db: store.db, outbox, rules: defaultRules }) };
});
afterAll(async () => {
  await store.close();
});

const sent = async () => (await outbox.list()).map((e) => ({ key: e.key, to: e.target.kind === 'app' ? e.target.userIds : [], text: renderPlainText(e.body) }));

describe('problem escalation ladder', () => {
  it('notifies each new holder once as a problem stays open: 分管副县长 at 7 days, 常务副县长 at 15, 县长 at 30', async () => {
    const p = await addProblem(store.db, { sourceKey: 'm1#0', project: '城南污水处理厂提标改造工程', text: '管网迁改需交通局配合', reportedBy: 'll', chatId: null, openedAt: at('2026-10-08') });
    for (const day of ['2026-10-14', '2026-10-15', '2026-10-15', '2026-10-23', '2026-11-09', '2026-11-10']) await problemEscalation.run(ctx, at(day));
    const msgs = await sent();
    expect(msgs.map((m) => [m.key, m.to])).toEqual([
      [`escalate:${p._id}:1`, ['li', 'admin']],
      [`escalate:${p._id}:2`, ['wang', 'admin']],
      [`escalate:${p._id}:3`, ['zhao', 'admin']],
    ]);
    expect(msgs[1]!.text).toContain('提请常务副县长协调');
    expect(msgs[1]!.text).toContain('已 15 天未解决');
    expect((await findProblem(store.db, p.no))!.escalations.map((e) => e.level)).toEqual([1, 2, 3]);
  });

  it('stops once the problem is resolved', async () => {
    const p = await addProblem(store.db, { sourceKey: 'm2#0', project: '城南污水处理厂提标改造工程', text: '电力接入', reportedBy: 'll', chatId: null, openedAt: at('2026-10-08') });
    await resolveProblem(store.db, p, 'li', '已协调', at('2026-10-12'));
    await problemEscalation.run(ctx, at('2026-11-10'));
    expect((await sent()).filter((m) => m.key.includes(p._id))).toEqual([]);
  });
});
