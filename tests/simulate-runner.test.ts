import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { advanceTo, runTimeline, type Harness } from '../src/simulate/runner.js';
import { parseTimeline, type TimelineEvent } from '../src/simulate/timeline.js';

function fakeHarness(pending: number[] = [], outboundAt: Date[] = []) {
  const calls: string[] = [];
  const settles: string[] = [];
  const clock = new ManualClock(new Date('2026-12-02T09:00:00+08:00'));
  const stamp = () => clock.now().toISOString().slice(5, 16);
  const h: Harness<null> = {
    clock,
    timezone: 'Asia/Shanghai',
    jobContext: null,
    runJob: (job, at) => job.run(null, at),
    jobs: [
      { name: 'digest', cron: '30 8 * * *', run: async (_ctx, now) => void calls.push(`digest ${now.toISOString().slice(5, 16)}`) },
      { name: 'remind', cron: '30 17 * * 5', run: async (_ctx, now) => void calls.push(`remind ${now.toISOString().slice(5, 16)}`) },
    ],
    sendGroup: async (chat, user, text) => void calls.push(`group ${chat} ${user} ${text} ${stamp()}`),
    sendPrivate: async (user, text) => void calls.push(`private ${user} ${text} ${stamp()}`),
    fault: (kind, count) => void calls.push(`fault ${kind} ${count}`),
    settle: async () => void settles.push(clock.now().toISOString().slice(11, 19)),
    pendingOutbound: async () => pending.shift() ?? 0,
    nextOutboundAt: async () => outboundAt.shift() ?? null,
  };
  return { h, calls, clock, settles };
}

const events = (jsonl: string) => parseTimeline(jsonl).map((l) => (l.ok ? l.event : undefined)).filter((e): e is TimelineEvent => !!e);

describe('runTimeline', () => {
  it('runs due jobs at their own times between events, in order', async () => {
    const { h, calls } = fakeHarness();
    await runTimeline(h, events([
      '{"at": "2026-12-02T09:10:00+08:00", "chat": "wr_ll", "user": "ma_ll", "text": "本月完成投资680万元"}',
      '{"at": "2026-12-02T09:30:00+08:00", "user": "qian_fxz", "text": "/进度 冷链项目"}',
      '{"at": "2026-12-04T17:30:00+08:00", "clock": true}',
      '{"at": "2026-12-05T09:00:00+08:00", "wecomFault": "5xx", "count": 2}',
    ].join('\n')));
    expect(calls).toEqual([
      'group wr_ll ma_ll 本月完成投资680万元 12-02T01:10',
      'private qian_fxz /进度 冷链项目 12-02T01:30',
      'digest 12-03T00:30',
      'digest 12-04T00:30',
      'remind 12-04T09:30',
      'digest 12-05T00:30',
      'fault 5xx 2',
    ]);
  });

  it('lets simulated time pass after the last event until the outbox is empty', async () => {
    const { h, clock } = fakeHarness([3, 2, 0]);
    await runTimeline(h, events('{"at": "2026-12-02T09:10:00+08:00", "clock": true}'));
    expect(clock.now().toISOString()).toBe('2026-12-02T01:12:00.000Z');
  });

  it('stops at every outbox timer on the way, not only at events and job times', async () => {
    const { h, calls, settles } = fakeHarness([], [new Date('2026-12-02T01:00:10Z'), new Date('2026-12-02T01:00:30Z'), new Date('2026-12-03T02:00:00Z')]);
    await advanceTo(h, new Date('2026-12-03T00:40:00Z'));
    expect(settles).toEqual(['01:00:10', '01:00:30', '00:30:00', '00:30:00', '00:40:00']);
    expect(calls).toEqual(['digest 12-03T00:30']);
  });

  it('reports bad lines with their numbers and keeps the good ones', () => {
    const parsed = parseTimeline('{"at": "2026-12-02T09:10:00+08:00", "clock": true}\nnot json\n{"at": "yesterday", "clock": true}\n');
    expect(parsed.map((p) => (p.ok ? 'ok' : `line ${p.line}`))).toEqual(['ok', 'line 2', 'line 3']);
  });
});
