import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { startSimulatedCounty } from '../src/simulate/harness.js';
import { postCallback } from '../src/simulate/wecom/callbacks.js';
import { runTimeline } from '../src/simulate/runner.js';
import { openTestStore } from './support/store.js';
import { countySetup } from './support/county.js';

const setup = countySetup;

describe('secrets never reach the logs', () => {
  it('keeps tokens, AES keys, the app secret, webhook keys and access tokens out of trace-level logs of a whole conversation', async () => {
    let logs = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((logs += chunk.toString()), done()) });
    const store = await openTestStore();
    const county = await startSimulatedCounty({ setup, store, log: createLogger('trace', sink), start: new Date('2026-10-26T09:00:00+08:00') });
    try {
      await county.sendGroup('wr_ll', 'ma_ll', '10月完成投资700万元，年度累计完成7100万元');
      await county.sendPrivate('qian_fxz', '/进度 冷链项目');
      county.fault('token-expired', 1);
      await county.sendPrivate('qian_fxz', '/预警');
      const forged = await postCallback(county.app.url, 'aibot', { ...county.credentials.bot, token: 'forged-token' }, { receiveId: '', plaintext: '{}', envelope: 'json' }, county.clock);
      expect(forged.status).toBe(401);
      await county.settle();
      await runTimeline(county, [{ at: new Date('2026-10-30T18:30:00+08:00'), clock: true }]);

      expect(logs.length).toBeGreaterThan(1000);
      const secrets = [county.credentials.bot.token, county.credentials.bot.aesKey, county.credentials.app.token, county.credentials.app.aesKey, 'simulated-app-secret', 'sim-wr_ll', 'sim-wr_xx'];
      for (const s of secrets) expect(logs, s).not.toContain(s);
      for (const token of county.wecom.issuedTokens()) expect(logs).not.toContain(token);
    } finally {
      await county.close();
      await store.close();
    }
  }, 60_000);
});
