import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/log.js';
import { setupSchema } from '../src/domain/setup.js';
import { parseTimeline } from '../src/simulate/timeline.js';
import { runTimeline } from '../src/simulate/runner.js';
import { startSimulatedCounty } from '../src/simulate/harness.js';
import { isWorkday } from '../src/domain/calendar.js';
import { collections } from '../src/db/collections.js';
import { openTestStore } from './support/store.js';

const dir = path.resolve(import.meta.dirname, 'scenarios');
const setup = setupSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'county.setup.json'), 'utf8')));
const scenarios = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'events.jsonl')));

const sentBy = new Map<string, string[]>();

describe.each(scenarios.flatMap((s) => (['callback', 'longconn'] as const).map((t) => [s, t] as const)))('scenario %s over %s', (name, transport) => {
  it('runs to the end: at most one reply per message, the outbox empty, nothing scheduled on a day off', async () => {
    const lines = parseTimeline(fs.readFileSync(path.join(dir, name, 'events.jsonl'), 'utf8'));
    const events = lines.flatMap((l) => (l.ok ? [l.event] : []));
    const store = await openTestStore();
    const county = await startSimulatedCounty({ setup, store, log: silentLogger, start: new Date(events[0]!.at.getTime() - 60_000), transport });
    try {
      await runTimeline(county, events);
      expect(await county.pendingOutbound()).toBe(0);
      expect(await store.db.collection(collections.outbox).countDocuments({ status: 'failed' })).toBe(0);
      const scheduled = county.wecom.records.filter((r) => r.via !== 'reply' && !r.text.includes('已记录'));
      for (const r of scheduled) expect(isWorkday(new Date(r.at)), `${r.at} ${r.text.slice(0, 30)}`).toBe(true);
      const keys = await store.db.collection(collections.outbox).distinct('key');
      expect(new Set(keys).size).toBe(keys.length);
      // Each chat message gets at most one reply (silence for chatter), and the scenario has some.
      const messages = events.filter((e) => 'text' in e).length;
      const replies = county.wecom.records.filter((r) => r.via === 'reply' || (r.via === 'app' && r.text !== '' && !r.text.includes('日报'))).length;
      expect(replies).toBeGreaterThan(0);
      expect(county.wecom.records.filter((r) => r.via === 'reply').length).toBeLessThanOrEqual(messages);
      // The same timeline gives the same messages over either transport. Their times may differ: an
      // injected HTTP fault delays a response_url reply but not a reply on the long connection.
      const sent = county.wecom.records.map(({ raw: _raw, at: _at, ...r }) => JSON.stringify(r)).sort();
      const other = sentBy.get(name);
      if (other) expect(sent).toEqual(other);
      else sentBy.set(name, sent);
    } finally {
      await county.close();
      await store.close();
    }
  }, 60_000);
});

const usersOf = (r: { to: { chat: string } | { users: string[] } }) => ('users' in r.to ? r.to.users : []);

describe('a simulated month end', () => {
  it('sends October\'s 月通报 with its workbook and chart on 2 November, the 专班周报, and nothing twice', async () => {
    const events = parseTimeline(fs.readFileSync(path.join(dir, 'month-end', 'events.jsonl'), 'utf8')).flatMap((l) => (l.ok ? [l.event] : []));
    const store = await openTestStore();
    const county = await startSimulatedCounty({ setup, store, log: silentLogger, start: new Date(events[0]!.at.getTime() - 60_000) });
    try {
      await runTimeline(county, events);
      // From 1 November the admin also hears that 2027's holidays are missing; that message is tested in e2e-calendar.
      const monthly = county.wecom.records.filter((r) => r.at.startsWith('2026-11-02') && r.via === 'app' && usersOf(r).includes('fgw_admin') && !r.text.includes('节假日安排待导入'));
      // The markdown is longer than an app message takes: it goes in parts, cut between lines.
      const parts = monthly.filter((r) => r.msgtype === 'markdown');
      expect(monthly.map((r) => r.msgtype)).toEqual([...parts.map(() => 'markdown'), 'file', 'image']);
      expect(parts.length).toBeGreaterThan(1);
      for (const r of parts) expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(2048);
      expect(usersOf(monthly[0]!)).toEqual(['qian_fxz', 'sun_cw', 'fgw_admin']);
      const text = parts.map((r) => r.text).join('\n');
      // 7100 + 4300 + 3500 + 9800 = 24,700 of 60,000 planned; 锂电池 reached 开工 in October.
      expect(text).toContain('全县 4 个项目，年度计划 60,000 万元，累计完成 24,700 万元');
      // Registration (26 October, most already 在建) is not a milestone; 锂电池 went 签约 → 开工, passing 落地.
      expect(text).toContain('五个一批：签约 0 · 落地 1 · 开工 1 · 投产 0 · 达效 0');
      expect(text).toMatch(/完成率靠后\n4\. 锂电池正极材料生产项目 11\.7%（截至10月30日完成 3,500 万元，序时 24,919 万元）（落后 71\.4 个百分点）\n问题：/);
      expect(monthly[parts.length]!.text).toBe('[文件] 2026年10月重点项目月通报.xlsx');
      const weekly = county.wecom.records.filter((r) => r.text.includes('专班周报'));
      expect(weekly.map(usersOf)).toEqual([['swj_head']]);
      expect(weekly[0]!.text).toContain('农产品冷链物流中心');
    } finally {
      await county.close();
      await store.close();
    }
  }, 60_000);
});
