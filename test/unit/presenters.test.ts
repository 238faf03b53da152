import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { HumanLine, JsonDocument, Presenter, Screen } from '../../src/commands/types.js';
import { verifyPresenter, type VerifyResult } from '../../src/commands/present/verify.js';
import { subscribePresenter, type SubscribeResult } from '../../src/commands/present/subscribe.js';
import { triggerPresenter, type TriggerResult } from '../../src/commands/present/trigger.js';
import { reviewTextPresenter, type ReviewTextResult } from '../../src/commands/present/review-text.js';
import {
  configGetPresenter,
  configListPresenter,
  configPathPresenter,
  configSetPresenter,
  configUnsetPresenter,
  configUsePresenter,
} from '../../src/commands/present/config.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import type { VerifyReport } from '../../src/core/verify/types.js';
import { Output } from '../../src/io/output.js';

const plain = new Chalk({ level: 0 });
const screen: Screen = { style: plain, errStyle: plain, columns: undefined };

/** What the human renderer writes, split the way Output.present writes it. */
function human<R, D extends JsonDocument>(presenter: Presenter<R, D>, result: R): { stdout: string[]; stderr: string[] } {
  const lines: HumanLine[] = presenter.human(result, screen);
  return {
    stdout: lines.flatMap((line) => (typeof line === 'string' ? line.split('\n') : [])),
    stderr: [...lines.flatMap((line) => (typeof line === 'string' ? [] : [line.stderr])), ...(presenter.notes?.(result, screen) ?? [])],
  };
}

function report(statuses: Array<VerifyReport['checks'][number]['status']>): VerifyReport {
  const checks = statuses.map((status, index) => ({ id: `token.check${index}`, title: `Check ${index}`, status, detail: `detail ${index} is ${status}`, durationMs: 3, ...(status === 'fail' || status === 'warn' || status === 'manual' ? { fix: `fix ${index}` } : {}) }));
  const summary = { pass: 0, warn: 0, fail: 0, skip: 0, manual: 0 };
  for (const check of checks) summary[check.status]++;
  return { schemaVersion: 1, ok: summary.fail === 0, summary, checks };
}

describe('verify presenter', () => {
  const base: VerifyResult = { report: report(['pass', 'warn', 'fail', 'skip', 'manual']), pageId: '1234567890', appId: '987654321', graphVersion: 'v25.0', sandbox: undefined, strict: false };

  it('--json is the report; the text shows every check of it with its status and the verdict', () => {
    const json = verifyPresenter.json(base);
    expect(json).toBe(base.report);
    const text = human(verifyPresenter, base).stdout.join('\n');
    expect(text).toContain('page 1234567890 · app 987654321 · Graph v25.0');
    for (const check of json.checks) {
      const line = text.split('\n').find((l) => l.includes(check.id));
      expect(line, check.id).toContain(check.status === 'skip' ? `skipped: ${check.detail}` : check.detail);
      if (check.fix) expect(text).toContain(`${check.status === 'manual' ? 'By hand:' : 'Fix:'} ${check.fix}`);
    }
    expect(text).toMatch(/\? token\.check4 +detail 4 is manual/);
    expect(text).toContain(json.ok ? '✔ OK' : '✖ NOT OK');
    expect(text).toContain(`${json.summary.pass} passed, ${json.summary.warn} warning, ${json.summary.fail} failed, ${json.summary.skip} skipped, ${json.summary.manual} to check by hand`);
  });

  it('a fix said once is not repeated word for word: later checks point back to the first', () => {
    const checks = ['token.valid', 'token.type', 'token.page'].map((id) => ({ id, title: id, status: 'fail' as const, detail: `${id} failed`, fix: 'Generate a new page token.', durationMs: 1 }));
    const dead: VerifyResult = { ...base, report: { schemaVersion: 1, ok: false, summary: { pass: 0, warn: 0, fail: 3, skip: 0, manual: 0 }, checks } };
    const text = human(verifyPresenter, dead).stdout.join('\n');
    expect(text.split('Generate a new page token.').length - 1).toBe(1);
    expect(text.match(/Fix: as for token\.valid above\./g)).toHaveLength(2);
    // --json keeps each check's own fix for machines.
    expect(verifyPresenter.json(dead).checks.every((check) => check.fix === 'Generate a new page token.')).toBe(true);
  });

  it('--strict explains a NOT OK that only warnings caused, on stderr', () => {
    const warned: VerifyResult = { ...base, report: { ...report(['pass', 'warn']), ok: false }, strict: true };
    expect(verifyPresenter.json(warned).ok).toBe(false);
    const out = human(verifyPresenter, warned);
    expect(out.stdout.join('\n')).toContain('✖ NOT OK');
    expect(out.stderr).toEqual(['--strict: warnings count as failures.']);
    expect(human(verifyPresenter, base).stderr).toEqual([]);
  });
});

