import { describe, expect, it } from 'vitest';
import { cleanPasted, maskSecret, SecretRegistry, scrubQueryTokens } from '../../src/core/secrets.js';
import { resolveSettings } from '../../src/settings/resolve.js';
import { planSubscription } from '../../src/core/subscribe.js';
import { REQUIRED_FIELDS, sameUrl } from '../../src/core/verify/fields.js';
import { ALL_CHECKS, selectChecks } from '../../src/core/verify/runner.js';
import { isPrivateAddress } from '../../src/core/review/urls.js';
import { availableUntil, DEFAULT_GRAPH_VERSION, versionWarning, VERSION_WARNING_DAYS } from '../../src/graph/versions.js';
import { normaliseArgv } from '../../src/cli.js';

describe('secrets', () => {
  it('masks to first four and last four at most', () => {
    expect(maskSecret('EAAB1234567890abcdefXYZW')).toBe('EAAB…XYZW (24 chars)');
    expect(maskSecret('short')).toBe('****');
    expect(maskSecret(undefined)).toBe('(not set)');
  });

  it('scrubs registered secrets from any text; token query parameters only where fb3cx builds the message', () => {
    const registry = new SecretRegistry();
    registry.add('EAAsupersecrettoken0001');
    const text = registry.scrub('failed with EAAsupersecrettoken0001 at https://x/v25.0/me?access_token=abc&fields=id');
    expect(text).not.toContain('EAAsupersecrettoken0001');
    // Text that only looks like a token (a Facebook user's message) is not rewritten.
    expect(text).toContain('access_token=abc&fields=id');
    const url = scrubQueryTokens('https://x/v25.0/me?access_token=abc&fields=id&appsecret_proof=ff');
    expect(url).toContain('access_token=***');
    expect(url).toContain('appsecret_proof=***');
    expect(url).toContain('fields=id');
    expect(scrubQueryTokens('?input_token=EAAx&x=1')).toBe('?input_token=***&x=1');
  });

  it('scrubs each token-bearing query parameter, alone and inside long text', () => {
    const filler = 'x'.repeat(20_000);
    for (const name of ['access_token', 'input_token', 'appsecret_proof', 'client_secret', 'fb_exchange_token', 'hub.verify_token']) {
      expect(scrubQueryTokens(`GET /v25.0/me?${name}=SECRETVALUE&a=1`), name).toBe(`GET /v25.0/me?${name}=***&a=1`);
      expect(scrubQueryTokens(`${filler} https://h/p?a=1&${name}=SECRETVALUE ${filler}`), name).not.toContain('SECRETVALUE');
    }
    expect(scrubQueryTokens('no parameters = here')).toBe('no parameters = here');
  });

  it('trims pasted whitespace, newlines and zero-width characters', () => {
    expect(cleanPasted('  EAAtoken\r\n')).toBe('EAAtoken');
    expect(cleanPasted('\u200bEAAtoken\ufeff')).toBe('EAAtoken');
    expect(cleanPasted('   ')).toBeUndefined();
  });
});

describe('settings', () => {
  it('takes flags, then stdin, then env, then the profile', () => {
    const resolved = resolveSettings({
      flag: { pageId: '11111' },
      stdin: { pageToken: 'EAAstdin' },
      env: { FB3CX_PAGE_ID: '22222', FB3CX_PAGE_TOKEN: 'EAAenv', FB3CX_APP_ID: '33333' },
      profile: { appId: '44444', webhookUrl: 'https://pbx.example/wh', pageToken: 'EAAprofile' },
    });
    expect(resolved.values).toMatchObject({ pageId: '11111', pageToken: 'EAAstdin', appId: '33333', webhookUrl: 'https://pbx.example/wh', graphVersion: 'v27.0', graphUrl: 'https://graph.facebook.com' });
    expect(resolved.sources).toMatchObject({ pageId: 'flag', pageToken: 'stdin', appId: 'env', webhookUrl: 'profile', graphVersion: 'default' });
  });

  it('treats an empty env value as not given', () => {
    expect(resolveSettings({ flag: {}, env: { FB3CX_PAGE_TOKEN: '' } }).values.pageToken).toBeUndefined();
  });

  it('names the source of each malformed value in one sentence', () => {
    const { problems } = resolveSettings({ flag: { pageId: 'facebook.com/contoso' }, env: { FB3CX_WEBHOOK_URL: 'pbx.example/webhook', FB3CX_GRAPH_VERSION: '25' } });
    expect(problems).toEqual([
      `The Page ID from --page-id must be 5 to 25 digits, as shown in Meta's dashboard, got "facebook.com/contoso".`,
      'The 3CX webhook URL from FB3CX_WEBHOOK_URL is not a valid URL (write it in full, starting with https://), got "pbx.example/webhook".',
      'The Graph API version from FB3CX_GRAPH_VERSION must look like v25.0, got "25".',
    ]);
  });

  it('warns about Graph versions past or near their end', () => {
    const today = new Date('2026-11-25T00:00:00Z');
    expect(versionWarning('v20.0', today)).toMatch(/was available until 2026-09-24/);
    expect(versionWarning('v21.0', today)).toMatch(/stops being available on 2027-01-21/);
    expect(versionWarning('v25.0', today)).toBeUndefined();
  });

  it('knows the versions of late 2026 and warns 90 days before a pinned one ends', () => {
    expect(DEFAULT_GRAPH_VERSION).toBe('v27.0');
    expect(VERSION_WARNING_DAYS).toBe(90);
    expect([availableUntil('v27.0'), availableUntil('v26.0')]).toEqual([undefined, undefined]);
    expect(['v25.0', 'v24.0', 'v23.0', 'v22.0', 'v21.0', 'v20.0'].map(availableUntil)).toEqual(['2028-07-29', '2028-02-18', '2027-10-08', '2027-05-20', '2027-01-21', '2026-09-24']);
    // v21.0 ends on 2027-01-21: 91 days before is quiet, 90 days before warns, the day itself is past.
    expect(versionWarning('v21.0', new Date('2026-10-22T00:00:00Z'))).toBeUndefined();
    expect(versionWarning('v21.0', new Date('2026-10-23T00:00:00Z'))).toBe('Graph API v21.0 stops being available on 2027-01-21 (in 90 days); use --graph-version v27.0.');
    expect(versionWarning('v21.0', new Date('2027-01-21T00:00:00Z'))).toBe('Graph API v21.0 was available until 2027-01-21; use --graph-version v27.0 or newer.');
    const today = new Date('2026-11-25T00:00:00Z');
    expect(versionWarning('v27.0', today)).toBeUndefined();
    expect(versionWarning('v26.0', today)).toBeUndefined();
    expect(versionWarning('v28.0', today)).toBe('Graph API v28.0 is newer than the versions fb3cx knows (up to v27.0); results may differ.');
    expect(versionWarning('v18.0', today)).toMatch(/is no longer available/);
  });
});

