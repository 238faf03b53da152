import { shorten } from '../core/text.js';
import { currentLanguage, t } from '../i18n/index.js';
import type { CheckResult, CheckStatus } from '../core/verify/types.js';
import { writeReportFile } from './report-file.js';
import { scrubTokenShapes } from './scrub.js';
import type { CustomerStatus, FleetChanges, FleetCustomer, FleetReport } from './types.js';

/**
 * `--html <file>`: the fleet on one self-contained page a partner opens in the morning, on a
 * desk or a phone. No script, no external asset (a Content-Security-Policy forbids both, so the
 * page works offline and a hostile customer name could not run even if escaping failed): the
 * customer rows open with <details>. Every value from the report is escaped and scrubbed by the
 * `html` template tag below; status is shown by icon and word, never by colour alone.
 */

/**
 * Every human sentence of the page, from the fleet catalogue (fleet.html.*) in the active
 * language; read when the page is drawn, never at module load.
 */
const MESSAGES = {
  documentTitle: (verdict: string, date: string) => t('fleet.html.documentTitle', { verdict, date }),
  get heading() {
    return t('fleet.html.heading');
  },
  verdictAllPass: (total: number) => t('fleet.html.verdictAllPass', { count: total }),
  get verdictEmpty() {
    return t('fleet.html.verdictEmpty');
  },
  verdictAttention: (bad: number, total: number) => t('fleet.html.verdictAttention', { bad, count: total }),
  get ranAt() {
    return t('fleet.html.ranAt');
  },
  took: (duration: string) => t('fleet.html.took', { duration }),
  shard: (index: number, count: number) => t('fleet.html.shard', { index, total: count }),
  get glanceHeading() {
    return t('fleet.html.glanceHeading');
  },
  glanceBar: (parts: string) => t('fleet.html.glanceBar', { parts }),
  glanceCount: (count: number, status: string) => t('fleet.html.glanceCount', { number: count, status }),
  checksLine: (parts: string) => t('fleet.html.checksLine', { parts }),
  get changesHeading() {
    return t('fleet.html.changesHeading');
  },
  get noChanges() {
    return t('fleet.html.noChanges');
  },
  get customersHeading() {
    return t('fleet.html.customersHeading');
  },
  get noCustomers() {
    return t('fleet.html.noCustomers');
  },
  get fix() {
    return t('verify.report.fixLabel');
  },
  get howToCheck() {
    return t('fleet.html.howToCheck');
  },
  get pageId() {
    return t('fleet.html.pageId');
  },
  get appId() {
    return t('fleet.html.appId');
  },
  get scenario() {
    return t('fleet.html.scenario');
  },
  get took2() {
    return t('fleet.html.tookLabel');
  },
  inventoryLine: (line: number, column: string | undefined) => (column ? t('fleet.html.inventoryLineColumn', { line, column }) : t('fleet.html.inventoryLine', { line })),
  get unreachable() {
    return t('fleet.unreachable');
  },
  otherChecks: (count: number) => t('fleet.html.otherChecks', { count }),
  get noChecks() {
    return t('fleet.html.noChecks');
  },
  get tagNewlyFailing() {
    return t('fleet.html.tagNewlyFailing');
  },
  get tagRecovered() {
    return t('fleet.html.tagRecovered');
  },
  get tagAdded() {
    return t('fleet.html.tagAdded');
  },
  get footer() {
    return t('fleet.html.footer');
  },
  customerStatus: (status: CustomerStatus): string => {
    switch (status) {
      case 'pass':
        return t('fleet.html.customerStatus.pass');
      case 'warn':
        return t('fleet.html.customerStatus.warn');
      case 'fail':
        return t('fleet.html.customerStatus.fail');
      case 'invalid':
        return t('fleet.html.customerStatus.invalid');
      case 'unreachable':
        return t('fleet.html.customerStatus.unreachable');
    }
  },
  checkStatus: (status: CheckStatus): string => {
    switch (status) {
      case 'pass':
        return t('fleet.html.checkStatus.pass');
      case 'warn':
        return t('fleet.html.checkStatus.warn');
      case 'fail':
        return t('fleet.html.checkStatus.fail');
      case 'skip':
        return t('fleet.html.checkStatus.skip');
      case 'manual':
        return t('fleet.html.checkStatus.manual');
    }
  },
  /** "3 passed", "1 warning": the same words as the terminal report's summary. */
  checkCount: (status: CheckStatus, count: number): string => {
    switch (status) {
      case 'pass':
        return t('verify.report.summary.pass', { count });
      case 'warn':
        return t('verify.report.summary.warn', { count });
      case 'fail':
        return t('verify.report.summary.fail', { count });
      case 'skip':
        return t('verify.report.summary.skip', { count });
      case 'manual':
        return t('verify.report.summary.manual', { count });
    }
  },
  changes: (key: keyof FleetChanges): string => {
    switch (key) {
      case 'newlyFailing':
        return t('fleet.html.changes.newlyFailing');
      case 'recovered':
        return t('fleet.html.changes.recovered');
      case 'added':
        return t('fleet.html.changes.added');
      case 'removed':
        return t('fleet.html.changes.removed');
      case 'stillFailing':
        return t('fleet.html.changes.stillFailing');
    }
  },
  duration: (ms: number) => {
    if (ms < 1000) return t('fleet.html.milliseconds', { value: Math.round(ms) });
    if (ms < 60_000) return t('fleet.html.seconds', { value: (ms / 1000).toFixed(1) });
    const minutes = Math.floor(ms / 60_000);
    return t('fleet.html.minutes', { minutes, seconds: Math.round((ms % 60_000) / 1000) });
  },
  listJoin: (parts: string[]) => parts.join(t('verify.report.separator')),
};