describe('subscribe presenter', () => {
  const applied: SubscribeResult = { pageId: '1234567890', dryRun: false, allSix: true, before: ['messages'], after: ['messages', 'message_echoes'], added: ['message_echoes'], changes: true, changed: true, missing: [] };
  const cases: Array<[string, SubscribeResult, string | undefined]> = [
    ['applied', applied, 'after'],
    ['dry run', { ...applied, dryRun: true, changed: false }, 'would'],
    ['missing on read-back', { ...applied, after: ['messages'], missing: ['message_echoes'] }, 'after'],
    ['app gone on read-back', { ...applied, after: undefined, missing: ['messages', 'message_echoes'] }, 'after'],
    ['nothing to change', { ...applied, before: ['messages'], after: ['messages'], added: [], changes: false, changed: false }, undefined],
  ];

  it.each(cases)('%s: the text shows the same before, after and verdict as the JSON', (_name, result, afterLabel) => {
    const json = subscribePresenter.json(result);
    const { stdout } = human(subscribePresenter, result);
    const list = (fields: string[] | null) => (fields === null ? '(app not subscribed)' : fields.join(', '));
    expect(stdout[0]).toBe(`Page ${json.pageId}`);
    expect(stdout[1]).toBe(`  before  ${list(json.before)}`);
    if (afterLabel === undefined) {
      expect(json.changed).toBe(false);
      expect(stdout[2]).toContain('✔ already subscribed to all six fields; nothing to change');
      return;
    }
    // One field, result.after, behind both: the "would"/"after" line and the JSON's after.
    expect(stdout[2]).toBe(`  ${afterLabel.padEnd(6)}  ${list(json.after)}`);
    expect(stdout[3]?.startsWith(json.dryRun ? '  dry run: would add' : json.ok ? '  ✔' : '  ✖')).toBe(true);
    for (const field of json.missing) expect(stdout[3]).toContain(field);
    if (!json.missing.length && json.added.length) expect(stdout[3]).toContain(json.added.join(', '));
  });

  it('--dry-run: the JSON says what would be there afterwards, as the text does, and nothing changed', () => {
    const dry: SubscribeResult = { ...applied, dryRun: true, changed: false };
    expect(subscribePresenter.json(dry)).toMatchObject({ dryRun: true, changed: false, after: ['messages', 'message_echoes'] });
    expect(human(subscribePresenter, dry).stdout.at(-1)).toBe('  dry run: would add message_echoes; nothing was changed');
    expect(human(subscribePresenter, dry).stderr).toEqual([]);
    expect(human(subscribePresenter, applied).stderr).toEqual(['Events arrive only for fields subscribed on both the page and the app webhook; fb3cx verify checks both.']);
  });
});

describe('trigger presenter', () => {
  const request = {
    type: 'message' as const,
    url: 'http://127.0.0.1:8080/webhook',
    events: 2,
    entries: 2,
    signature: 'sha256' as const,
    pageId: '1234567890',
    senderId: '24000000000001',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=abc' },
    payload: { object: 'page' as const, entry: [{ id: '1234567890' }, { id: '1234567890' }] },
  };

  it('--dry-run: the JSON and the text carry the same headers and body', () => {
    const result: TriggerResult = { ...request, answer: undefined };
    const json = triggerPresenter.json(result);
    const out = human(triggerPresenter, result);
    expect(json).toMatchObject({ ok: true, dryRun: true, events: 2, url: request.url });
    if (!('headers' in json)) throw new Error('a dry run document lists the headers');
    expect(out.stdout.slice(0, 2)).toEqual(Object.entries(json.headers).map(([name, value]) => `${name}: ${value}`));
    expect(JSON.parse(out.stdout.slice(3).join('\n'))).toEqual(json.payload);
    expect(out.stderr).toEqual([`Would POST 2 message events to ${json.url} with these headers and body (nothing sent):`]);
  });

  it.each([
    [200, true],
    [403, false],
  ])('answered %i: the same status, ok and answer in both', (status, ok) => {
    const result: TriggerResult = { ...request, answer: { status, ms: 12, contentType: 'text/plain', body: 'EVENT_RECEIVED' } };
    const json = triggerPresenter.json(result);
    const out = human(triggerPresenter, result);
    expect(json).toMatchObject({ ok, status, ms: 12, response: { contentType: 'text/plain', body: 'EVENT_RECEIVED' } });
    expect(out.stdout[0]).toBe(`${ok ? '✔' : '✖'} Sent 2 message events in 2 entries (signed sha256) to ${request.url}: ${status} in 12 ms`);
    expect(out.stdout[1]).toBe('  Answer: EVENT_RECEIVED');
    expect(out.stderr.length).toBe(ok ? 0 : 1);
  });
});