describe('check selection', () => {
  it('selects by id and prefix and reports unknown selectors', () => {
    const { selected, unknown } = selectChecks(ALL_CHECKS, ['token', 'page.info'], ['token.expiry', 'nope']);
    expect(selected.map((c) => c.id)).toEqual(['token.valid', 'token.type', 'token.page', 'token.app', 'token.scopes', 'page.info']);
    expect(unknown).toEqual(['nope']);
  });

  it('keeps the check ids of the contract', () => {
    expect(ALL_CHECKS.map((c) => c.id)).toEqual([
      'token.valid', 'token.type', 'token.page', 'token.app', 'token.expiry', 'token.scopes',
      'page.info', 'page.subscription', 'page.fields', 'page.other-apps',
      'app.webhook', 'app.fields', 'app.callback', 'app.permissions', 'app.review-settings', 'app.mode',
      'webhook.https', 'webhook.handshake',
      'pbx.api', 'pbx.facebook-traffic', 'delivery.gap',
    ]);
  });
});

describe('helpers', () => {
  it('compares callback URLs as a person would', () => {
    expect(sameUrl('https://PBX.example.com/fb/', 'https://pbx.example.com/fb')).toBe(true);
    expect(sameUrl('https://pbx.example.com/fb', 'https://pbx.example.com/other')).toBe(false);
  });

  it('knows private addresses', () => {
    for (const a of ['10.0.0.1', '192.168.1.2', '172.16.5.5', '127.0.0.1', '127.8.9.10', '::1', '[::1]', '100.64.0.1', 'fd00::1', 'fe80::1', '169.254.1.1', '::ffff:127.0.0.1', '[::ffff:7f00:1]', '0.0.0.0']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['203.0.113.5', '8.8.8.8', '172.32.0.1', '2001:db8::1']) expect(isPrivateAddress(a)).toBe(false);
  });

  it('plans subscriptions without ever dropping a field', () => {
    const plan = planSubscription('1', ['messages', 'messaging_postbacks']);
    expect(plan.after.slice(0, 2)).toEqual(['messages', 'messaging_postbacks']);
    expect(plan.added).toEqual(REQUIRED_FIELDS.filter((f) => f !== 'messages'));
    expect(planSubscription('1', [...REQUIRED_FIELDS]).changes).toBe(false);
    expect(planSubscription('1', undefined).changes).toBe(true);
  });

  it('keeps --sandbox from swallowing the next word', () => {
    expect(normaliseArgv(['--sandbox', 'verify'])).toEqual({ argv: ['--sandbox=healthy', 'verify'], wordAfterSandbox: 'verify' });
    expect(normaliseArgv(['verify', '--sandbox', 'dev-mode', '--json'])).toEqual({ argv: ['verify', '--sandbox=dev-mode', '--json'], wordAfterSandbox: undefined });
    expect(normaliseArgv(['verify', '--sandbox'])).toEqual({ argv: ['verify', '--sandbox=healthy'], wordAfterSandbox: undefined });
    // Each run has its own: a misspelt scenario in one run is not remembered by the next.
    expect(normaliseArgv(['verify', '--sandbox', 'expird-token']).wordAfterSandbox).toBe('expird-token');
    expect(normaliseArgv(['verify']).wordAfterSandbox).toBeUndefined();
  });
});
