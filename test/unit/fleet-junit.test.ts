import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UsageError } from '../../src/errors.js';
import { renderJunit, writeJunit } from '../../src/fleet/junit.js';
import type { FleetReport } from '../../src/fleet/types.js';
import { APP_TOKEN_LOOKALIKE, fleetCustomers, fleetReport, HOSTILE_NAME, TOKEN_LOOKALIKE } from '../fixtures/fleet-report.js';

/** The parsed document as a plain tree, read back with the same XML library the writer uses. */
interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}
type XmlValue = string | { [key: string]: XmlValue } | XmlValue[];

function elements(name: string, value: XmlValue): Element[] {
  if (typeof value === 'string') return [{ name, attrs: {}, children: [], text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => elements(name, item));
  const element: Element = { name, attrs: {}, children: [], text: '' };
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('@')) element.attrs[key.slice(1)] = typeof child === 'string' ? child : '';
    else if (key === '#text') element.text = typeof child === 'string' ? child : '';
    else element.children.push(...elements(key, child));
  }
  return [element];
}

/** A well-formed document, parsed back with entities decoded and every value kept a string. */
function parse(xml: string): Element {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', textNodeName: '#text', parseTagValue: false, parseAttributeValue: false, trimValues: false, ignoreDeclaration: true });
  const document: XmlValue = parser.parse(xml);
  const [root] = elements('#document', document).flatMap((doc) => doc.children);
  if (!root) throw new Error('no root element');
  return root;
}

const childrenNamed = (element: Element, name: string) => element.children.filter((child) => child.name === name);
const OUTCOMES = ['failure', 'error', 'skipped'];

/** The shape CI systems read (Ant's JUnit schema, as Jenkins, GitLab and GitHub's reporters take it). */
function expectJunitShape(root: Element): void {
  expect(root.name).toBe('testsuites');
  let totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of childrenNamed(root, 'testsuite')) {
    expect(suite.attrs.name?.length).toBeGreaterThan(0);
    expect(suite.attrs.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(suite.attrs.time).toMatch(/^\d+\.\d{3}$/);
    const cases = childrenNamed(suite, 'testcase');
    const count = (name: string) => cases.filter((testcase) => childrenNamed(testcase, name).length > 0).length;
    const counts = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
    expect({ tests: Number(suite.attrs.tests), failures: Number(suite.attrs.failures), errors: Number(suite.attrs.errors), skipped: Number(suite.attrs.skipped) }).toEqual(counts);
    for (const testcase of cases) {
      expect(testcase.attrs.classname).toBe(suite.attrs.name);
      expect(testcase.attrs.name?.length).toBeGreaterThan(0);
      expect(testcase.attrs.time).toMatch(/^\d+\.\d{3}$/);
      // At most one outcome per testcase, and failure/error carry a type (Ant's schema requires it).
      expect(testcase.children.filter((child) => OUTCOMES.includes(child.name)).length).toBeLessThanOrEqual(1);
      for (const outcome of testcase.children.filter((child) => child.name === 'failure' || child.name === 'error')) expect(outcome.attrs.type?.length).toBeGreaterThan(0);
    }
    // <properties> comes first when present.
    if (childrenNamed(suite, 'properties').length > 0) expect(suite.children[0]?.name).toBe('properties');
    totals = { tests: totals.tests + counts.tests, failures: totals.failures + counts.failures, errors: totals.errors + counts.errors, skipped: totals.skipped + counts.skipped };
  }
  expect({ tests: Number(root.attrs.tests), failures: Number(root.attrs.failures), errors: Number(root.attrs.errors), skipped: Number(root.attrs.skipped) }).toEqual(totals);
}

function suiteOf(root: Element, name: string): Element {
  const suite = childrenNamed(root, 'testsuite').find((candidate) => candidate.attrs.name === name);
  if (!suite) throw new Error(`no testsuite ${name}`);
  return suite;
}

function caseOf(suite: Element, id: string): Element {
  const testcase = childrenNamed(suite, 'testcase').find((candidate) => candidate.attrs.name?.startsWith(`${id}: `));
  if (!testcase) throw new Error(`no testcase ${id}`);
  return testcase;
}

