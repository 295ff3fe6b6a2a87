import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';

let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store.close());

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('Agenda 6 on the store', () => {
  it('runs a job once, keeps one schedule per every(), records failures, drains', async () => {
    const agenda = new Agenda({ backend: new MongoBackend({ mongo: store.db }), processEvery: 50 });
    const runs: string[] = [];
    agenda.define('hello', async (job) => {
      runs.push(String((job.attrs.data as { who: string }).who));
    });
    agenda.define('broken', async () => {
      throw new Error('boom');
    });
    let failed = 0;
    agenda.on('fail', () => failed++);
    await agenda.start();
    await agenda.now('hello', { who: '县发改委' });
    await agenda.now('broken');
    await agenda.every('30 8 * * *', 'hello', { who: 'digest' }, { timezone: 'Asia/Shanghai', skipImmediate: true });
    await agenda.every('30 8 * * *', 'hello', { who: 'digest' }, { timezone: 'Asia/Shanghai', skipImmediate: true });
    await until(() => runs.length >= 1 && failed >= 1);
    await agenda.drain({ timeout: 5_000 });

    expect(runs).toEqual(['县发改委']);
    const jobs = store.db.collection('agendaJobs');
    expect(await jobs.countDocuments({ name: 'hello', type: 'single' })).toBe(1);
    const broken = await jobs.findOne({ name: 'broken' });
    expect(broken?.failCount).toBe(1);
    expect(broken?.failReason).toBe('boom');
  });
});
