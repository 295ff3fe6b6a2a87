import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

describe('loadConfig', () => {
  it('starts from an empty environment with defaults and names every missing WeCom variable', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.mongo).toEqual({ uri: undefined, dbName: 'xmdd', dataDir: './data/mongo' });
    expect(c.wecom.apiBase).toBe('https://qyapi.weixin.qq.com');
    expect(c.wecom.aibot).toBeUndefined();
    expect(c.missingWecom).toEqual([
      'WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY', 'WECOM_CORP_ID', 'WECOM_AGENT_ID',
      'WECOM_APP_SECRET', 'WECOM_APP_TOKEN', 'WECOM_APP_AES_KEY',
    ]);
  });

  it('reads a full environment', () => {
    const c = loadConfig({
      PORT: '8080', MONGODB_URI: 'memory://', WECOM_API_BASE: 'https://gov.example.cn/',
      WECOM_BOT_TOKEN: 't', WECOM_BOT_AES_KEY: AES, WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1000002',
      WECOM_APP_SECRET: 's', WECOM_APP_TOKEN: 'at', WECOM_APP_AES_KEY: AES,
    });
    expect(c.port).toBe(8080);
    expect(c.wecom.apiBase).toBe('https://gov.example.cn');
    expect(c.wecom.aibot).toEqual({ token: 't', aesKey: AES });
    expect(c.wecom.app).toEqual({ token: 'at', aesKey: AES });
    expect(c.missingWecom).toEqual([]);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ MONGODB_URI: '', WECOM_BOT_TOKEN: '  ' }).mongo.uri).toBeUndefined();
  });

  it('asks for bot id and secret instead of callback keys in long-connection mode', () => {
    const c = loadConfig({ WECOM_MODE: 'longconn' });
    expect(c.missingWecom.slice(0, 2)).toEqual(['WECOM_BOT_ID', 'WECOM_BOT_SECRET']);
  });

  it.each([
    ['PORT', 'abc', /PORT="abc"/],
    ['PORT', '70000', /PORT="70000".*65535/],
    ['MONGODB_URI', 'postgres://x', /MONGODB_URI/],
    ['WECOM_BOT_AES_KEY', 'short', /WECOM_BOT_AES_KEY.*43/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['WECOM_API_BASE', 'not a url', /WECOM_API_BASE/],
  ])('rejects %s=%s with one line naming the variable', (name, value, pattern) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain('\n');
  });
});
