import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertClean, runCli, tempDir } from '../support/run-cli.js';

/** fb3cx init --yes: every answer from flags and env, for scripts and CI. */

const SANDBOX_PAGE_TOKEN = 'EAASandboxPageToken0contoso0000000000000000000000000000ZZ';

function readProfile(configDir: string, name: string): Record<string, unknown> | undefined {
  const path = join(configDir, 'config.json');
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as { profiles?: Record<string, Record<string, unknown>> }).profiles?.[name];
}

describe('fb3cx init --yes', () => {
  it('runs all four stages against the sandbox without a question and prints the verify report on stdout', async () => {
    const configDir = tempDir();
    const cwd = tempDir('fb3cx-init-cwd-');
    const result = await runCli(['init', '--sandbox', 'missing-fields', '--yes'], { configDir, cwd });
    assertClean(result, [SANDBOX_PAGE_TOKEN]);
    expect(result.exitCode).toBe(0);
    for (const n of [1, 2, 3, 4]) expect(result.stderr).toContain(`Stage ${n} of 4`);
    expect(result.stderr).toContain('adds messaging_pre_checkouts, messaging_customer_information; removes nothing');
    expect(result.stderr).toContain('✔ subscribed, confirmed by reading it back');
    expect(result.stdout).toMatch(/✔ page\.fields\s+all 6/);
    expect(result.stdout).toContain('✔ OK');
    const profile = readProfile(configDir, 'sandbox');
    expect(profile).toMatchObject({ pageId: '111111111111111', appId: '1234567890123456', company: 'Contoso Ltd', init: { completedStage: 4 } });
    // Secrets are kept only with --save-secrets.
    expect(profile?.pageToken).toBeUndefined();
    expect(existsSync(join(cwd, 'fb3cx-review-pack', 'test-instructions.txt'))).toBe(true);
  });

  it('--save-secrets keeps the token in a 0600 profile, and --profile names it', async () => {
    const configDir = tempDir();
    const result = await runCli(['init', '--sandbox', '--yes', '--save-secrets', '--profile', 'rehearsal', '--out', 'pack'], { configDir, cwd: tempDir('fb3cx-init-cwd-') });
    expect(result.exitCode).toBe(0);
    expect(readProfile(configDir, 'rehearsal')?.pageToken).toBe(SANDBOX_PAGE_TOKEN);
    expect(readProfile(configDir, 'sandbox')).toBeUndefined();
    expect(statSync(join(configDir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('with nothing given, fails once with the complete list of missing answers (exit 2)', async () => {
    const result = await runCli(['init', '--yes']);
    assertClean(result);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('✖'));
    expect(errors).toHaveLength(1);
    expect(result.stderr).toContain('needs 8 more answers');
    for (const needed of ['--app-id <id> or FB3CX_APP_ID', '--page-id <id> or FB3CX_PAGE_ID', '--page-token-stdin or FB3CX_PAGE_TOKEN', '--webhook-url <url> or FB3CX_WEBHOOK_URL', '--web-client-url <url> or FB3CX_WEB_CLIENT_URL', '--company <name> or FB3CX_COMPANY', '--extension <number> or FB3CX_TEST_EXTENSION', '--password-stdin or FB3CX_TEST_PASSWORD']) {
      expect(result.stderr).toContain(needed);
    }
    expect(result.stderr).not.toContain('app secret:');
  });

  it('lists only what is still missing when some answers come from flags and env', async () => {
    const result = await runCli(['init', '--yes', '--page-id', '1234567890', '--company', 'Acme'], {
      env: { FB3CX_PAGE_TOKEN: 'EAAtesttokentesttokentesttoken', FB3CX_WEBHOOK_URL: 'https://pbx.acme.example/facebook/webhook/1' },
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('needs 4 more answers');
    expect(result.stderr).toContain('FB3CX_APP_ID');
    expect(result.stderr).toContain('FB3CX_WEB_CLIENT_URL');
    expect(result.stderr).toContain('FB3CX_TEST_EXTENSION');
    expect(result.stderr).toContain('FB3CX_TEST_PASSWORD');
    expect(result.stderr).not.toContain('FB3CX_PAGE_ID');
    expect(result.stderr).not.toContain('FB3CX_COMPANY');
    assertClean(result, ['EAAtesttokentesttokentesttoken']);
  });

  it('a broken token stops --yes at stage 1 with exit 1 and saves nothing', async () => {
    const configDir = tempDir();
    const result = await runCli(['init', '--sandbox', 'expired-token', '--yes'], { configDir, cwd: tempDir('fb3cx-init-cwd-') });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Stage 1 cannot finish');
    expect(result.stderr).not.toContain('Stage 2 of 4');
    expect(readProfile(configDir, 'sandbox')).toBeUndefined();
  });

  it('without a terminal and without --yes it says how to run it (exit 2)', async () => {
    const result = await runCli(['init']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
    expect(result.stderr).toContain('--yes');
  });
});
