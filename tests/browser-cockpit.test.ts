import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import type { SimulatedCounty } from '../src/simulate/harness.js';
import type { Store } from '../src/db/index.js';
import { openTestStore } from './support/store.js';
import { cockpitCounty, VIEWERS } from './support/cockpit.js';

// Debian's Chromium (apt-get install chromium); .ci/run installs it. Missing, this file fails: it never skips.
// Playwright's launch() gives every run a fresh temporary --user-data-dir of its own.
const CHROMIUM = '/usr/bin/chromium';
const SAMPLES = path.resolve(import.meta.dirname, '../docs/samples');
const PHONE = { width: 390, height: 844 };
const PC = { width: 1366, height: 768 };
const COLD_CHAIN = '农产品冷链物流中心';

let store: Store;
let county: SimulatedCounty;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (the browser tests need it)`);
  store = await openTestStore();
  county = await cockpitCounty(store);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await county?.close();
  await store?.close();
});

/** A fresh browser signed in as `userid` through the simulator's link; `wecom` plays the WeCom client's user agent. */
async function signedIn(userid: string, size: { width: number; height: number }, wecom: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: size, acceptDownloads: true, ...(wecom ? { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) wxwork/4.1.30 MicroMessenger/7.0.1' } : {}) });
  const page = await context.newPage();
  await page.goto(county.wecom.signInUrl(userid, `${county.app.url}/cockpit/`));
  if (!wecom && page.url().includes('/cockpit/login')) await page.click('#qr-login');
  return { context, page };
}

/** Every chart has drawn: a canvas with pixels other than the background. */
async function chartsDrawn(page: Page): Promise<number> {
  await page.waitForSelector('html[data-charts]');
  return page.evaluate(() => {
    const canvases = [...document.querySelectorAll('.chart canvas')] as HTMLCanvasElement[];
    const inked = canvases.filter((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) return false;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    });
    return inked.length === document.querySelectorAll('.chart').length ? inked.length : -inked.length;
  });
}

describe('驾驶舱 in a real browser', () => {
  it('signs a county leader in from the WeCom client, draws every chart, and saves the phone and PC screenshots', async () => {
    const { context, page } = await signedIn(VIEWERS.county, PHONE, true);
    expect(new URL(page.url()).pathname).toBe('/cockpit/');
    expect(await chartsDrawn(page)).toBeGreaterThanOrEqual(5);
    expect(await page.textContent('body')).toContain('青山经开区');
    await page.screenshot({ path: path.join(SAMPLES, 'cockpit-overview-phone.png'), fullPage: true });
    await page.setViewportSize(PC);
    await page.screenshot({ path: path.join(SAMPLES, 'cockpit-overview-pc.png'), fullPage: true });
    await page.goto(`${county.app.url}/cockpit/projects/${encodeURIComponent(COLD_CHAIN)}`);
    expect(await chartsDrawn(page)).toBe(1);
    expect(await page.textContent('body')).toContain('冷库设备未到货');
    await page.screenshot({ path: path.join(SAMPLES, 'cockpit-project-pc.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: path.join(SAMPLES, 'cockpit-project-phone.png'), fullPage: true });
    await context.close();
  });

  it('signs a 分管 leader in by 扫码登录 on a PC and shows only their projects, also by direct URL', async () => {
    const { context, page } = await signedIn(VIEWERS.deputy, PC, false);
    expect(new URL(page.url()).pathname).toBe('/cockpit/');
    const body = await page.textContent('body');
    expect(body).toContain(COLD_CHAIN);
    expect(body).not.toContain('青山经开区');
    const res = await page.goto(`${county.app.url}/cockpit/projects/${encodeURIComponent('锂电池正极材料生产项目')}`);
    expect(res?.status()).toBe(404);
    expect((await page.goto(`${county.app.url}/cockpit/assessment`))?.status()).toBe(403);
    await context.close();
  });

  it('gives a township its problems and a download that opens as .xlsx', async () => {
    const { context, page } = await signedIn(VIEWERS.township, PHONE, true);
    await page.goto(`${county.app.url}/cockpit/problems`);
    expect(await page.textContent('body')).toContain('冷库设备未到货');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('a.dl')]);
    const bytes = fs.readFileSync((await file.path())!);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    expect(wb.getWorksheet('问题台账')!.getRow(2).getCell(3).value).toBe('冷库设备未到货，需县商务局协调');
    expect((await page.goto(`${county.app.url}/cockpit/projects/${encodeURIComponent('50MW农光互补光伏发电项目')}`))?.status()).toBe(404);
    await context.close();
  });

  it('refuses a stranger every page, and a browser without a session is sent to sign in', async () => {
    const { context, page } = await signedIn(VIEWERS.stranger, PHONE, true);
    expect(await page.textContent('body')).toContain('还没有登记');
    expect((await page.goto(`${county.app.url}/cockpit/projects/${encodeURIComponent(COLD_CHAIN)}`))?.status()).toBe(403);
    await context.close();
    const anonymous = await browser.newContext();
    const p = await anonymous.newPage();
    await p.goto(`${county.app.url}/cockpit/problems`);
    expect(new URL(p.url()).pathname).toBe('/cockpit/login');
    expect(await p.textContent('body')).toContain('企业微信扫码登录');
    await anonymous.close();
  });
});
