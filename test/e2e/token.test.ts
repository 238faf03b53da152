import { describe, expect, it } from 'vitest';
import { assertClean, runCli, tempDir } from '../support/run-cli.js';

// The sandbox's fictional secrets (src/sandbox/server.ts): none may appear in any output.
const SANDBOX_SECRETS = [
  'EAASandboxPageToken0contoso0000000000000000000000000000ZZ',
  'EAASandboxUserToken0alex00000000000000000000000000000000ZZ',
  'sandbox0app0secret0000000000abcd',
  // Tokens the sandbox mints during an exchange all start so.
  'EAASandboxLongUserToken',
  'EAASandboxPageToken0111111111111111',
];
const USER_TOKEN = 'EAASandboxUserToken0alex00000000000000000000000000000000ZZ';
const PAGE_TOKEN = 'EAASandboxPageToken0contoso0000000000000000000000000000ZZ';

describe('fb3cx token inspect', () => {
  it('--sandbox short-lived-token: a page token that expires within the hour, exit 1, with the way out', async () => {
    const result = await runCli(['token', 'inspect', '--sandbox', 'short-lived-token']);
    assertClean(result, SANDBOX_SECRETS);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^Page token of page 111111111111111\n/);
    expect(result.stdout).toMatch(/expires {5}\d{4}-\d\d-\d\d \(in 1 hour\)/);
    expect(result.stdout).toMatch(/data access until \d{4}-\d\d-\d\d \(in 80 days\)/);
    expect(result.stdout).toContain('pages_messaging');
    expect(result.stdout).toMatch(/It stops working when\n {4}- it expires on/);
    expect(result.stderr).toMatch(/fb3cx token exchange gets a page token that does not expire/);
  });

  it('--json: one document with expires_at as Meta gives it and the data-access date', async () => {
    const result = await runCli(['token', 'inspect', '--sandbox', 'data-access-expiring', '--json']);
    assertClean(result, SANDBOX_SECRETS);
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout) as { ok: boolean; token: { type: string; expiresAt: number; expires: string | null; dataAccessExpiresAt: number; invalidatedBy: Array<{ event: string; certainty: string }> }; warnings: Array<{ code: string; message: string }> };
    expect(doc).toMatchObject({ ok: true, token: { type: 'PAGE', expiresAt: 0, expires: null } });
    const days = (doc.token.dataAccessExpiresAt * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThanOrEqual(3);
    expect(doc.warnings.map((warning) => warning.code)).toEqual(['data_access_soon']);
    expect(doc.warnings.map((warning) => warning.message).join('\n')).toMatch(/does not document whether Messenger delivery stops/);
    expect(doc.token.invalidatedBy.some((item) => item.certainty === 'not documented')).toBe(true);
  });

  it('without the App ID and app secret, says which flags and env vars to give (exit 2)', async () => {
    const result = await runCli(['token', 'inspect', '--page-token-stdin'], { input: PAGE_TOKEN });
    assertClean(result, [PAGE_TOKEN]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/fb3cx token inspect needs 2 more values:\n {2}--app-id <id> or FB3CX_APP_ID \(the App ID\)\n {2}--app-secret-stdin or FB3CX_APP_SECRET \(the app secret\)/);
    expect(result.stderr).toMatch(/debug_token/);
  });
});

