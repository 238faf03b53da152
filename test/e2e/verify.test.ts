import { writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.js';
import { SCENARIO_NAMES } from '../../src/sandbox/scenario-names.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';
import { assertClean, runCli, tempDir } from '../support/run-cli.js';
import { startTestServer } from '../support/http.js';

/** Exit code each scenario must give through the spawned bin. */
const EXIT: Record<string, number> = {
  healthy: 0, 'other-app': 0, 'review-incomplete': 0, 'rate-limited': 0,
  'callback-elsewhere': 1, 'expired-token': 1, 'password-changed': 1, 'user-token': 1, 'wrong-page': 1, 'not-subscribed': 1, 'missing-fields': 1,
  'webhook-inactive': 1, 'webhook-broken': 1, 'dev-mode': 1, 'standard-access-only': 1, 'expiring-token': 1, 'graph-down': 3,
  'short-lived-token': 1, 'data-access-expiring': 0,
  'page-restricted': 1, sticker: 0,
  'pbx-healthy': 0, 'pbx-bad-key': 1, 'pbx-no-licence': 1, 'delivery-gap': 1, 'conversations-forbidden': 0,
};

describe('fb3cx verify --sandbox <scenario> through the spawned bin', () => {
  it.each(SCENARIO_NAMES.map((s) => [s]))('%s', async (scenario) => {
    const result = await runCli(['verify', '--sandbox', scenario, '--json']);
    assertClean(result, ['EAASandboxPageToken0contoso0000000000000000000000000000ZZ', 'sandbox0app0secret0000000000abcd', 'SandboxPbxApiKey0contoso0000000000000ZZ']);
    expect(result.exitCode).toBe(EXIT[scenario]);
    const doc = JSON.parse(result.stdout) as { schemaVersion: number; ok: boolean; checks?: Array<{ id: string; status: string; durationMs: number }>; error?: { code: string } };
    expect(doc.schemaVersion).toBe(1);
    if (scenario === 'graph-down') {
      expect(doc.error?.code).toBe('network');
    } else {
      expect(doc.checks).toHaveLength(21);
      expect(doc.ok).toBe(EXIT[scenario] === 0);
      expect(doc.checks?.every((c) => typeof c.durationMs === 'number')).toBe(true);
    }
    expect(result.stderr).toMatch(/Sandbox: scenario/);
  });

  it('a wrong app secret is named as such, not as a bad page token', async () => {
    const result = await runCli(['verify', '--sandbox', '--app-secret-stdin', '--json'], { input: 'wrongsecret0000000000000000\n' });
    assertClean(result, ['wrongsecret0000000000000000']);
    expect(result.exitCode).toBe(1);
    const doc = JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string; detail: string; fix?: string }> };
    const byId = Object.fromEntries(doc.checks.map((c) => [c.id, c]));
    expect(byId['token.valid']?.detail).toMatch(/appsecret_proof/);
    expect(byId['app.webhook']?.detail).toMatch(/refused the app token made from the App ID and app secret/);
    expect(byId['app.webhook']?.fix).toMatch(/Copy the app secret again/);
  });

  it('page-restricted: 10/1893063 is explained with its fix in page.info, and the run still reports every check', async () => {
    const result = await runCli(['verify', '--sandbox', 'page-restricted']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✖ page\.info +Meta has temporarily restricted the page: it cannot send Messenger messages/);
    expect(result.stdout).toMatch(/\(#10\/1893063\) Page temporarily restricted/);
    expect(result.stdout).toMatch(/Fix: Open the page's support inbox and its Page quality tab/);
    expect(result.stdout.match(/1893063/g)).toHaveLength(1);
    expect(result.stdout).toMatch(/✔ page\.subscription +app 1234567890123456 is subscribed\n/);
    expect(result.stdout).toMatch(/✖ NOT OK {2}19 passed, 0 warnings, 1 failed, 0 skipped, 1 to check by hand/);
    const json = JSON.parse((await runCli(['verify', '--sandbox', 'page-restricted', '--json'])).stdout) as { checks: Array<{ id: string; status: string; fix?: string }> };
    expect(json.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual(['page.info']);
  });

  it('prints a readable report with Fix lines', async () => {
    const result = await runCli(['verify', '--sandbox', 'missing-fields']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✖ page\.fields +missing messaging_pre_checkouts, messaging_customer_information/);
    expect(result.stdout).toMatch(/Fix: Run "fb3cx subscribe"/);
    expect(result.stdout).toMatch(/NOT OK/);
  });

  it('--strict turns warnings into exit 1 but not checks left to a person; --only and --skip narrow the run', async () => {
    const healthy = await runCli(['verify', '--sandbox', '--strict']);
    expect(healthy.exitCode).toBe(0);
    expect(healthy.stdout).toMatch(/\? app\.mode +Meta's API does not say whether the app is in Development or Live mode/);
    expect(healthy.stdout).toMatch(/By hand: Check that the App Mode switch/);
    expect(healthy.stdout).toMatch(/✔ OK {2}20 passed, 0 warnings, 0 failed, 0 skipped, 1 to check by hand/);
    const json = JSON.parse((await runCli(['verify', '--sandbox', '--strict', '--json'])).stdout) as { ok: boolean; summary: Record<string, number>; checks: Array<{ id: string; status: string; fix?: string }> };
    expect(json.ok).toBe(true);
    expect(json.summary).toEqual({ pass: 20, warn: 0, fail: 0, skip: 0, manual: 1 });
    expect(json.checks.find((c) => c.id === 'app.mode')).toMatchObject({ status: 'manual', fix: expect.stringMatching(/App Mode switch/) });
    const warned = await runCli(['verify', '--sandbox', 'other-app', '--strict']);
    expect(warned.exitCode).toBe(1);
    expect(warned.stderr).toMatch(/--strict: warnings count as failures/);
    const only = await runCli(['verify', '--sandbox', '--json', '--only', 'token', '--skip', 'token.expiry']);
    const doc = JSON.parse(only.stdout) as { checks: Array<{ id: string }> };
    expect(doc.checks.map((c) => c.id)).toEqual(['token.valid', 'token.type', 'token.page', 'token.app', 'token.scopes']);
    const bad = await runCli(['verify', '--sandbox', '--only', 'tokn']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/Unknown check id: tokn/);
  });
});

describe('fb3cx verify with env vars against an emulator', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'healthy' });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  const env = (extra: Record<string, string | undefined>) => ({ FB3CX_GRAPH_URL: sandbox.graphUrl, FB3CX_PAGE_ID: sandbox.identity.pageId, ...extra });

  it('trims a token with a trailing newline and works', async () => {
    const result = await runCli(['verify', '--json'], { env: env({ FB3CX_PAGE_TOKEN: `${sandbox.identity.pageToken}\n` }) });
    assertClean(result, [sandbox.identity.pageToken]);
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string }> };
    expect(doc.checks.find((c) => c.id === 'token.valid')?.status).toBe('pass');
  });

  it('reads the token and app secret from stdin, one per line', async () => {
    const result = await runCli(['verify', '--page-token-stdin', '--app-secret-stdin', '--app-id', sandbox.identity.appId, '--json'], {
      env: env({}),
      input: `${sandbox.identity.pageToken}\n${sandbox.identity.appSecret}\n`,
    });
    assertClean(result, [sandbox.identity.pageToken, sandbox.identity.appSecret]);
    const doc = JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string }> };
    expect(doc.checks.find((c) => c.id === 'token.app')?.status).toBe('pass');
  });

  it('fails a USER token with the fix', async () => {
    const result = await runCli(['verify'], { env: env({ FB3CX_PAGE_TOKEN: sandbox.identity.userToken }) });
    assertClean(result, [sandbox.identity.userToken]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/token\.type/);
    expect(result.stdout).toMatch(/Fix: Use the page token from Messenger API Settings/);
  });

  it('a malformed page ID is one sentence and exit 2', async () => {
    const result = await runCli(['verify', '--page-id', 'facebook.com/contoso'], { env: env({ FB3CX_PAGE_TOKEN: sandbox.identity.pageToken }) });
    assertClean(result, [sandbox.identity.pageToken]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/The Page ID from --page-id must be 5 to 25 digits/);
    expect(result.stdout).toBe('');
  });

  it('an empty token is a usage error naming the flag and env var', async () => {
    const result = await runCli(['verify', '--json'], { env: env({ FB3CX_PAGE_TOKEN: '' }) });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/needs the page token: give --page-token-stdin or FB3CX_PAGE_TOKEN/);
    expect(JSON.parse(result.stdout)).toMatchObject({ schemaVersion: 1, ok: false, error: { code: 'usage' } });
  });

  it('a malformed or http:// webhook URL is exit 2, refused as init refuses it', async () => {
    const malformed = await runCli(['verify', '--webhook-url', 'pbx.example.com/webhook'], { env: env({ FB3CX_PAGE_TOKEN: sandbox.identity.pageToken }) });
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toContain('The 3CX webhook URL from --webhook-url is not a valid URL (write it in full, starting with https://), got "pbx.example.com/webhook".');
    const http = await runCli(['verify', '--sandbox', '--webhook-url', 'http://contoso.3cx.example/facebook/webhook/3f9c2a7e', '--only', 'webhook.https']);
    expect(http.exitCode).toBe(2);
    expect(http.stderr).toContain('The 3CX webhook URL from --webhook-url must start with https:// (Meta only talks to HTTPS), got "http://contoso.3cx.example/facebook/webhook/3f9c2a7e".');
    expect(http.stdout).toBe('');
  });
});

