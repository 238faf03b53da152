import { XMLBuilder } from 'fast-xml-parser';
import type { CheckResult } from '../core/verify/types.js';
import { t } from '../i18n/index.js';
import { writeReportFile } from './report-file.js';
import { scrubTokenShapes } from './scrub.js';
import type { FleetCustomer, FleetReport } from './types.js';

/**
 * `--junit <file>`: the fleet as JUnit XML, the one test report format every CI system draws
 * without a plugin. One <testsuite> per customer, one <testcase> per check. The element and
 * attribute names follow the schema Jenkins, GitLab, GitHub's test reporters and Azure read:
 * testsuites > testsuite(name, tests, failures, errors, skipped, time) > testcase(classname,
 * name, time) with <failure>, <error>, <skipped> or <system-out> inside.
 *
 * - fail: <failure>, its detail as the message and the fix in the body.
 * - a check that could not reach Meta or 3CX at all: <error> (it did not get to test anything).
 * - warn: a passing testcase whose <system-out> carries the warning; `--strict` is already
 *   counted in the report's `ok`, a test report shows what each check found.
 * - skip and manual: <skipped>.
 * - an invalid row or a customer that could not run: a `fleet.customer` testcase with <error>.
 *
 * The human text (names of cases, messages) follows the language; the structure never does.
 */

/** An invalid row's text: where in the inventory, when known, and why. */
function invalidRowText(problem: { message: string; line?: number | undefined; column?: string | undefined }): string {
  const { message, line, column } = problem;
  if (line === undefined) return t('fleet.junit.invalidRow', { message });
  return column ? t('fleet.junit.invalidRowLineColumn', { line, column, message }) : t('fleet.junit.invalidRowLine', { line, message });
}

/** An element as fast-xml-parser's builder takes it: `@name` keys are attributes, `#text` is text. */
interface XmlElement {
  [key: string]: string | XmlElement | XmlElement[];
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export function renderJunit(report: FleetReport): string {
  const totals: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const timestamp = junitTimestamp(report.startedAt);
  const suites: XmlElement[] = [];
  for (const customer of report.customers) {
    const { suite, counts } = customerSuite(customer, timestamp);
    suites.push(suite);
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
    totals.skipped += counts.skipped;
  }
  const document: XmlElement = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: { '@name': t('fleet.junit.suitesName'), ...countAttributes(totals), '@time': seconds(report.summary.durationMs), '@timestamp': timestamp, testsuite: suites },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', format: true, indentBy: '  ', suppressEmptyNode: true });
  return builder.build(document);
}

export async function writeJunit(report: FleetReport, file: string): Promise<void> {
  await writeReportFile(file, renderJunit(report), '--junit');
}

function customerSuite(customer: FleetCustomer, timestamp: string): { suite: XmlElement; counts: Counts } {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const classname = text(customer.name);
  const testcases: XmlElement[] = [];

  if (customer.status === 'invalid' || customer.status === 'unreachable' || customer.problem) {
    counts.tests++;
    counts.errors++;
    const problem = customer.problem;
    const message = problem?.message ?? t('fleet.unreachable');
    const body = customer.status === 'invalid' ? invalidRowText({ ...problem, message }) : message;
    testcases.push({
      '@classname': classname,
      '@name': t('fleet.junit.customerCase'),
      '@time': seconds(customer.checks.length === 0 ? customer.durationMs : 0),
      error: { '@message': text(message), '@type': text(problem?.code ?? customer.status), '#text': text(body) },
    });
  }

  for (const check of customer.checks) {
    counts.tests++;
    testcases.push({ '@classname': classname, '@name': text(`${check.id}: ${check.title}`), '@time': seconds(check.durationMs), ...checkOutcome(check, counts) });
  }

  const suite: XmlElement = { '@name': classname, ...countAttributes(counts), '@time': seconds(customer.durationMs), '@timestamp': timestamp };
  // Ant's schema puts <properties> before the testcases.
  suite.properties = { property: customerProperties(customer).map(([name, value]) => ({ '@name': name, '@value': text(value) })) };
  suite.testcase = testcases;
  return { suite, counts };
}

/** The element inside a check's <testcase>, if any, counted as CI systems count it. */
function checkOutcome(check: CheckResult, counts: Counts): XmlElement {
  const fix = check.fix === undefined ? undefined : t('fleet.junit.fix', { fix: check.fix });
  const body = fix ? `${check.detail}\n${fix}` : check.detail;
  switch (check.status) {
    case 'pass':
      return {};
    case 'warn':
      return { 'system-out': text(fix ? `${t('fleet.junit.warning', { detail: check.detail })}\n${fix}` : t('fleet.junit.warning', { detail: check.detail })) };
    case 'fail':
      if (check.unreachable) {
        counts.errors++;
        return { error: { '@message': text(check.detail), '@type': 'unreachable', '#text': text(body) } };
      }
      counts.failures++;
      return { failure: { '@message': text(check.detail), '@type': 'fail', '#text': text(body) } };
    case 'skip':
      counts.skipped++;
      return { skipped: { '@message': text(check.detail) } };
    case 'manual':
      counts.skipped++;
      return { skipped: { '@message': text(t('fleet.junit.manual', { detail: check.detail })), '#text': text(check.fix ?? check.detail) } };
  }
}

function customerProperties(customer: FleetCustomer): Array<[string, string]> {
  const properties: Array<[string, string]> = [['status', customer.status]];
  if (customer.pageName) properties.push(['pageName', customer.pageName]);
  if (customer.pageId) properties.push(['pageId', customer.pageId]);
  if (customer.appId) properties.push(['appId', customer.appId]);
  if (customer.scenario) properties.push(['scenario', customer.scenario]);
  return properties;
}

function countAttributes(counts: Counts): XmlElement {
  return { '@tests': String(counts.tests), '@failures': String(counts.failures), '@errors': String(counts.errors), '@skipped': String(counts.skipped) };
}

/** Ant's JUnit schema wants the start time without a zone: the UTC time the run started. */
function junitTimestamp(startedAt: string): string {
  const date = new Date(startedAt);
  return Number.isNaN(date.getTime()) ? startedAt : date.toISOString().slice(0, 19);
}

/** JUnit times are seconds with a decimal point. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/**
 * Characters XML 1.0 cannot hold at all (most control characters, lone surrogates): a CI server
 * refuses the whole file over one of them, so each becomes U+FFFD. The builder escapes the rest.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return scrubTokenShapes(value).replace(NOT_XML, '\uFFFD');
}