/** Icons sit beside words (never alone); U+FE0E asks for the text form, not a coloured emoji. */
const CUSTOMER_ICON: Record<CustomerStatus, string> = { pass: '✓', warn: '⚠\uFE0E', fail: '✗', invalid: '⊘', unreachable: '↯' };
const CHECK_ICON: Record<CheckStatus, string> = { pass: '✓', warn: '⚠\uFE0E', fail: '✗', skip: '–', manual: '✎' };
const CHANGE_ICON: Record<keyof FleetChanges, string> = { newlyFailing: '✗', recovered: '✓', added: '+', removed: '−', stillFailing: '✗' };
const CHANGE_CLASS: Record<keyof FleetChanges, string> = { newlyFailing: 'fail', recovered: 'pass', added: 'info', removed: 'muted', stillFailing: 'fail-muted' };

/** A row's one-line summary of its first problem; the whole text is one click away. */
const HEADLINE_MAX = 120;

/** Failing first: what needs a person comes first on the page. */
const CUSTOMER_ORDER: CustomerStatus[] = ['fail', 'invalid', 'unreachable', 'warn', 'pass'];
const CHECK_ORDER: CheckStatus[] = ['fail', 'warn', 'manual', 'skip', 'pass'];
const CHANGE_ORDER: Array<keyof FleetChanges> = ['newlyFailing', 'recovered', 'added', 'removed', 'stillFailing'];

export interface HtmlOptions {
  /** The page's language, for screen readers and hyphenation; the active language when not given. */
  lang?: string;
}