describe('fb3cx verify when Meta cannot be reached', () => {
  it('Graph refusing connections: exit 3, one sentence, JSON error document', async () => {
    const result = await runCli(['verify', '--json'], { env: { FB3CX_GRAPH_URL: 'http://127.0.0.1:9', FB3CX_PAGE_ID: '111111111111111', FB3CX_PAGE_TOKEN: 'EAAsecretsecretsecret42' } });
    assertClean(result, ['EAAsecretsecretsecret42']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/refused the connection/);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'network' } });
  });

  it('Graph timing out: exit 3', async () => {
    const silent = await startTestServer(() => {});
    const result = await runCli(['verify'], { env: { FB3CX_GRAPH_URL: silent.url, FB3CX_GRAPH_TIMEOUT_MS: '300', FB3CX_PAGE_ID: '111111111111111', FB3CX_PAGE_TOKEN: 'EAAsecretsecretsecret42' } });
    await silent.close();
    assertClean(result, ['EAAsecretsecretsecret42']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/did not answer within/);
  });

  it('Graph answering HTML: exit 3 and says so', async () => {
    const html = await startTestServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
    });
    const result = await runCli(['verify'], { env: { FB3CX_GRAPH_URL: html.url, FB3CX_GRAPH_TIMEOUT_MS: '2000', FB3CX_PAGE_ID: '111111111111111', FB3CX_PAGE_TOKEN: 'EAAsecretsecretsecret42' } });
    await html.close();
    assertClean(result, ['EAAsecretsecretsecret42']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/text\/html instead of JSON/);
  });
});

