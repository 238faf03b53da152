import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { renderHtml, writeHtml } from '../../src/fleet/html.js';
import { APP_TOKEN_LOOKALIKE, fleetCustomers, fleetReport, HOSTILE_NAME, HOSTILE_PAGE_NAME, TOKEN_LOOKALIKE } from '../fixtures/fleet-report.js';

const report = fleetReport({ shard: { index: 2, count: 4 } });
const page = renderHtml(report);

/** The text of each customer row's name, in page order. */
function rowNames(markup: string): string[] {
  return [...markup.matchAll(/<span class="name">([^<]*)<\/span>/g)].map((match) => match[1] ?? '');
}

/** A top-level section of <main>: from its start to the next one (sections nest inside "changes"). */
function section(markup: string, className: string): string {
  const start = markup.indexOf(`<section class="${className}"`);
  if (start < 0) return '';
  const next = markup.slice(start + 1).search(/<section class="(glance|changes|customers)"/);
  return next < 0 ? markup.slice(start) : markup.slice(start, start + 1 + next);
}

describe('renderHtml', () => {
  it('is one self-contained document: language, viewport, colour schemes, no script, no external asset', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('prefers-color-scheme:dark');
    expect(page).toContain("default-src 'none'");
    // Only the escaped hostile text mentions these; no element or attribute does.
    for (const element of ['<script', '<link', '<img', '<iframe', '<object', 'url(', '@import', 'http://', 'https://']) expect(page.toLowerCase()).not.toContain(element);
  });

  it('takes another language for issue 10 and refuses one that is not a language tag', () => {
    expect(renderHtml(report, { lang: 'zh-CN' })).toContain('<html lang="zh-CN">');
    expect(renderHtml(report, { lang: '"><script>' })).toContain('<html lang="en">');
  });

  it('shows the fleet at a glance: customers by status in words, checks, when, how long, which shard', () => {
    const glance = section(page, 'glance');
    expect(glance).toContain('aria-label="Customers by status: 3 failing, 1 invalid row, 1 unreachable, 3 warning, 4 passing"');
    for (const [count, word] of [['3', 'failing'], ['1', 'invalid row'], ['1', 'unreachable'], ['3', 'warning'], ['4', 'passing']]) {
      expect(glance).toMatch(new RegExp(`<span class="count">${count}</span><span class="label"><span class="icon" aria-hidden="true">[^<]+</span> ${word}</span>`));
    }
    expect(glance).toContain('Checks over all customers: 4 failed, 4 warnings, 11 to check by hand, 33 skipped, 146 passed.');
    expect(page).toContain('<p class="verdict fail"><span class="icon" aria-hidden="true">✗</span> 5 of 12 customers need attention</p>');
    expect(page).toContain('Run started <time datetime="2026-05-08T02:00:04.512Z">2026-05-08 02:00 UTC</time> · took 1 min 13 s · shard 2 of 4');
  });

  it('says so when every customer passes', () => {
    const healthy = fleetCustomers().filter((customer) => customer.status === 'pass');
    const markup = renderHtml(fleetReport({ customers: healthy, changes: false }));
    expect(markup).toContain('All 4 customers pass');
    expect(markup).not.toContain('need attention');
  });

  it('lists what changed, newly failing first, linked to the customer rows', () => {
    const changes = section(page, 'changes');
    const order = ['Newly failing', 'Recovered', 'New customers', 'Removed customers', 'Still failing'].map((heading) => changes.indexOf(heading));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const anchor = /<li><a href="#(customer-\d+)">Tailspin Toys<\/a><\/li>/.exec(changes)?.[1];
    expect(page).toContain(`<li id="${anchor}" class="customer fail">`);
    // A removed customer has no row to link to.
    expect(changes).toContain('<li>Graphic Design Institute</li>');
  });

  it('leaves the changes out without --state, and says when nothing changed', () => {
    expect(renderHtml(fleetReport({ changes: false }))).not.toContain('What changed since the last run');
    const quiet = fleetReport();
    quiet.changes = { newlyFailing: [], recovered: [], stillFailing: [], added: [], removed: [] };
    expect(renderHtml(quiet)).toContain('Nothing changed since the last run.');
  });

  it('puts failing customers first, newly failing before still failing, then invalid, unreachable, warning, passing', () => {
    expect(rowNames(page)).toEqual([
      'Adventure Works Cycles',
      'Tailspin Toys',
      'Wide World Importers',
      'Alpine Ski House',
      'Blue Yonder Airlines',
      '&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; Sons',
      'Margie&#39;s Travel',
      'Northwind Traders',
      'Coho Winery',
      'Contoso Dental',
      'Fabrikam Logistics',
      'Lucerne Publishing',
    ]);
  });

  it('opens each customer row to its checks, problems first with their fixes, the rest folded away', () => {
    const row = page.slice(page.indexOf('<span class="name">Wide World Importers'), page.indexOf('<span class="name">Alpine Ski House'));
    expect(row).toContain('<strong>App is subscribed to the page:</strong> no app is subscribed to the page');
    expect(row).toContain('<p class="fix"><strong>Fix:</strong> Run &quot;fb3cx subscribe&quot;');
    expect(row).toContain('<span class="badge fail"><span class="icon" aria-hidden="true">✗</span> failed</span>');
    expect(row).toContain('<strong>How to check:</strong> Check that the App Mode switch');
    expect(row).toContain('<details class="more"><summary>16 more checks passed or skipped</summary>');
    expect(row.indexOf('page.subscription')).toBeLessThan(row.indexOf('token.valid'));
  });

  it('shows an invalid row with its inventory line and an unreachable customer with its problem', () => {
    expect(page).toContain('<span class="where">Inventory line 9, column pageId</span> pageId &quot;12ab-x&quot; is not a page ID (digits only). <code>inventory.bad-id</code>');
    expect(page).toContain('<span class="badge invalid"><span class="icon" aria-hidden="true">⊘</span> invalid row</span>');
    expect(page).toContain('<span class="first">Meta could not be reached: connect ETIMEDOUT after 10 s.</span>');
  });

  it('shows a hostile customer name as text', () => {
    expect(page).not.toContain(HOSTILE_NAME);
    expect(page).not.toContain(HOSTILE_PAGE_NAME);
    expect(page).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; &amp; Sons');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('another app &quot;&lt;b&gt;Chatbot&lt;/b&gt;&quot; is subscribed too');
    expect(page.match(/<script/gi)).toBeNull();
  });

  it('hides anything shaped like a token, an app token or an app secret', () => {
    expect(page).not.toContain(TOKEN_LOOKALIKE);
    expect(page).not.toContain(APP_TOKEN_LOOKALIKE);
    expect(page).toContain('Token EAA…[hidden] was used');
    expect(page).toContain('app token 1234567890123|[hidden]');
    const [first] = fleetCustomers();
    if (!first) throw new Error('fixture');
    const leaky = renderHtml(
      fleetReport({
        customers: [{ ...first, name: 'Leaky', pageName: 'EAAB0123456789abcdefGHIJ', checks: [{ id: 'x.y', title: 'T', status: 'fail', detail: 'secret 0123456789abcdef0123456789abcdef and https://graph.example/me?access_token=EAAxyz123&x=1', fix: 'f', durationMs: 1 }] }],
      }),
    );
    expect(leaky).not.toContain('EAAB0123456789abcdefGHIJ');
    expect(leaky).not.toContain('0123456789abcdef0123456789abcdef');
    expect(leaky).not.toContain('EAAxyz123');
    expect(leaky).toContain('access_token=***');
  });

  it('renders an empty fleet without failing', () => {
    const markup = renderHtml(fleetReport({ customers: [], changes: false }));
    expect(markup).toContain('No customers were checked');
    expect(markup).toContain('The run had no customers to check.');
  });
});

describe('writeHtml', () => {
  it('writes the page atomically and refuses a folder that does not exist', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb3cx-html-'));
    try {
      const file = join(dir, 'fleet.html');
      await writeHtml(report, file);
      expect(readFileSync(file, 'utf8')).toBe(page);
      expect(readdirSync(dir)).toEqual(['fleet.html']);
      await expect(writeHtml(report, join(dir, 'missing', 'fleet.html'))).rejects.toBeInstanceOf(UsageError);
      await expect(writeHtml(report, join(dir, 'missing', 'fleet.html'))).rejects.toThrow(/--html .*the folder .*missing does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