describe('renderJunit', () => {
  const report = fleetReport();
  const xml = renderJunit(report);
  const root = parse(xml);

  it('writes one testsuite per customer and one testcase per check, in the JUnit shape', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expectJunitShape(root);
    expect(childrenNamed(root, 'testsuite').map((suite) => suite.attrs.name)).toEqual(report.customers.map((customer) => customer.name));
    const contoso = suiteOf(root, 'Contoso Dental');
    expect(childrenNamed(contoso, 'testcase')).toHaveLength(report.customers[0]?.checks.length ?? -1);
    expect(caseOf(contoso, 'token.valid').attrs.name).toBe('token.valid: Page token is accepted');
    expect(root.attrs.time).toBe('73.400');
    expect(root.attrs.timestamp).toBe('2026-05-08T02:00:04');
  });

  it('turns a failed check into <failure> with the detail as message and the fix in the body', () => {
    const failure = childrenNamed(caseOf(suiteOf(root, 'Wide World Importers'), 'page.subscription'), 'failure')[0];
    expect(failure?.attrs.message).toBe('no app is subscribed to the page, so Meta delivers no messages');
    expect(failure?.text).toContain('Fix: Run "fb3cx subscribe"');
    expect(suiteOf(root, 'Wide World Importers').attrs.failures).toBe('1');
  });

  it('keeps a warning a pass, with the warning and fix in <system-out>', () => {
    const testcase = caseOf(suiteOf(root, 'Northwind Traders'), 'token.expiry');
    expect(testcase.children.map((child) => child.name)).toEqual(['system-out']);
    expect(testcase.children[0]?.text).toMatch(/^Warning: expires on 2026-05-20 \(in 12 days\)\nFix: Run fb3cx token exchange/);
    expect(suiteOf(root, 'Northwind Traders').attrs).toMatchObject({ failures: '0', errors: '0' });
  });

  it('marks skipped and manual checks <skipped>, the manual one with how to check by hand', () => {
    const tailspin = suiteOf(root, 'Tailspin Toys');
    expect(childrenNamed(caseOf(tailspin, 'token.type'), 'skipped')[0]?.attrs.message).toContain('not checked');
    const manual = childrenNamed(caseOf(tailspin, 'app.mode'), 'skipped')[0];
    expect(manual?.attrs.message).toBe('Check by hand: Meta does not say whether the app is Live');
    expect(manual?.text).toContain('App Mode switch');
    expect(Number(tailspin.attrs.skipped)).toBe(report.customers.find((c) => c.name === 'Tailspin Toys')?.checks.filter((c) => c.status === 'skip' || c.status === 'manual').length);
  });

  it('reports an invalid row as one fleet.customer testcase with <error> naming the line and column', () => {
    const suite = suiteOf(root, 'Alpine Ski House');
    const cases = childrenNamed(suite, 'testcase');
    expect(cases).toHaveLength(1);
    expect(cases[0]?.attrs.name).toMatch(/^fleet\.customer/);
    const error = childrenNamed(cases[0] ?? suite, 'error')[0];
    expect(error?.attrs).toMatchObject({ type: 'inventory.bad-id', message: 'pageId "12ab-x" is not a page ID (digits only).' });
    expect(error?.text).toContain('line 9, column pageId');
    expect(suite.attrs).toMatchObject({ tests: '1', errors: '1', failures: '0' });
  });

  it('reports an unreachable customer as an error, and its unreachable check as <error>, not <failure>', () => {
    const suite = suiteOf(root, 'Blue Yonder Airlines');
    expect(childrenNamed(childrenNamed(suite, 'testcase')[0] ?? suite, 'error')[0]?.attrs.type).toBe('network');
    expect(childrenNamed(caseOf(suite, 'token.valid'), 'error')[0]?.attrs.type).toBe('unreachable');
    expect(suite.attrs).toMatchObject({ errors: '2', failures: '0' });
  });

  it('escapes hostile names and keeps them readable after parsing', () => {
    expect(xml).not.toContain('<script>');
    expect(suiteOf(root, HOSTILE_NAME).attrs.name).toBe(HOSTILE_NAME);
    const property = childrenNamed(childrenNamed(suiteOf(root, HOSTILE_NAME), 'properties')[0] ?? root, 'property').find((p) => p.attrs.name === 'pageName');
    expect(property?.attrs.value).toBe('<img src=x onerror=alert(1)>');
  });

  it('hides anything shaped like a token', () => {
    expect(xml).not.toContain(TOKEN_LOOKALIKE);
    expect(xml).not.toContain(APP_TOKEN_LOOKALIKE.split('|')[1]);
    expect(childrenNamed(caseOf(suiteOf(root, 'Tailspin Toys'), 'token.valid'), 'failure')[0]?.attrs.message).toContain('EAA…[hidden]');
  });

  it('replaces characters XML 1.0 cannot hold instead of writing a file no CI can read', () => {
    const [first] = fleetCustomers();
    if (!first) throw new Error('fixture');
    const odd: FleetReport = fleetReport({ customers: [{ ...first, name: 'Bell\u0007 Co', checks: first.checks.map((check) => ({ ...check, detail: 'nul\u0000byte' })) }] });
    const parsed = parse(renderJunit(odd));
    expectJunitShape(parsed);
    expect(childrenNamed(parsed, 'testsuite')[0]?.attrs.name).toBe('Bell\uFFFD Co');
  });

  it('writes an empty fleet as an empty, valid document', () => {
    const parsed = parse(renderJunit(fleetReport({ customers: [], changes: false })));
    expectJunitShape(parsed);
    expect(parsed.attrs.tests).toBe('0');
  });
});

describe('writeJunit', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('replaces the file whole and leaves no temporary file behind', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb3cx-junit-'));
    const file = join(dir, 'fleet.xml');
    writeFileSync(file, 'old report');
    await writeJunit(fleetReport(), file);
    expect(readFileSync(file, 'utf8')).toBe(renderJunit(fleetReport()));
    expect(readdirSync(dir)).toEqual(['fleet.xml']);
  });

  it('refuses a folder that does not exist with a usage error naming the flag and the folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb3cx-junit-'));
    const missing = join(dir, 'no-such-folder');
    const error = await writeJunit(fleetReport(), join(missing, 'fleet.xml')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect(error instanceof UsageError && error.message).toContain(`--junit ${join(missing, 'fleet.xml')}: the folder ${missing} does not exist`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a path that is a folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'fb3cx-junit-'));
    await expect(writeJunit(fleetReport(), dir)).rejects.toThrow(/is a folder/);
  });
});
