import { describe, expect, it } from 'vitest';
import { assertClean, runCli } from '../support/run-cli.js';

const SANDBOX_SECRETS = ['EAASandboxPageToken0contoso0000000000000000000000000000ZZ', 'sandbox0app0secret0000000000abcd', 'SandboxPbxApiKey0contoso0000000000000ZZ'];

interface Doc {
  ok: boolean;
  checks: Array<{ id: string; status: string; code?: string; detail: string; fix?: string }>;
}

function byId(stdout: string): Record<string, Doc['checks'][number]> {
  return Object.fromEntries((JSON.parse(stdout) as Doc).checks.map((check) => [check.id, check]));
}

describe('fb3cx verify: the 3CX checks through the spawned bin', () => {
  it('pbx-healthy: the three checks pass with the sandbox 3CX credentials and nothing else', async () => {
    const result = await runCli(['verify', '--sandbox', 'pbx-healthy', '--json']);
    assertClean(result, SANDBOX_SECRETS);
    expect(result.exitCode, result.stderr).toBe(0);
    const checks = byId(result.stdout);
    expect(checks['pbx.api']).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^3CX 20\.0\.5\.812 at contoso\.3cx\.example:\d+ answered/) });
    expect(checks['pbx.facebook-traffic']).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^newest Facebook message 1 min ago/) });
    expect(checks['delivery.gap']?.status).toBe('pass');
  });

  it('delivery-gap: delivery.gap fails with exit 1, through the filter fallback', async () => {
    const result = await runCli(['verify', '--sandbox', 'delivery-gap', '--json']);
    expect(result.exitCode).toBe(1);
    const checks = byId(result.stdout);
    expect(checks['delivery.gap']).toMatchObject({ status: 'fail', code: 'delivery_gap', detail: expect.stringMatching(/was 2 h ago .*3CX's newest Facebook message 3 days ago/) });
    expect(checks['pbx.facebook-traffic']?.detail).toMatch(/3CX refused the Facebook filter/);
    const human = await runCli(['verify', '--sandbox', 'delivery-gap', '--only', 'delivery']);
    expect(human.stdout).toMatch(/✖ delivery\.gap +messages reach the page but not 3CX/);
    expect(human.stdout).toMatch(/Fix: Likely causes, most likely first: 1\) Meta unsubscribed the webhook/);
  });

  it('--gap-minutes widens the window, and is refused when not a number', async () => {
    const wide = await runCli(['verify', '--sandbox', 'delivery-gap', '--only', 'delivery', '--gap-minutes', '10000', '--json']);
    expect(wide.exitCode).toBe(0);
    expect(byId(wide.stdout)['delivery.gap']?.status).toBe('pass');
    const bad = await runCli(['verify', '--sandbox', '--gap-minutes', 'soon']);
    expect(bad.exitCode).toBe(2);
  });

  it('conversations-forbidden: delivery.gap is skipped and names the permission', async () => {
    const result = await runCli(['verify', '--sandbox', 'conversations-forbidden', '--json']);
    expect(result.exitCode).toBe(0);
    expect(byId(result.stdout)['delivery.gap']).toMatchObject({ status: 'skip', code: 'conversations_forbidden', detail: expect.stringMatching(/pages_read_engagement/) });
  });

  it('pbx-bad-key and pbx-no-licence: pbx.api fails with its code and fix, the others are skipped', async () => {
    const bad = byId((await runCli(['verify', '--sandbox', 'pbx-bad-key', '--json'])).stdout);
    expect(bad['pbx.api']).toMatchObject({ status: 'fail', code: 'pbx_bad_credentials' });
    expect(bad['pbx.facebook-traffic']?.status).toBe('skip');
    const none = byId((await runCli(['verify', '--sandbox', 'pbx-no-licence', '--json'])).stdout);
    expect(none['pbx.api']).toMatchObject({ status: 'fail', code: 'pbx_no_licence', fix: expect.stringMatching(/Configuration API access/) });
  });

  it('--verbose traces the 3CX calls without the key or the bearer token', async () => {
    const result = await runCli(['verify', '--sandbox', 'pbx-healthy', '--verbose']);
    assertClean(result, SANDBOX_SECRETS);
    expect(result.stderr).toMatch(/3CX POST \/connect\/token -> 200/);
    expect(result.stderr).toMatch(/3CX GET \/xapi\/v1\/ChatHistoryView\?.* -> 200/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/SandboxPbxBearer[0-9a-f]/);
  });

  it('without 3CX credentials the checks are skipped with how to give them', async () => {
    const result = await runCli(['verify', '--json', '--page-id', '111111111111111', '--only', 'pbx.api'], { env: { FB3CX_PAGE_TOKEN: 'EAAnot0a0real0token0000' } });
    const checks = byId(result.stdout);
    expect(checks['pbx.api']).toMatchObject({ status: 'skip', code: 'pbx_no_credentials', detail: expect.stringMatching(/FB3CX_PBX_CLIENT_ID/) });
  });

  it('refuses the key as an argument, and config keeps it masked', async () => {
    const flag = await runCli(['verify', '--sandbox', '--pbx-client-secret', 'abc']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toMatch(/does not take the 3CX API key on the command line/);
    expect(flag.stderr).not.toMatch(/abc/);
    const argument = await runCli(['config', 'set', 'pbxClientSecret', 'SomeKey0000000000000000']);
    expect(argument.exitCode).toBe(2);
    const configDir = (await import('../support/run-cli.js')).tempDir();
    const set = await runCli(['config', 'set', 'pbxClientSecret'], { configDir, input: 'SomeKey0000000000000000\n' });
    expect(set.exitCode, set.stderr).toBe(0);
    const list = await runCli(['config', 'list', '--json'], { configDir });
    expect(list.stdout).toMatch(/"pbxClientSecret": "Some…0000 \(23 chars\)"/);
    assertClean(list, ['SomeKey0000000000000000']);
  });
});