describe('config presenters', () => {
  it('list: every profile and value of the JSON is in the text, and nothing else', () => {
    const result = { current: 'acme', path: '/tmp/x/config.json', profiles: { acme: { pageId: '1234567890', pageToken: 'EAAG…0123 (34 chars)', init: { completedStage: 2, updatedAt: '2026-01-01' } }, other: { company: 'Other Ltd' } } };
    const json = configListPresenter.json(result);
    const text = human(configListPresenter, result).stdout;
    expect(text).toEqual(['● acme (default)', '    pageId           1234567890', '    pageToken        EAAG…0123 (34 chars)', '    init             stage 2 of 4 done', '  other', '    company          Other Ltd']);
    expect(json).toEqual({ schemaVersion: 1, ...result });
    const empty = { current: 'default', path: '/tmp/x/config.json', profiles: {} };
    expect(human(configListPresenter, empty).stdout).toEqual([`No profiles yet (${empty.path}).`]);
  });

  it('get, set, unset, use and path: the same profile, key and value in both', () => {
    expect(configGetPresenter.json({ profile: 'acme', key: 'pageId', value: '42' })).toEqual({ schemaVersion: 1, profile: 'acme', key: 'pageId', set: true, value: '42' });
    expect(human(configGetPresenter, { profile: 'acme', key: 'pageId', value: '42' }).stdout).toEqual(['42']);
    expect(configGetPresenter.json({ profile: 'acme', key: 'pageId', value: undefined })).toMatchObject({ set: false, value: null });
    expect(human(configGetPresenter, { profile: 'acme', key: 'pageId', value: undefined })).toEqual({ stdout: [], stderr: ['pageId is not set in profile "acme".'] });

    const set = { profile: 'acme', key: 'pageToken' as const, shown: 'EAAG…0123 (34 chars)', secret: true };
    expect(configSetPresenter.json(set)).toEqual({ schemaVersion: 1, profile: 'acme', key: 'pageToken', saved: true });
    expect(human(configSetPresenter, set)).toEqual({ stdout: [], stderr: ['✔ pageToken saved in profile "acme" (EAAG…0123 (34 chars), file mode 0600).'] });

    for (const removed of [true, false]) {
      expect(configUnsetPresenter.json({ profile: 'acme', key: 'company', removed })).toEqual({ schemaVersion: 1, profile: 'acme', key: 'company', removed });
      expect(human(configUnsetPresenter, { profile: 'acme', key: 'company', removed }).stderr).toEqual([removed ? '✔ company removed from profile "acme".' : 'company was not set in profile "acme".']);
    }
    expect(configUsePresenter.json({ current: 'acme' })).toEqual({ schemaVersion: 1, current: 'acme' });
    expect(human(configUsePresenter, { current: 'acme' }).stderr).toEqual(['✔ "acme" is now the default profile.']);
    expect(configPathPresenter.json({ path: '/x/config.json' })).toEqual({ schemaVersion: 1, path: '/x/config.json' });
    expect(human(configPathPresenter, { path: '/x/config.json' }).stdout).toEqual(['/x/config.json']);
  });
});