export function renderHtml(report: FleetReport, options: HtmlOptions = {}): string {
  const wanted = options.lang ?? currentLanguage();
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(wanted) ? wanted : 'en';
  const customers = sortCustomers(report.customers, report.changes);
  const anchors = new Map(customers.map((customer, index) => [customer.name, `customer-${index + 1}`]));
  const verdict = verdictText(report);
  const page = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${MESSAGES.documentTitle(verdict, dateText(report.startedAt))}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<div class="page">
${header(report, verdict)}
<main>
${glance(report)}
${report.changes ? changesSection(report.changes, anchors) : raw('')}
${customersSection(customers, report.changes, anchors)}
</main>
<footer><p>${MESSAGES.footer}</p></footer>
</div>
</body>
</html>
`;
  return page.value;
}

export async function writeHtml(report: FleetReport, file: string, options: HtmlOptions = {}): Promise<void> {
  await writeReportFile(file, renderHtml(report, options), '--html');
}

function header(report: FleetReport, verdict: string): SafeHtml {
  const { summary } = report;
  const bad = summary.fail + summary.invalid + summary.unreachable;
  const state = summary.total === 0 ? 'muted' : bad > 0 ? 'fail' : summary.warn > 0 ? 'warn' : 'pass';
  const icon = state === 'fail' ? CUSTOMER_ICON.fail : state === 'warn' ? CUSTOMER_ICON.warn : state === 'pass' ? CUSTOMER_ICON.pass : '';
  const meta = [html`${MESSAGES.ranAt} <time datetime="${report.startedAt}">${dateText(report.startedAt)}</time>`, html`${MESSAGES.took(MESSAGES.duration(summary.durationMs))}`];
  if (summary.shard) meta.push(html`${MESSAGES.shard(summary.shard.index, summary.shard.count)}`);
  return html`<header class="top">
<h1>${MESSAGES.heading}</h1>
<p class="verdict ${state}">${icon ? html`<span class="icon" aria-hidden="true">${icon}</span> ` : raw('')}${verdict}</p>
<p class="meta">${join(meta, ' · ')}</p>
</header>`;
}

function glance(report: FleetReport): SafeHtml {
  const { summary } = report;
  const statuses = (['fail', 'invalid', 'unreachable', 'warn', 'pass'] as const).map((status) => ({ status, count: summary[status] }));
  const described = MESSAGES.listJoin(statuses.map(({ status, count }) => MESSAGES.glanceCount(count, MESSAGES.customerStatus(status))));
  const segments = statuses
    .filter(({ count }) => count > 0)
    .map(({ status, count }) => html`<span class="seg ${status}" style="flex-grow:${count}"></span>`);
  const tiles = statuses.map(
    ({ status, count }) => html`<li class="tile ${status}${count === 0 ? ' zero' : ''}"><span class="count">${count}</span><span class="label"><span class="icon" aria-hidden="true">${CUSTOMER_ICON[status]}</span> ${MESSAGES.customerStatus(status)}</span></li>`,
  );
  const checkParts = CHECK_ORDER.filter((status) => summary.checks[status] > 0).map((status) => MESSAGES.checkCount(status, summary.checks[status]));
  return html`<section class="glance" aria-labelledby="glance-heading">
<h2 id="glance-heading">${MESSAGES.glanceHeading}</h2>
<div class="bar" role="img" aria-label="${MESSAGES.glanceBar(described)}">${segments}</div>
<ul class="tiles">${tiles}</ul>
${checkParts.length > 0 ? html`<p class="checks-line">${MESSAGES.checksLine(MESSAGES.listJoin(checkParts))}</p>` : raw('')}
</section>`;
}

function changesSection(changes: FleetChanges, anchors: Map<string, string>): SafeHtml {
  const groups = CHANGE_ORDER.filter((key) => changes[key].length > 0).map((key) => {
    const names = changes[key].map((name) => {
      const anchor = anchors.get(name);
      return anchor ? html`<li><a href="#${anchor}">${name}</a></li>` : html`<li>${name}</li>`;
    });
    return html`<section class="change ${CHANGE_CLASS[key]}" aria-labelledby="change-${key}">
<h3 id="change-${key}"><span class="icon" aria-hidden="true">${CHANGE_ICON[key]}</span> ${MESSAGES.changes(key)} <span class="n">(${changes[key].length})</span></h3>
<ul>${names}</ul>
</section>`;
  });
  return html`<section class="changes" aria-labelledby="changes-heading">
<h2 id="changes-heading">${MESSAGES.changesHeading}</h2>
${groups.length > 0 ? html`<div class="change-groups">${groups}</div>` : html`<p>${MESSAGES.noChanges}</p>`}
</section>`;
}

function customersSection(customers: FleetCustomer[], changes: FleetChanges | undefined, anchors: Map<string, string>): SafeHtml {
  const rows = customers.map((customer) => customerRow(customer, changes, anchors.get(customer.name) ?? ''));
  return html`<section class="customers" aria-labelledby="customers-heading">
<h2 id="customers-heading">${MESSAGES.customersHeading}</h2>
${rows.length > 0 ? html`<ul class="customer-list">${rows}</ul>` : html`<p>${MESSAGES.noCustomers}</p>`}
</section>`;
}

function customerRow(customer: FleetCustomer, changes: FleetChanges | undefined, anchor: string): SafeHtml {
  const checks = sortChecks(customer.checks);
  const counts = CHECK_ORDER.filter((status) => status !== 'skip' && status !== 'manual')
    .map((status) => ({ status, count: customer.checks.filter((check) => check.status === status).length }))
    .filter(({ count }) => count > 0)
    .map(({ status, count }) => MESSAGES.checkCount(status, count));
  const first = checks.find((check) => check.status === 'fail') ?? checks.find((check) => check.status === 'warn');
  const tag = changes?.newlyFailing.includes(customer.name)
    ? html` <span class="tag fail">${MESSAGES.tagNewlyFailing}</span>`
    : changes?.recovered.includes(customer.name)
      ? html` <span class="tag pass">${MESSAGES.tagRecovered}</span>`
      : changes?.added.includes(customer.name)
        ? html` <span class="tag info">${MESSAGES.tagAdded}</span>`
        : raw('');
  // The row says what broke without opening it: the customer's own problem, else its first failing
  // (or warning) check with what fb3cx found.
  const headline = customer.problem
    ? html`<span class="first">${customer.problem.message}</span>`
    : first
      ? html`<span class="first"><strong>${first.title}:</strong> ${shorten(first.detail, HEADLINE_MAX)}</span>`
      : raw('');
  return html`<li id="${anchor}" class="customer ${customer.status}">
<details>
<summary>
${badge(customer.status, CUSTOMER_ICON[customer.status], MESSAGES.customerStatus(customer.status))}
<span class="who"><span class="name">${customer.name}</span>${tag}${customer.pageName ? html`<span class="page-name">${customer.pageName}</span>` : raw('')}${headline}</span>
<span class="counts">${MESSAGES.listJoin(counts)}</span>
</summary>
<div class="body">
${customerFacts(customer)}
${customer.problem ? problemBlock(customer) : customer.status === 'unreachable' ? html`<p class="problem">${MESSAGES.unreachable}</p>` : raw('')}
${checkList(checks)}
</div>
</details>
</li>`;
}

function customerFacts(customer: FleetCustomer): SafeHtml {
  const facts: Array<[string, string]> = [];
  if (customer.pageId) facts.push([MESSAGES.pageId, customer.pageId]);
  if (customer.appId) facts.push([MESSAGES.appId, customer.appId]);
  if (customer.scenario) facts.push([MESSAGES.scenario, customer.scenario]);
  facts.push([MESSAGES.took2, MESSAGES.duration(customer.durationMs)]);
  return html`<dl class="facts">${facts.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>`;
}

function problemBlock(customer: FleetCustomer): SafeHtml {
  const problem = customer.problem;
  if (!problem) return raw('');
  const where = problem.line === undefined ? raw('') : html`<span class="where">${MESSAGES.inventoryLine(problem.line, problem.column)}</span> `;
  return html`<p class="problem">${where}${problem.message} <code>${problem.code}</code></p>`;
}

function checkList(checks: CheckResult[]): SafeHtml {
  if (checks.length === 0) return html`<p class="muted">${MESSAGES.noChecks}</p>`;
  const notable = checks.filter((check) => check.status === 'fail' || check.status === 'warn' || check.status === 'manual');
  const rest = checks.filter((check) => !notable.includes(check));
  const restList = html`<ol class="checks quiet">${rest.map(checkItem)}</ol>`;
  return html`${notable.length > 0 ? html`<ol class="checks">${notable.map(checkItem)}</ol>` : raw('')}
${rest.length > 0 ? (notable.length > 0 ? html`<details class="more"><summary>${MESSAGES.otherChecks(rest.length)}</summary>${restList}</details>` : restList) : raw('')}`;
}

function checkItem(check: CheckResult): SafeHtml {
  const fixLabel = check.status === 'manual' ? MESSAGES.howToCheck : MESSAGES.fix;
  return html`<li class="check ${check.status}">
${badge(check.status, CHECK_ICON[check.status], MESSAGES.checkStatus(check.status))}
<div class="what"><span class="title">${check.title}</span> <code>${check.id}</code>
<p class="detail">${check.detail}</p>
${check.fix && check.status !== 'pass' && check.status !== 'skip' ? html`<p class="fix"><strong>${fixLabel}</strong> ${check.fix}</p>` : raw('')}</div>
</li>`;
}

function badge(status: string, icon: string, word: string): SafeHtml {
  return html`<span class="badge ${status}"><span class="icon" aria-hidden="true">${icon}</span> ${word}</span>`;
}

function verdictText(report: FleetReport): string {
  const { summary } = report;
  if (summary.total === 0) return MESSAGES.verdictEmpty;
  const bad = summary.fail + summary.invalid + summary.unreachable;
  return bad > 0 ? MESSAGES.verdictAttention(bad, summary.total) : MESSAGES.verdictAllPass(summary.total);
}

/** The run's start in UTC, the same for everyone who opens the file wherever they are. */
function dateText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function sortCustomers(customers: FleetCustomer[], changes: FleetChanges | undefined): FleetCustomer[] {
  const newly = new Set(changes?.newlyFailing ?? []);
  return [...customers].sort(
    (a, b) =>
      CUSTOMER_ORDER.indexOf(a.status) - CUSTOMER_ORDER.indexOf(b.status) ||
      Number(newly.has(b.name)) - Number(newly.has(a.name)) ||
      a.name.localeCompare(b.name, 'en'),
  );
}

function sortChecks(checks: CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => CHECK_ORDER.indexOf(a.status) - CHECK_ORDER.indexOf(b.status));
}

// --- escaping -------------------------------------------------------------------------------

/** Markup this module built itself; everything else that goes into the page is text. */
class SafeHtml {
  constructor(readonly value: string) {}
}

type HtmlValue = string | number | SafeHtml | SafeHtml[];

function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function join(parts: SafeHtml[], separator: string): SafeHtml {
  return raw(parts.map((part) => part.value).join(escapeText(separator)));
}

/**
 * The template tag every piece of the page goes through: an interpolated string is scrubbed of
 * anything token-shaped and escaped, so a customer called `<script>` shows as that text.
 */
function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += valueMarkup(value) + (strings[index + 1] ?? '');
  });
  return raw(out);
}

function valueMarkup(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map((part) => part.value).join('');
  return escapeText(scrubTokenShapes(String(value)));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

// --- style ----------------------------------------------------------------------------------

const STYLE = `
:root{color-scheme:light dark;--bg:#f4f6f8;--card:#fff;--text:#1b2330;--muted:#5a6473;--line:#dfe3e8;--pass:#1a7f37;--pass-bg:#e3f4e8;--warn:#8a5a00;--warn-bg:#fff1cc;--fail:#c0262d;--fail-bg:#fde6e6;--invalid:#7a3fc4;--invalid-bg:#f0e8fc;--unreachable:#4a5868;--unreachable-bg:#e7ebf0;--info:#1f5fbf;--info-bg:#e3ecfb;--fix-bg:#f3f7ff;--fix-line:#8fb0e8}
@media (prefers-color-scheme:dark){:root{--bg:#0f141a;--card:#18202a;--text:#e6ebf1;--muted:#9aa6b4;--line:#2b3642;--pass:#56c47a;--pass-bg:#143021;--warn:#e7b53c;--warn-bg:#35290d;--fail:#ff6b6b;--fail-bg:#3a1719;--invalid:#b88cf2;--invalid-bg:#2b1f40;--unreachable:#a5b3c3;--unreachable-bg:#252f3a;--info:#79a8f2;--info-bg:#1a2a44;--fix-bg:#172334;--fix-line:#3d5f95}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif;overflow-wrap:anywhere}
.page{max-width:64rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .5rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
h3{font-size:1rem;margin:0 0 .35rem}
a{color:var(--info)}
code{font:.85em/1.3 ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;color:var(--muted);background:var(--bg);border:1px solid var(--line);border-radius:.3rem;padding:0 .3rem;white-space:normal}
.verdict{display:inline-flex;gap:.4rem;align-items:center;font-size:1.1rem;font-weight:600;margin:0 0 .35rem;padding:.35rem .8rem;border-radius:999px;background:var(--card);border:1px solid var(--line)}
.verdict.fail{color:var(--fail);background:var(--fail-bg);border-color:transparent}
.verdict.warn{color:var(--warn);background:var(--warn-bg);border-color:transparent}
.verdict.pass{color:var(--pass);background:var(--pass-bg);border-color:transparent}
.meta{color:var(--muted);margin:.25rem 0 0;font-size:.95rem}
main>section{background:var(--card);border:1px solid var(--line);border-radius:.75rem;padding:1rem;margin-top:1rem}
.bar{display:flex;height:.9rem;border-radius:999px;overflow:hidden;background:var(--line);gap:2px}
.seg{display:block;min-width:.5rem}
.seg.pass{background:var(--pass)}.seg.warn{background:var(--warn)}.seg.fail{background:var(--fail)}.seg.invalid{background:var(--invalid)}.seg.unreachable{background:var(--unreachable)}
.tiles{list-style:none;margin:.9rem 0 0;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(8.5rem,1fr));gap:.6rem}
.tile{border-radius:.6rem;padding:.55rem .75rem;background:var(--bg);border-left:.3rem solid var(--line)}
.tile .count{display:block;font-size:1.9rem;font-weight:700;line-height:1.1}
.tile .label{color:var(--muted);font-size:.95rem}
.tile.pass{border-left-color:var(--pass)}.tile.warn{border-left-color:var(--warn)}.tile.fail{border-left-color:var(--fail)}.tile.invalid{border-left-color:var(--invalid)}.tile.unreachable{border-left-color:var(--unreachable)}
.tile.fail:not(.zero){background:var(--fail-bg)}.tile.fail:not(.zero) .count{color:var(--fail)}
.tile.zero{opacity:.6}
.checks-line{color:var(--muted);margin:.75rem 0 0;font-size:.95rem}
.change-groups{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.75rem}
.change{border-radius:.6rem;padding:.6rem .8rem;background:var(--bg);border-left:.3rem solid var(--line)}
.change ul{margin:0;padding-left:1.2rem}
.change .n{color:var(--muted);font-weight:400}
.change.fail{background:var(--fail-bg);border-left-color:var(--fail)}.change.fail h3{color:var(--fail)}
.change.pass{border-left-color:var(--pass)}.change.pass h3{color:var(--pass)}
.change.info{border-left-color:var(--info)}.change.info h3{color:var(--info)}
.change.muted h3,.change.fail-muted h3{color:var(--muted)}.change.fail-muted{border-left-color:var(--fail)}
.customer-list{list-style:none;margin:0;padding:0}
.customer{border-top:1px solid var(--line)}
.customer:first-child{border-top:0}
.customer>details>summary{display:grid;grid-template-columns:8.5rem minmax(0,1fr) auto;gap:.25rem .75rem;align-items:start;padding:.75rem .25rem;cursor:pointer;list-style:none}
.customer>details>summary::-webkit-details-marker{display:none}
.customer>details>summary::after{content:"▸";color:var(--muted);grid-column:3;grid-row:1;justify-self:end;transition:transform .15s}
.customer>details[open]>summary::after{transform:rotate(90deg)}
.customer>details>summary:hover{background:var(--bg)}
.customer>details>summary:focus-visible{outline:2px solid var(--info);outline-offset:2px}
.who{display:flex;flex-direction:column;min-width:0}
.name{font-weight:600}
.page-name{color:var(--muted);font-size:.92rem}
.first{font-size:.92rem;margin-top:.15rem}
.counts{color:var(--muted);font-size:.9rem;text-align:right;grid-column:3;grid-row:1;padding-right:1.25rem}
.badge{display:inline-flex;align-items:center;gap:.3rem;justify-self:start;white-space:nowrap;font-size:.85rem;font-weight:600;border-radius:999px;padding:.1rem .6rem;background:var(--unreachable-bg);color:var(--unreachable)}
.badge.pass{background:var(--pass-bg);color:var(--pass)}.badge.warn{background:var(--warn-bg);color:var(--warn)}.badge.fail{background:var(--fail-bg);color:var(--fail)}.badge.invalid{background:var(--invalid-bg);color:var(--invalid)}.badge.manual{background:var(--info-bg);color:var(--info)}.badge.skip{background:var(--bg);color:var(--muted)}
.tag{display:inline-block;width:max-content;font-size:.75rem;font-weight:600;text-transform:uppercase;letter-spacing:.03em;border-radius:.3rem;padding:0 .4rem;margin:.15rem 0}
.tag.fail{background:var(--fail);color:var(--card)}.tag.pass{background:var(--pass);color:var(--card)}.tag.info{background:var(--info);color:var(--card)}
.body{padding:0 .25rem 1rem 9.25rem}
.facts{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0 0 .75rem;font-size:.9rem}
.facts div{display:flex;gap:.4rem}
.facts dt{color:var(--muted)}
.facts dd{margin:0}
.problem{background:var(--invalid-bg);border-radius:.5rem;padding:.5rem .75rem;margin:0 0 .75rem}
.customer.unreachable .problem{background:var(--unreachable-bg)}
.where{font-weight:600}
.checks{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
.check{display:grid;grid-template-columns:8.5rem minmax(0,1fr);gap:.25rem .75rem;align-items:start}
.check .title{font-weight:600}
.check .detail{margin:.15rem 0 0}
.fix{margin:.4rem 0 0;padding:.45rem .7rem;border-left:.25rem solid var(--fix-line);background:var(--fix-bg);border-radius:.35rem}
.checks.quiet .title{font-weight:400}
.checks.quiet .detail{color:var(--muted);font-size:.92rem}
.more{margin-top:.75rem}
.more>summary{cursor:pointer;color:var(--muted);margin-bottom:.5rem}
.muted{color:var(--muted)}
footer{color:var(--muted);font-size:.85rem;text-align:center;margin-top:1.5rem}
@media (max-width:40rem){
.page{padding:1rem .75rem 1.5rem}
h1{font-size:1.35rem}
main>section{padding:.85rem;border-radius:.6rem}
.customer>details>summary{grid-template-columns:minmax(0,1fr) auto}
.customer>details>summary .badge{grid-column:1;grid-row:1}
.customer>details>summary::after{grid-column:2;grid-row:1}
.who{grid-column:1/-1;grid-row:2}
.counts{grid-column:1/-1;grid-row:3;text-align:left;padding-right:0}
.body{padding:0 .25rem 1rem}
.check{grid-template-columns:minmax(0,1fr)}
.tiles{grid-template-columns:repeat(2,minmax(0,1fr))}
}
`;
