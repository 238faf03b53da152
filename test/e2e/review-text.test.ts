import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { assertClean, runCli, tempDir } from '../support/run-cli.js';
import { startTestServer, type TestServer } from '../support/http.js';
import { sample } from '../support/samples.js';

const GOLDEN = fileURLToPath(new URL('../fixtures/review/full/', import.meta.url));
const PASSWORD = 'R3view-Only!2026';

/** The golden sample customer, as flags (the password comes separately). */
const NORTHWIND = [
  '--company', 'Northwind Traders',
  '--page-name', 'Northwind Support',
  '--page-id', '222222222222222',
  '--web-client-url', 'https://northwind.on3cx.com:5001/webclient',
  '--extension', '950',
  '--app-id', '987654321012345',
  '--privacy-url', 'https://northwind.com/privacy',
];

const PIECES = ['verification-summary', 'pages-messaging', 'profile-access', 'test-instructions', 'screencast', 'settings-checklist'];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const count = (text: string, part: string) => text.split(part).length - 1;

describe('fb3cx review-text without a terminal', () => {
  it('lists every missing value in one usage error (exit 2) and prints nothing on stdout', async () => {
    const result = await runCli(['review-text']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    for (const flag of ['--company', '--page-name', '--web-client-url <url> or --pbx-host', '--extension', '--password-stdin']) {
      expect(result.stderr).toContain(flag);
    }
    expect(result.stderr).toContain('Missing 5 values for the App Review texts');
    assertClean(result);
  });

  it('with --json, the usage error is one JSON document on stdout', async () => {
    const result = await runCli(['review-text', '--json', '--company', 'Contoso']);
    expect(result.exitCode).toBe(2);
    const doc = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; message: string } };
    expect(doc).toMatchObject({ schemaVersion: 1, ok: false, error: { code: 'usage' } });
    expect(doc.error.message).toContain('Missing 4 values');
    expect(doc.error.message).not.toContain('--company');
  });

  it('prints every piece as a section, the password once (in test-instructions) and the reminder on stderr', async () => {
    const result = await runCli(['review-text', ...NORTHWIND], { env: { FB3CX_TEST_PASSWORD: PASSWORD } });
    expect(result.exitCode).toBe(0);
    PIECES.forEach((id, index) => expect(result.stdout).toContain(`[${index + 1}/6] ${id}: `));
    expect(count(result.stdout, 'Where: ')).toBe(6);
    expect(count(result.stdout, PASSWORD)).toBe(1);
    const instructions = result.stdout.slice(result.stdout.indexOf('[4/6] test-instructions'), result.stdout.indexOf('[5/6] screencast'));
    expect(instructions).toContain(`Password: ${PASSWORD}`);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(result.stderr).toContain('switch App Mode from Development to Live, delete the temporary test extension 950');
    expect(result.stdout).not.toMatch(/\{\{|\}\}/);
    assertClean(result);
  });

  it('--piece prints that piece alone, raw, exactly as the golden file', async () => {
    for (const id of PIECES.filter((piece) => piece !== 'settings-checklist')) {
      const result = await runCli(['review-text', ...NORTHWIND, '--password-stdin', '--piece', id], { input: `${PASSWORD}\n` });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toBe(readFileSync(join(GOLDEN, `${id}.txt`), 'utf8'));
    }
  });

  it('--piece refuses an unknown id and lists the pieces', async () => {
    const result = await runCli(['review-text', '--piece', 'summary']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('there is no piece "summary"');
    expect(result.stderr).toContain(PIECES.join(', '));
  });

  it('--json prints schema version 1 with id, title, pasteInto and text per piece', async () => {
    const result = await runCli(['--json', 'review-text', ...NORTHWIND], { env: { FB3CX_TEST_PASSWORD: PASSWORD } });
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout) as { schemaVersion: number; pieces: Array<{ id: string; text: string }>; settings: Array<{ id: string; status: string }> };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.pieces.map((piece) => piece.id)).toEqual(PIECES);
    for (const piece of doc.pieces) {
      expect(Object.keys(piece)).toEqual(['id', 'title', 'pasteInto', 'text']);
      expect(piece.text.includes(PASSWORD)).toBe(piece.id === 'test-instructions');
    }
    expect(doc.settings.map((s) => s.status)).toEqual(['manual', 'manual', 'manual', 'manual', 'manual']);
  });

  it('refuses the password as an argument without echoing it', async () => {
    const result = await runCli(['review-text', '--password', 'hunter2-secret']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("does not take the test extension's password on the command line");
    expect(result.stderr).not.toContain('hunter2-secret');
  });

  it('reports unusable values together, with where they came from', async () => {
    const result = await runCli(['review-text', '--extension', 'ext9', '--company', 'A'], { env: { FB3CX_PBX_HOST: 'https://pbx.example.net' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('The test extension from --extension must be the extension number (digits only), got "ext9".');
    expect(result.stderr).toContain('The 3CX host name from FB3CX_PBX_HOST must be a bare host name such as pbx.example.com (give a full URL with --web-client-url instead), got "https://pbx.example.net".');
  });

  it('warns about a web client URL the reviewer cannot reach, and still writes the texts', async () => {
    const result = await runCli(['review-text', '--company', 'A', '--page-name', 'B', '--web-client-url', 'http://192.168.1.5:5001/webclient', '--extension', '1', '--piece', 'pages-messaging'], {
      env: { FB3CX_TEST_PASSWORD: PASSWORD },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('is not https');
    expect(result.stderr).toContain('private address 192.168.1.5');
    expect(result.stdout).toContain('http://192.168.1.5:5001/webclient');
  });

  it('takes values from env, builds the web client URL from FB3CX_PBX_HOST', async () => {
    const result = await runCli(['review-text', '--piece', 'test-instructions'], {
      env: { FB3CX_COMPANY: 'Env Co', FB3CX_PAGE_NAME: 'Env Page', FB3CX_PBX_HOST: 'pbx.envco.net', FB3CX_TEST_EXTENSION: '777', FB3CX_TEST_PASSWORD: 'Env-Pass-9999' },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('Web client: https://pbx.envco.net:5001/webclient');
    expect(result.stdout).toContain('Extension: 777');
    expect(result.stdout).toContain('Password: Env-Pass-9999');
  });
});

describe('fb3cx review-text --out', () => {
  it('writes one file per piece and an index, the password file private, and never overwrites without --force', async () => {
    const dir = join(tempDir(), 'pack');
    const args = ['review-text', ...NORTHWIND, '--out', dir];
    const env = { FB3CX_TEST_PASSWORD: PASSWORD };
    const first = await runCli(args, { env });
    expect(first.exitCode, first.stderr).toBe(0);
    for (const id of PIECES) expect(readFileSync(join(dir, `${id}.txt`), 'utf8').length).toBeGreaterThan(100);
    expect(readFileSync(join(dir, 'test-instructions.txt'), 'utf8')).toBe(readFileSync(join(GOLDEN, 'test-instructions.txt'), 'utf8'));
    expect(readFileSync(join(dir, 'index.txt'), 'utf8')).toBe(readFileSync(join(GOLDEN, 'index.txt'), 'utf8'));
    expect(statSync(join(dir, 'test-instructions.txt')).mode & 0o777).toBe(0o600);
    expect(first.stdout.trim().split('\n')).toEqual([...PIECES.map((id) => join(dir, `${id}.txt`)), join(dir, 'index.txt')]);
    expect(first.stderr).toContain('Wrote 6 pieces and index.txt');

    writeFileSync(join(dir, 'screencast.txt'), 'my notes');
    const second = await runCli(args, { env });
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain('--out would overwrite 7 files');
    expect(second.stderr).toContain('--force');
    expect(readFileSync(join(dir, 'screencast.txt'), 'utf8')).toBe('my notes');

    const forced = await runCli([...args, '--force'], { env });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'screencast.txt'), 'utf8')).toBe(readFileSync(join(GOLDEN, 'screencast.txt'), 'utf8'));
  });

  it('refuses a file (or a path under one) as --out before anything runs (exit 2), with or without --force', async () => {
    const file = join(tempDir(), 'pack');
    writeFileSync(file, 'my notes');
    for (const out of [file, join(file, 'sub')]) {
      for (const force of [[], ['--force']]) {
        const result = await runCli(['review-text', ...NORTHWIND, '--out', out, ...force], { env: { FB3CX_TEST_PASSWORD: PASSWORD } });
        assertClean(result, [PASSWORD]);
        expect(result.exitCode).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain(`${file} is a file, not a folder`);
        expect(result.stderr).not.toContain('This is a bug');
      }
    }
    expect(readFileSync(file, 'utf8')).toBe('my notes');
  });
});

describe('fb3cx review-text --templates', () => {
  it('names the file and the placeholder of every problem (exit 2)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pages-messaging.txt'), 'We are {{compnay}}.\n{{appId}}\n');
    writeFileSync(join(dir, 'screencast.txt'), 'Log in with {{password}}\n');
    const result = await runCli(['review-text', ...NORTHWIND, '--templates', dir], { env: { FB3CX_TEST_PASSWORD: PASSWORD } });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${join(dir, 'pages-messaging.txt')}:1: unknown placeholder {{compnay}} (did you mean {{company}}?)`);
    expect(result.stderr).toContain(`${join(dir, 'pages-messaging.txt')}:2: {{appId}} is optional`);
    expect(result.stderr).toContain(`${join(dir, 'screencast.txt')}:1: {{password}} may only be used in test-instructions.txt`);
  });

  it("uses the user's template and falls back to ours for the rest", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pages-messaging.txt'), '{{! mine }}\nOur own words for {{company}}{{#if appId}} (app {{appId}}){{/if}}.\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a piece');
    const result = await runCli(['review-text', ...NORTHWIND, '--templates', dir, '--piece', 'pages-messaging'], { env: { FB3CX_TEST_PASSWORD: PASSWORD } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('Our own words for Northwind Traders (app 987654321012345).\n');
    expect(result.stderr).toContain('Built-in templates used for: verification-summary.txt, profile-access.txt');
    expect(result.stderr).toContain('Ignored in');
  });

  it('refuses a folder that does not exist', async () => {
    const result = await runCli(['review-text', '--templates', '/nonexistent/fb3cx-templates']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('there is no folder');
  });
});

describe('fb3cx review-text with the Graph API', () => {
  const PAGE_TOKEN = 'EAAPageTokenForReviewText1234567890';
  const APP_SECRET = 'appsecret0123456789abcdef';

  it('reads the page name with the page token and the app settings with the app token', async () => {
    const seen: Array<{ path: string; token: string | null; fields: string | null }> = [];
    server = await startTestServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ path: url.pathname, token: url.searchParams.get('access_token'), fields: url.searchParams.get('fields') });
      res.setHeader('content-type', 'application/json');
      if (url.pathname.endsWith('/222222222222222')) res.end(JSON.stringify({ id: '222222222222222', name: 'Northwind From Graph' }));
      else res.end(JSON.stringify({ ...sample<object>('app.get.ok.json'), category: 'Business', website_url: 'https://northwind.on3cx.com/' }));
    });
    const result = await runCli(['review-text', '--json', '--company', 'Northwind Traders', '--pbx-host', 'northwind.on3cx.com', '--extension', '950', '--page-token-stdin', '--app-secret-stdin', '--password-stdin'], {
      input: `${PAGE_TOKEN}\n${APP_SECRET}\n${PASSWORD}\n`,
      env: { FB3CX_GRAPH_URL: server.url, FB3CX_PAGE_ID: '222222222222222', FB3CX_APP_ID: '987654321012345' },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(seen.map((s) => [s.path.replace(/^\/v\d+\.\d+/, ''), s.token, s.fields])).toEqual([
      ['/222222222222222', PAGE_TOKEN, 'name'],
      ['/987654321012345', `987654321012345|${APP_SECRET}`, 'privacy_policy_url,icon_url,category,website_url,supported_platforms'],
    ]);
    const doc = JSON.parse(result.stdout) as { pieces: Array<{ id: string; text: string }>; settings: Array<{ id: string; status: string }> };
    expect(doc.pieces[0]?.text).toContain('"Northwind From Graph"');
    expect(Object.fromEntries(doc.settings.map((s) => [s.id, s.status]))).toEqual({ website: 'done', icon: 'done', privacyPolicy: 'done', category: 'todo', businessVerification: 'manual' });
    expect(count(result.stdout, PASSWORD)).toBe(1);
    assertClean(result, [PAGE_TOKEN, APP_SECRET]);
  });

  it('keeps going when the Graph API cannot be reached: one warning, items unknown', async () => {
    const result = await runCli(['review-text', ...NORTHWIND, '--piece', 'settings-checklist'], {
      env: { FB3CX_PAGE_TOKEN: PAGE_TOKEN, FB3CX_APP_SECRET: APP_SECRET, FB3CX_TEST_PASSWORD: PASSWORD },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(count(result.stderr, 'Could not read the app settings')).toBe(1);
    expect(count(result.stdout, 'Status: unknown, check by hand')).toBe(4);
    assertClean(result, [PAGE_TOKEN, APP_SECRET, PASSWORD]);
  });

  it('says why the page name is missing when the Graph API cannot give it', async () => {
    const result = await runCli(['review-text', '--company', 'A', '--pbx-host', 'pbx.a.net', '--extension', '1'], {
      env: { FB3CX_PAGE_ID: '222222222222222', FB3CX_PAGE_TOKEN: PAGE_TOKEN, FB3CX_TEST_PASSWORD: PASSWORD },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Could not read the page name from the Graph API');
    expect(result.stderr).toContain('Missing a value for the App Review texts:\n  --page-name');
    assertClean(result, [PAGE_TOKEN]);
  });
});

describe('fb3cx review-text --sandbox', () => {
  it('writes the whole pack for the fictional customer with no input at all', async () => {
    const result = await runCli(['review-text', '--sandbox', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { pieces: Array<{ id: string; text: string }>; settings: Array<{ id: string; status: string }>; warnings: string[] };
    expect(doc.pieces.map((p) => p.id)).toEqual(PIECES);
    expect(doc.pieces[0]?.text).toContain('Contoso Ltd');
    expect(doc.pieces[0]?.text).toContain('"Contoso Support"');
    expect(doc.settings.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done', 'manual']);
    expect(doc.warnings).toEqual([]);
  });

  it('shows what the review-incomplete scenario lacks', async () => {
    const result = await runCli(['review-text', '--sandbox', 'review-incomplete', '--piece', 'settings-checklist']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Privacy policy URL[\s\S]*?Status: to do/);
  });

  it('survives a Graph API outage: the sandbox page name is used, every warning repeated in the JSON', async () => {
    const result = await runCli(['review-text', '--sandbox', 'graph-down', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { pieces: Array<{ text: string }>; settings: Array<{ status: string }>; warnings: string[] };
    expect(doc.pieces[0]?.text).toContain('"Contoso Support"');
    expect(doc.settings.map((s) => s.status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'manual']);
    expect(doc.warnings).toHaveLength(2);
    expect(doc.warnings[0]).toContain('Using "Contoso Support" from the sandbox instead.');
    for (const warning of doc.warnings) expect(count(result.stderr, warning)).toBe(1);
  });

  it('--open names the App Review page without starting a browser', async () => {
    const result = await runCli(['review-text', '--sandbox', '--piece', 'screencast', '--open']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/the App Review page would be https:\/\/developers\.facebook\.com\/apps\/\d+\/app-review\/permissions\//);
  });
});

describe('help', () => {
  it('documents every contract flag', async () => {
    const result = await runCli(['review-text', '--help']);
    expect(result.exitCode).toBe(0);
    for (const flag of ['--company', '--page-name', '--web-client-url', '--pbx-host', '--extension', '--password-stdin', '--app-id', '--privacy-url', '--piece', '--out', '--force', '--open', '--templates']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).not.toContain('--password <value>');
  });
});