describe('review-text presenter', () => {
  const pieces = [
    { id: 'verification-summary' as const, title: 'Verification summary', pasteInto: 'App Review > notes', text: 'Contoso uses this app.' },
    { id: 'test-instructions' as const, title: 'Test instructions', pasteInto: 'App Review > test', text: 'Extension: 901\nPassword: Secret-Pass-77' },
  ];
  const base: ReviewTextResult = { pieces, checks: [], warnings: [{ code: 'review.test', message: 'a warning' }], files: undefined, only: undefined, extension: '901', password: 'Secret-Pass-77' };

  it('every piece of the JSON is in the text, with its title and where it goes', () => {
    const json = reviewTextPresenter.json(base);
    const text = human(reviewTextPresenter, base).stdout.join('\n');
    expect(json.pieces.map((piece) => piece.id)).toEqual(pieces.map((piece) => piece.id));
    json.pieces.forEach((piece, index) => {
      expect(text).toContain(`[${index + 1}/2] ${piece.id}: ${piece.title}`);
      expect(text).toContain(`Where: ${piece.pasteInto}`);
      expect(text).toContain(piece.text);
    });
    expect(json.warnings).toEqual(['a warning']);
    expect(json.warningCodes).toEqual(['review.test']);
  });

  it('--piece prints that piece raw; --out prints the files the JSON names', () => {
    expect(human(reviewTextPresenter, { ...base, pieces: pieces.slice(1), only: 'test-instructions' }).stdout).toEqual(['Extension: 901', 'Password: Secret-Pass-77']);
    const files = { outDir: '/tmp/pack', paths: new Map([['verification-summary', '/tmp/pack/verification-summary.txt'], ['test-instructions', '/tmp/pack/test-instructions.txt']]) };
    const json = reviewTextPresenter.json({ ...base, files });
    expect(human(reviewTextPresenter, { ...base, files }).stdout).toEqual([...json.pieces.map((piece) => piece.file), '/tmp/pack/index.txt']);
    expect(json.outDir).toBe('/tmp/pack');
  });

  it('the reminder follows in both modes, and the password is the one secret the result shows', () => {
    expect(human(reviewTextPresenter, base).stderr.at(-1)).toContain('delete the temporary test extension 901');
    expect(reviewTextPresenter.shows?.(base)).toEqual(['Secret-Pass-77']);
  });
});

describe('Output.present, the one printer of results', () => {
  function output(json: boolean, secrets: string[]) {
    const written = { stdout: '', stderr: '' };
    const registry = new SecretRegistry();
    secrets.forEach((secret) => registry.add(secret));
    const out = new Output({ stdout: { write: (text: string) => (written.stdout += text) }, stderr: { write: (text: string) => (written.stderr += text) }, env: { NO_COLOR: '1' }, json, secrets: registry });
    return { out, written };
  }
  const pageToken = 'EAAGsecretsecretsecret1234';
  const result: ReviewTextResult = {
    pieces: [{ id: 'test-instructions', title: 'Test instructions', pasteInto: 'App Review', text: `Password: Secret-Pass-77 token ${pageToken}` }],
    checks: [],
    warnings: [],
    files: undefined,
    only: 'test-instructions',
    extension: '901',
    password: 'Secret-Pass-77',
  };

  it.each([false, true])('json=%s: the password shows, every other secret is masked, the notes go to stderr', (json) => {
    const { out, written } = output(json, [pageToken, 'Secret-Pass-77']);
    out.present(reviewTextPresenter, result);
    expect(written.stdout).toContain('Password: Secret-Pass-77');
    expect(written.stdout).not.toContain(pageToken);
    expect(written.stdout).toContain('EAAG…1234');
    if (json) expect(JSON.parse(written.stdout)).toMatchObject({ schemaVersion: 1, pieces: [{ id: 'test-instructions' }] });
    else expect(written.stdout).toBe(`Password: Secret-Pass-77 token EAAG…1234 (26 chars)\n`);
    expect(written.stderr).toContain('delete the temporary test extension 901');
    // The exemption is for this result only: the session's scrubber still masks the password.
    expect(out.secrets.scrub('Secret-Pass-77')).not.toContain('Secret-Pass-77');
  });

  it('a result without shown secrets masks them all', () => {
    const { out, written } = output(false, [pageToken]);
    out.present(configPathPresenter, { path: `/x/${pageToken}` });
    expect(written.stdout).not.toContain(pageToken);
  });
});

describe('cli.ts', () => {
  const source = readFileSync(new URL('../../src/cli.ts', import.meta.url), 'utf8');

  it('does not test command names: a command says in its spec how it prints', () => {
    expect(source).not.toMatch(/\.name\(\)\s*===/);
    expect(source).not.toMatch(/===\s*'(listen|init|verify|subscribe|trigger|config|review-text)'/);
    const config = readFileSync(new URL('../../src/commands/config.ts', import.meta.url), 'utf8');
    expect(config).not.toMatch(/\.name\(\)/);
  });

  it('keeps no per-run state at module level', () => {
    expect(source).not.toMatch(/^let /m);
  });
});
