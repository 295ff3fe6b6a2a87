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

describe.each(scenarios)('scenario %s', (name) => {
  it('runs to the end: at most one reply per message, the outbox empty, nothing scheduled on a day off', async () => {
    const lines = parseTimeline(fs.readFileSync(path.join(dir, name, 'events.jsonl'), 'utf8'));
    const events = lines.flatMap((l) => (l.ok ? [l.event] : []));
    const store = await openTestStore();
    const county = await startSimulatedCounty({ setup, store, log: silentLogger, start: new Date(events[0]!.at.getTime() - 60_000) });
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
    } finally {
      await county.close();
      await store.close();
    }
  }, 60_000);
});