describe('fb3cx token exchange', () => {
  it('--sandbox short-lived-token with the user token on stdin and --save: before and after, saved, the 3CX reminder', async () => {
    const configDir = tempDir();
    const result = await runCli(['token', 'exchange', '--sandbox', 'short-lived-token', '--user-token-stdin', '--save'], { input: USER_TOKEN, configDir });
    assertClean(result, SANDBOX_SECRETS);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Page 111111111111111 \("Contoso Support"\)\n/);
    expect(result.stdout).toMatch(/before {2}expires on \d{4}-\d\d-\d\d \(in 1 hour\)/);
    expect(result.stdout).toMatch(/after {3}never expires · data access until/);
    expect(result.stdout).toContain('✔ Saved in profile "sandbox".');
    expect(result.stderr).toMatch(/Next: Paste the new page token into 3CX: Admin > Voice & Chat > the Facebook integration/);
    // What was saved is the new token, shown masked as config shows every secret.
    const saved = await runCli(['config', 'get', 'pageToken', '--profile', 'sandbox', '--json'], { configDir });
    const value = (JSON.parse(saved.stdout) as { value: string }).value;
    expect(value).toMatch(/^EAAS…\w{4} \(\d+ chars\)$/);
    expect(value).not.toBe(`${PAGE_TOKEN.slice(0, 4)}…${PAGE_TOKEN.slice(-4)} (${PAGE_TOKEN.length} chars)`);
    const inspect = await runCli(['config', 'get', 'pageId', '--profile', 'sandbox', '--json'], { configDir });
    expect((JSON.parse(inspect.stdout) as { value: string }).value).toBe('111111111111111');
  });

  it('--yes saves as --save does, and is an option the command has', async () => {
    const configDir = tempDir();
    const result = await runCli(['token', 'exchange', '--sandbox', 'short-lived-token', '--yes'], { configDir });
    assertClean(result, SANDBOX_SECRETS);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('✔ Saved in profile "sandbox".');
  });

  it('--json without --save: not saved, never asked, and no token anywhere in the document', async () => {
    const result = await runCli(['token', 'exchange', '--sandbox', 'short-lived-token', '--json']);
    assertClean(result, SANDBOX_SECRETS);
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout) as Record<string, unknown> & { before: { expiresAt: number }; after: { expiresAt: number; type: string } };
    expect(doc).toMatchObject({ schemaVersion: 1, ok: true, pageId: '111111111111111', saved: false, profile: null, after: { expiresAt: 0, type: 'PAGE' } });
    expect(doc.before.expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(result.stdout).not.toMatch(/EAA/);
  });

  it('refuses a page token given as the user token (exit 1), naming what to do instead', async () => {
    const result = await runCli(['token', 'exchange', '--sandbox', 'short-lived-token', '--user-token-stdin', '--json'], { input: PAGE_TOKEN });
    assertClean(result, SANDBOX_SECRETS);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/\n✖ The token given as the user token is a PAGE token \(of page 111111111111111\)/);
    expect(result.stderr).toMatch(/Graph API Explorer/);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'token_refused' } });
  });

  it('refuses the user token as an argument, pointing at stdin and the env var', async () => {
    const result = await runCli(['token', 'exchange', `--user-token=${USER_TOKEN}`]);
    assertClean(result, [USER_TOKEN]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/does not take the user access token on the command line/);
    expect(result.stderr).toMatch(/--user-token-stdin.*FB3CX_USER_TOKEN/);
  });

  it('--print-token writes the new page token alone on stdout when it is a pipe', async () => {
    const result = await runCli(['token', 'exchange', '--sandbox', 'short-lived-token', '--print-token']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^EAASandboxPageToken0111111111111111\w+\n$/);
    assertClean({ ...result, stdout: '' }, SANDBOX_SECRETS);
    expect(result.stderr).toContain('after   never expires');
  });

  it('help: fb3cx token --help and fb3cx token exchange --help', async () => {
    const top = await runCli(['token', '--help']);
    expect(top).toMatchObject({ exitCode: 0, stderr: '' });
    expect(top.stdout).toMatch(/^Usage: fb3cx token /);
    expect(top.stdout).toMatch(/inspect.*\n[\s\S]*exchange/);
    const sub = await runCli(['token', 'exchange', '--help']);
    expect(sub).toMatchObject({ exitCode: 0, stderr: '' });
    expect(sub.stdout).toMatch(/^Usage: fb3cx token exchange/);
    expect(sub.stdout).toMatch(/--user-token-stdin +read the user access token from standard input/);
    expect(sub.stdout).toContain('FB3CX_USER_TOKEN');
  });
});
