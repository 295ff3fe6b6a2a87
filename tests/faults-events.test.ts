import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedCounty } from '../src/simulate/harness.js';
import type { Store } from '../src/db/index.js';
import { collections } from '../src/db/collections.js';
import { openTestStore } from './support/store.js';
import { breakInserts, crashAfter, restart, startCounty, tally } from './support/faults.js';

const at = (s: string) => new Date(`${s}+08:00`);
let store: Store;
let county: SimulatedCounty;
const records = () => county.wecom.records;
const receipts = () => records().filter((r) => r.text.includes('已记录 · '));
const rows = (name: string, filter: object = {}) => store.db.collection(name).find(filter).toArray();

beforeEach(async () => {
  store = await openTestStore();
});
afterEach(async () => {
  await county.close();
  await store.close();
});

const PROJECT = '锂电池正极材料生产项目';
/** A report that moves the project on (签约 → 开工) and settles an approval: every step a crash can cut. */
const REPORT = '本月完成投资450万元，项目已开工，环评已取得批复';

/** Each step of the report, and the report itself, happened exactly once. */
async function expectOnce() {
  const reports = await rows(collections.reports, { project: PROJECT });
  expect(reports).toHaveLength(1);
  expect((await rows(collections.projects, { name: PROJECT }))[0]).toMatchObject({ stage: '开工' });
  const audits = await rows(collections.audit, { $or: [{ entityId: reports[0]!._id }, { entityId: PROJECT, action: 'stage' }, { entityId: `${PROJECT}/环评` }] });
  expect(audits.map((a) => `${a.entity}:${a.action}`).sort()).toEqual(['approval:set', 'project:stage', 'report:create']);
  expect((await rows(collections.approvals, { project: PROJECT, item: '环评' }))[0]).toMatchObject({ status: '已办结' });
  expect(receipts().map((r) => r.to)).toEqual([{ chat: 'wr_ld' }]);
  expect(await tally(store, records())).toEqual({ lost: 0, duplicated: 0 });
}

describe('event faults: 0 lost, 0 duplicated', () => {
  it('a transient storage error while handling an acknowledged report: retried with back-off, the report and its receipt once', async () => {
    county = await startCounty(store, at('2026-12-02T10:00:00'));
    // The insert lands but its answer is lost: the next attempt finds the report and completes it.
    const undo = breakInserts(store, collections.reports, { times: 1, after: true });
    await county.sendGroup('wr_ld', 'zheng_ll', REPORT);
    await county.settle();
    undo();
    expect((await rows(collections.inbound))[0]).toMatchObject({ status: 'done', attempts: 2 });
    await expectOnce();
  }, 30_000);

  it.each([
    ['the report insert', collections.reports, 'insertOne'],
    ['the stage change', collections.projects, 'updateOne'],
    ['the approval', collections.approvals, 'updateOne'],
  ] as const)('a crash just after %s: handled again after the restart, every step once', async (_, name, method) => {
    county = await startCounty(store, at('2026-12-02T10:00:00'));
    const undo = crashAfter(store, name, method);
    await county.sendGroup('wr_ld', 'zheng_ll', REPORT);
    await county.app.runtime.dispatcher.idle();
    undo();
    expect((await rows(collections.inbound))[0]).toMatchObject({ status: 'pending' });
    expect(receipts()).toEqual([]);
    county = await restart(county, store, at('2026-12-02T10:02:00'));
    await county.settle();
    expect((await rows(collections.inbound))[0]).toMatchObject({ status: 'done' });
    await expectOnce();
  }, 30_000);

  it('a crash just after a 确认 took effect: handled again after the restart, confirmed and told once', async () => {
    county = await startCounty(store, at('2026-12-02T10:00:00'));
    // wu_ll reports for another group's project: the report waits for its liaison's 确认.
    await county.sendGroup('wr_ll', 'wu_ll', '本月完成投资300万元');
    await county.settle();
    const [pending] = await rows(collections.reports, { status: 'pending' });
    const undo = crashAfter(store, collections.reports, 'findOneAndUpdate');
    await county.sendGroup('wr_ll', 'ma_ll', '确认');
    await county.app.runtime.dispatcher.idle();
    undo();
    county = await restart(county, store, at('2026-12-02T10:02:00'));
    await county.settle();
    expect((await rows(collections.reports, { _id: pending!._id }))[0]).toMatchObject({ status: 'confirmed', confirmedBy: 'ma_ll' });
    expect(await rows(collections.audit, { entityId: pending!._id, action: 'confirm' })).toHaveLength(1);
    const [confirm] = await rows(collections.inbound, { 'event.text': '确认' });
    expect(confirm).toMatchObject({ status: 'done' });
    const answers = await rows(collections.outbox, { 'origin.msgId': confirm!.msgId });
    expect(answers.map((a) => a.status)).toEqual(['sent']);
    expect(await tally(store, records())).toEqual({ lost: 0, duplicated: 0 });
  }, 30_000);
});
