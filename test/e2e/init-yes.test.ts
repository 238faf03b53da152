import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertClean, BIN, runCli, tempDir, type CliResult } from '../support/run-cli.js';

/** fb3cx init --yes: every answer from flags and env, for scripts and CI. */

const SANDBOX_PAGE_TOKEN = 'EAASandboxPageToken0contoso0000000000000000000000000000ZZ';
const SANDBOX_APP_SECRET = 'sandbox0app0secret0000000000abcd';

/**
 * fb3cx init --sandbox --yes in the background, slowed down by the sandbox's latency, so a test
 * can act (another run, Ctrl-C) once a given line was printed.
 */
function startInit(args: string[], configDir: string): { printed(text: string): Promise<void>; interrupt(): void; done: Promise<CliResult> } {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('FB3CX_') && key !== 'CI') env[key] = value;
  Object.assign(env, { NO_COLOR: '1', FB3CX_CONFIG_DIR: configDir, FB3CX_SANDBOX_LATENCY_MS: '400', FB3CX_SANDBOX_PBX_LATENCY_MS: '400' });
  const child = spawn(process.execPath, [BIN, 'init', '--sandbox', '--yes', ...args], { env, cwd: tempDir('fb3cx-init-cwd-'), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: Array<{ text: string; resolve: () => void }> = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const wait of waiting.filter((entry) => stderr.includes(entry.text))) wait.resolve();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const done = new Promise<CliResult>((resolve) => child.on('close', (exitCode, signal) => {
    clearTimeout(timer);
    resolve({ stdout, stderr, exitCode, signal });
  }));
  return {
    printed: (text) => (stderr.includes(text) ? Promise.resolve() : new Promise((resolve) => waiting.push({ text, resolve }))),
    interrupt: () => child.kill('SIGINT'),
    done,
  };
}

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
    // Nobody was asked which app-creation screens Meta shows, so both are named.
    expect(result.stderr).toContain('choose "Engage with customers on Messenger from Meta"');
    expect(result.stderr).toContain('"Other" > "Business" (the screens in 3CX\'s manual)');
    expect(result.stderr).not.toContain('Which screen does Meta show');
    expect(result.stderr).toContain('from a Facebook account that has NO role on the app');
    expect(result.stderr).toContain('"fb3cx listen --lookup-profile" shows each sender\'s name');
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

  it('without --save-secrets keeps the secrets saved by an earlier run', async () => {
    const configDir = tempDir();
    const cwd = tempDir('fb3cx-init-cwd-');
    expect((await runCli(['init', '--sandbox', '--yes', '--save-secrets', '--force'], { configDir, cwd })).exitCode).toBe(0);
    const saved = readProfile(configDir, 'sandbox');
    expect(saved).toMatchObject({ pageToken: SANDBOX_PAGE_TOKEN, appSecret: SANDBOX_APP_SECRET });
    expect(typeof saved?.verifyToken).toBe('string');
    const again = await runCli(['init', '--sandbox', '--yes', '--restart', '--force'], { configDir, cwd });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readProfile(configDir, 'sandbox')).toMatchObject({ pageToken: SANDBOX_PAGE_TOKEN, appSecret: SANDBOX_APP_SECRET, verifyToken: saved?.verifyToken });
    expect(again.stderr).not.toContain('the token was not saved');
  });

  it('--out naming a file (or a path under one) stops before stage 1, exit 2, with nothing saved', async () => {
    const configDir = tempDir();
    const cwd = tempDir('fb3cx-init-cwd-');
    writeFileSync(join(cwd, 'pack'), 'not a folder');
    for (const out of ['pack', 'pack/sub']) {
      const result = await runCli(['init', '--sandbox', '--yes', '--out', out], { configDir, cwd });
      assertClean(result);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`${join(cwd, 'pack')} is a file, not a folder`);
      expect(result.stderr).not.toContain('Stage 1 of 4');
      expect(result.stderr).not.toContain('This is a bug');
    }
    expect(readProfile(configDir, 'sandbox')).toBeUndefined();
  });

  it('Ctrl-C at stage 4 after --stage 3 on a finished profile leaves it finished', async () => {
    const configDir = tempDir();
    expect((await runCli(['init', '--sandbox', '--yes'], { configDir, cwd: tempDir('fb3cx-init-cwd-') })).exitCode).toBe(0);
    expect(readProfile(configDir, 'sandbox')?.init).toMatchObject({ completedStage: 4 });
    const run = startInit(['--stage', '3'], configDir);
    await run.printed('Stage 3 saved');
    run.interrupt();
    const result = await run.done;
    expect(result.exitCode).toBe(130);
    expect(readProfile(configDir, 'sandbox')?.init).toMatchObject({ completedStage: 4 });
  });

  it('another run that changes the profile meanwhile is kept, or stops this one with its keys named', async () => {
    // A change this run does not touch: kept, said, and offered to the later stages.
    const keptDir = tempDir();
    const kept = startInit([], keptDir);
    await kept.printed('Stage 1 saved');
    expect((await runCli(['config', 'set', 'company', 'Other Ltd', '--profile', 'sandbox'], { configDir: keptDir })).exitCode).toBe(0);
    const keptResult = await kept.done;
    expect(keptResult.exitCode, keptResult.stderr).toBe(0);
    expect(keptResult.stderr).toContain('was changed by another fb3cx run meanwhile (company); those changes are kept');
    expect(readProfile(keptDir, 'sandbox')).toMatchObject({ company: 'Other Ltd', init: { completedStage: 4 } });

    // A change this run would overwrite: nothing of this stage is saved, and the keys are named.
    const conflictDir = tempDir();
    const conflict = startInit([], conflictDir);
    await conflict.printed('Stage 1 saved');
    expect((await runCli(['config', 'set', 'pageId', '999999999999', '--profile', 'sandbox'], { configDir: conflictDir })).exitCode).toBe(0);
    const conflictResult = await conflict.done;
    assertClean(conflictResult);
    expect(conflictResult.exitCode).toBe(2);
    // The next stage to finish after the change is the one refused (which one depends on timing).
    const refused = /Profile "sandbox" was changed by another fb3cx run \(or by hand\) while this init ran: pageId\. Stage ([234]) was not saved/.exec(conflictResult.stderr);
    expect(refused, conflictResult.stderr).not.toBeNull();
    expect(readProfile(conflictDir, 'sandbox')).toMatchObject({ pageId: '999999999999', init: { completedStage: Number(refused?.[1]) - 1 } });
  });

  it('without a terminal and without --yes it says how to run it (exit 2)', async () => {
    const result = await runCli(['init']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('needs a terminal');
    expect(result.stderr).toContain('--yes');
  });
});