describe('fb3cx verify --webhook-url that Meta cannot call', () => {
  it('https://localhost:1/x is unreachable for Meta, not a certificate problem', async () => {
    const result = await runCli(['verify', '--sandbox', '--webhook-url', 'https://localhost:1/x', '--only', 'webhook']);
    assertClean(result);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/✖ webhook\.https +"localhost" is a local name: Meta cannot reach it from the internet/);
    expect(result.stdout).toMatch(/- webhook\.handshake +skipped: Meta cannot reach localhost/);
    expect(result.stdout).not.toMatch(/certificate/);
  });
});

describe('fb3cx verify when something other than Meta answers', () => {
  it.each([
    ['a 302 with an empty body (a captive portal)', 302],
    ['a 404 with an empty body (a wrong FB3CX_GRAPH_URL)', 404],
  ])('%s: exit 3 "not the Graph API", no check passes on nothing, no made-up fbtrace_id', async (_name, status) => {
    const portal = await startTestServer((_req, res) => {
      res.writeHead(status, status === 302 ? { location: 'http://portal.example/login' } : {}).end();
    });
    const host = new URL(portal.url).host;
    const env = { FB3CX_GRAPH_URL: portal.url, FB3CX_PAGE_ID: '111111111111111', FB3CX_PAGE_TOKEN: 'EAAsecretsecretsecret42' };
    const text = await runCli(['verify'], { env });
    const json = await runCli(['verify', '--json', '--app-id', '1234567890123456', '--app-secret-stdin'], { env, input: 'appsecret0000000000000000000000\n' });
    await portal.close();
    assertClean(text, ['EAAsecretsecretsecret42']);
    assertClean(json, ['EAAsecretsecretsecret42', 'appsecret0000000000000000000000']);
    expect(text.exitCode).toBe(3);
    expect(text.stdout).not.toMatch(/✔/);
    expect(text.stderr).toContain(`${host} answered HTTP ${status}`);
    expect(text.stderr).toMatch(/not the Graph API/);
    expect(text.stderr).toMatch(/FB3CX_GRAPH_URL/);
    expect(text.stderr).not.toMatch(/fbtrace_id|Meta answered|#HTTP/);
    expect(json.exitCode).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'network' } });
  });
});

