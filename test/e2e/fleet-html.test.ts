import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHtml } from '../../src/fleet/html.js';
import { useLanguage } from '../../src/i18n/index.js';
import { fleetReport, HOSTILE_NAME, TOKEN_LOOKALIKE } from '../fixtures/fleet-report.js';

/**
 * What a person sees when they open the fleet page, in Debian's Chromium (never a browser that
 * playwright downloads). Locally the test is skipped when /usr/bin/chromium is missing; in CI
 * (.ci/run installs chromium) a missing browser is a failure, so the page is always looked at.
 */
const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
const SKIP_NOTE = `SKIPPED: ${CHROMIUM} is absent (apt-get install chromium to run this test)`;
if (!present && !inCi) console.warn(`fleet HTML in Chromium: ${SKIP_NOTE}`);

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(!present && !inCi)(present ? 'fleet HTML in Chromium' : `fleet HTML in Chromium (${SKIP_NOTE})`, () => {
  let dir = '';
  let context: BrowserContext | undefined;
  let page: Page;
  let pageUrl = '';
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!present) throw new Error(`CI is set but ${CHROMIUM} is missing: .ci/run installs Debian's chromium before the tests.`);
    dir = mkdtempSync(join(tmpdir(), 'fb3cx-fleet-html-'));
    const file = join(dir, 'fleet.html');
    await writeHtml(fleetReport({ shard: { index: 2, count: 4 } }), file);
    pageUrl = pathToFileURL(file).href;
    // A new, empty profile each run; launchPersistentContext is how playwright takes --user-data-dir.
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
    // Every request is recorded and only the page file itself may load.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      requests.push(url);
      if (url === pageUrl) await route.continue();
      else await route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(pageUrl);
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the fleet at a glance', async () => {
    await expect(page.locator('h1').innerText()).resolves.toBe('Facebook channel across the fleet');
    await expect(page.locator('.verdict').innerText()).resolves.toContain('5 of 12 customers need attention');
    const tiles = await page.locator('.tiles li').allInnerTexts();
    expect(tiles.map((tile) => tile.replace(/\uFE0E/g, '').replace(/\s+/g, ' ').trim())).toEqual(['3 ✗ failing', '1 ⊘ invalid row', '1 ↯ unreachable', '3 ⚠ warning', '4 ✓ passing']);
    await expect(page.locator('.meta').innerText()).resolves.toContain('shard 2 of 4');
  });

  it('lists what changed, newly failing first', async () => {
    const headings = await page.locator('.changes h3').allInnerTexts();
    expect(headings.map((heading) => heading.replace(/^\S+\s/, ''))).toEqual(['Newly failing (2)', 'Recovered (1)', 'New customers (1)', 'Removed customers (1)', 'Still failing (1)']);
    await expect(page.locator('.change.fail li').allInnerTexts()).resolves.toEqual(['Tailspin Toys', 'Adventure Works Cycles']);
  });

  it("opens a failing customer's row on click and shows its fix", async () => {
    const row = page.locator('li.customer', { hasText: 'Tailspin Toys' });
    const fix = row.locator('.fix').first();
    expect(await fix.isVisible()).toBe(false);
    await row.locator('summary').first().click();
    expect(await row.locator('details').first().getAttribute('open')).not.toBeNull();
    expect(await fix.isVisible()).toBe(true);
    await expect(fix.innerText()).resolves.toContain('Fix: A page admin logs in again and generates a new page token');
  });

  it('shows a hostile name as text, runs no script and shows no token', async () => {
    await expect(page.locator('li.customer .name', { hasText: '<script>' }).innerText()).resolves.toBe(HOSTILE_NAME);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(TOKEN_LOOKALIKE);
  });

  it('makes no request beyond the file itself', () => {
    expect(requests).toEqual([pageUrl]);
    // A blocked asset (the page's Content-Security-Policy) would show as a console error.
    expect(consoleErrors).toEqual([]);
  });

  it('fits a 375 px phone without horizontal scrolling, every row open', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    // Page code as text: the tests compile without the DOM's types.
    await page.evaluate("for (const details of document.querySelectorAll('details')) details.open = true");
    expect(await page.locator('details:not([open])').count()).toBe(0);
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    const clientWidth = await page.evaluate('document.documentElement.clientWidth');
    expect(clientWidth).toBe(375);
    expect(scrollWidth).toBe(375);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('looks right at desktop and phone widths (screenshots)', async () => {
    // Kept after the run, so a person can look at them.
    const shotsDir = mkdtempSync(join(tmpdir(), 'fb3cx-fleet-shots-'));
    const shots: Array<{ width: number; path: string }> = [];
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const path = join(shotsDir, `fleet-${width}px.png`);
      await page.screenshot({ path, fullPage: true });
      shots.push({ width, path });
    }
    for (const { width, path } of shots) {
      const png = readFileSync(path);
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      // IHDR: the image is as wide as the viewport and taller than one screen of content.
      expect(png.readUInt32BE(16)).toBe(width);
      expect(png.readUInt32BE(20)).toBeGreaterThan(900);
      expect(png.length).toBeGreaterThan(30_000);
      console.log(`fleet HTML screenshot at ${width} px: ${path}`);
    }
  });

  it('in zh-CN: Chinese headings and words, <html lang="zh-CN">, and still fits a phone', async () => {
    const file = join(dir, 'fleet.zh-CN.html');
    await useLanguage('zh-CN');
    try {
      await writeHtml(fleetReport({ shard: { index: 2, count: 4 } }), file);
    } finally {
      await useLanguage('en');
    }
    const zhUrl = pathToFileURL(file).href;
    const zh = await context?.newPage();
    if (!zh) throw new Error('no browser context');
    await context?.route(zhUrl, (route) => route.continue());
    await zh.setViewportSize({ width: 1280, height: 900 });
    await zh.goto(zhUrl);
    await expect(zh.evaluate('document.documentElement.lang')).resolves.toBe('zh-CN');
    await expect(zh.locator('h1').innerText()).resolves.toBe('所有客户的 Facebook 渠道');
    await expect(zh.locator('h2').allInnerTexts()).resolves.toEqual(['概览', '自上次运行以来的变化', '客户']);
    await expect(zh.locator('.verdict').innerText()).resolves.toContain('12 个客户中有 5 个需要处理');
    const tiles = await zh.locator('.tiles li').allInnerTexts();
    expect(tiles.map((tile) => tile.replace(/\uFE0E/g, '').replace(/\s+/g, ' ').trim())).toEqual(['3 ✗ 失败', '1 ⊘ 无效行', '1 ↯ 无法连接', '3 ⚠ 警告', '4 ✓ 通过']);
    await expect(zh.locator('.meta').innerText()).resolves.toContain('第 2 个分片，共 4 个');
    await zh.setViewportSize({ width: 375, height: 800 });
    await zh.evaluate("for (const details of document.querySelectorAll('details')) details.open = true");
    await expect(zh.locator('.fix').first().innerText()).resolves.toMatch(/^修复：/);
    expect(await zh.evaluate('document.documentElement.scrollWidth')).toBe(375);
    await zh.close();
  });
});