describe('profiles and config', () => {
  it('a corrupt config file is reported with its path and left untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, '{"profiles": {"acme": {"pageToken": "EAAleakme0123456789"');
    const before = readFileSync(path, 'utf8');
    const result = await runCli(['verify'], { configDir: dir });
    assertClean(result, ['EAAleakme0123456789']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toMatch(/left it untouched/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    const where = await runCli(['config', 'path'], { configDir: dir });
    expect(where.exitCode).toBe(0);
    expect(where.stdout.trim()).toBe(path);
  });

  it('a config folder that is a file is named as such', async () => {
    const file = join(tempDir(), 'not-a-folder');
    writeFileSync(file, '');
    const result = await runCli(['verify'], { configDir: file });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`The config folder ${file} is not a folder`);
  });

  it('stores secrets only from stdin, masks them, and writes the file 0600', async () => {
    const dir = tempDir();
    const token = 'EAAprofiletoken000111222333';
    expect((await runCli(['config', 'set', 'pageId', '111111111111111', '--profile', 'acme'], { configDir: dir })).exitCode).toBe(0);
    const refused = await runCli(['config', 'set', 'pageToken', token, '--profile', 'acme'], { configDir: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).not.toContain(token);
    expect((await runCli(['config', 'set', 'pageToken', '--profile', 'acme'], { configDir: dir, input: `${token}\n` })).exitCode).toBe(0);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    const list = await runCli(['config', 'list', '--json'], { configDir: dir });
    expect(list.stdout).not.toContain(token);
    expect(JSON.parse(list.stdout).profiles.acme).toEqual({ pageId: '111111111111111', pageToken: 'EAAp…2333 (27 chars)' });
    const get = await runCli(['config', 'get', 'pageToken', '--profile', 'acme'], { configDir: dir });
    expect(get.stdout.trim()).toBe('EAAp…2333 (27 chars)');
    expect((await runCli(['config', 'use', 'nope'], { configDir: dir })).exitCode).toBe(2);
    expect((await runCli(['config', 'use', 'acme'], { configDir: dir })).exitCode).toBe(0);
    const unknownProfile = await runCli(['verify', '--profile', 'ghost'], { configDir: dir });
    expect(unknownProfile.exitCode).toBe(2);
    expect(unknownProfile.stderr).toMatch(/no profile named "ghost"/);
  });

  it('uses the saved profile (flags > env > profile)', async () => {
    const sandbox = await startSandbox({ scenario: 'healthy' });
    const dir = tempDir();
    await runCli(['config', 'set', 'pageId', '999999999'], { configDir: dir });
    await runCli(['config', 'set', 'pageToken'], { configDir: dir, input: sandbox.identity.pageToken });
    const viaProfile = await runCli(['verify', '--json', '--only', 'token.page'], { configDir: dir, env: { FB3CX_GRAPH_URL: sandbox.graphUrl } });
    expect(JSON.parse(viaProfile.stdout).checks[0].status).toBe('fail');
    const viaEnv = await runCli(['verify', '--json', '--only', 'token.page'], { configDir: dir, env: { FB3CX_GRAPH_URL: sandbox.graphUrl, FB3CX_PAGE_ID: sandbox.identity.pageId } });
    expect(JSON.parse(viaEnv.stdout).checks[0].status).toBe('pass');
    await sandbox.close();
  });
});

describe('the CLI itself', () => {
  it('prints help and version, and a usage error for an unknown option', async () => {
    const help = await runCli(['--help']);
    expect(help.exitCode).toBe(0);
    for (const command of ['init', 'verify', 'subscribe', 'review-text', 'listen', 'trigger', 'config']) expect(help.stdout).toContain(command);
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const bad = await runCli(['verify', '--bogus']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option '--bogus'/);
    const badValue = await runCli(['listen', '--port', 'abc']);
    expect(badValue.exitCode).toBe(2);
    expect(badValue.stderr).toMatch(/^✖ --port takes a whole number from 0 to 65535, got "abc"\.\n/);
    const typo = await runCli(['verfy']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/Unknown command: "verfy"\.\n {2}Did you mean verify\?/);
    const overview = await runCli([]);
    expect(overview.exitCode).toBe(0);
    expect(overview.stdout).toMatch(/Usage: fb3cx/);
    const typoScenario = await runCli(['verify', '--sandbox', 'expired_token']);
    expect(typoScenario.exitCode).toBe(2);
    expect(typoScenario.stderr).toMatch(/Unknown sandbox scenario "expired_token"/);
    const badScenario = await runCli(['verify', '--sandbox=nonsense']);
    expect(badScenario.exitCode).toBe(2);
    expect(badScenario.stderr).toMatch(/Unknown sandbox scenario "nonsense"/);
  });

  it('Ctrl-C during a slow verify exits 130', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../support/run-cli.js');
    const child = spawn(process.execPath, [BIN, 'verify', '--sandbox', '--json'], { env: { ...process.env, NO_COLOR: '1', FB3CX_SANDBOX_LATENCY_MS: '5000', FB3CX_CONFIG_DIR: tempDir() } });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && stderr.includes('Sandbox: scenario')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/Interrupted/);
    expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: 1, ok: false, error: { code: 'interrupted' } });
  });
});
