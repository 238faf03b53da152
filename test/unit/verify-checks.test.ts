import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/core/verify/facts.js';
import { ALL_CHECKS, runChecks } from '../../src/core/verify/runner.js';
import type { CheckResult, VerifyInputs, WebhookProbe } from '../../src/core/verify/types.js';
import { GraphApiError } from '../../src/graph/errors.js';
import type { GraphApi, GraphRequest } from '../../src/graph/types.js';
import { renderReport } from '../../src/core/verify/render.js';
import { buildReport, reportExitCode } from '../../src/core/verify/runner.js';
import { sample } from '../support/samples.js';

const NOW = Date.parse('2026-11-25T00:00:00Z');
const PAGE = '111111111111111';
const APP = '1234567890123456';

/** A stub Graph: answers by path from a table, counts calls, never opens a socket. */
function stubGraph(routes: Record<string, unknown | ((req: GraphRequest) => unknown)>): GraphApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    version: 'v25.0',
    baseUrl: 'stub',
    calls,
    async call<T>(req: GraphRequest) {
      calls.push(req.path);
      const entry = routes[req.path];
      if (entry === undefined) throw new Error(`no stub for ${req.path}`);
      const body = typeof entry === 'function' ? (entry as (r: GraphRequest) => unknown)(req) : entry;
      if (body instanceof GraphApiError) throw body;
      return { status: 200, body: body as T, headers: {} };
    },
    async close() {},
  };
}

function renewedDataAccess(answer: { data: Record<string, unknown> }, days: number): { data: Record<string, unknown> } {
  return { data: { ...answer.data, data_access_expires_at: NOW / 1000 + days * 86400 } };
}

function healthyRoutes(): Record<string, unknown> {
  return {
    // The sample's data access ended on 2026-04-01, before this test's clock: renewed here, as a healthy token's is.
    '/debug_token': renewedDataAccess(sample('debug_token.page.ok.json'), 60),
    '/me': sample('me.page_token.json'),
    [`/${PAGE}`]: sample('page.get.ok.json'),
    [`/${PAGE}/subscribed_apps`]: sample('subscribed_apps.get.json'),
    [`/${APP}/subscriptions`]: sample('app_subscriptions.get.json'),
    [`/${APP}`]: sample('app.get.ok.json'),
    [`/${APP}/permissions`]: sample('app_permissions.get.SHAPE_UNCONFIRMED.json'),
  };
}

const healthyProbe: WebhookProbe = {
  url: 'https://contoso.3cx.example/facebook/webhook/abc123',
  dns: { ok: true, addresses: ['203.0.113.10'] },
  tls: { ok: true, issuer: 'Example CA', validTo: '2027-06-01', daysLeft: 188 },
  handshake: { challenge: '12345', status: 200, body: '12345' },
  sandbox: false,
};

async function run(routes: Record<string, unknown>, inputs: Partial<VerifyInputs> = {}, probe: WebhookProbe = healthyProbe): Promise<Record<string, CheckResult>> {
  const full: VerifyInputs = { pageId: PAGE, pageToken: 'EAAFAKEPAGETOKEN', appId: APP, appSecret: 'secret0123456789', webhookUrl: healthyProbe.url, ...inputs };
  const facts = new Facts(stubGraph(routes), full, async () => probe);
  const results = await runChecks(ALL_CHECKS, { inputs: full, facts, now: () => NOW });
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

describe('checks against the documented samples', () => {
  it('pass on the healthy samples, with app.mode left to a person (manual), which --strict does not count', async () => {
    const byId = await run(healthyRoutes());
    const notPass = Object.values(byId).filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`);
    // Without 3CX API credentials the 3CX checks are skipped, never failed.
    expect(notPass).toEqual(['app.mode:manual', 'pbx.api:skip', 'pbx.facebook-traffic:skip', 'delivery.gap:skip']);
    expect(byId['app.mode']?.fix).toMatch(/App Mode switch .* says Live/);
    const strict = buildReport(Object.values(byId), true);
    expect(strict.ok).toBe(true);
    expect(strict.summary).toMatchObject({ manual: 1, warn: 0, fail: 0 });
    expect(strict.checks.find((c) => c.id === 'app.mode')).toMatchObject({ status: 'manual', fix: expect.stringMatching(/App Mode switch/) });
  });

  it('without Advanced Access to pages_messaging, app.permissions and app.mode explain why only app roles reach the webhook', async () => {
    const explanation = /Meta delivers webhooks only for people who have a role on the app .*customers' messages never reach 3CX/;
    const unapproved = await run({ ...healthyRoutes(), [`/${APP}/permissions`]: { data: [{ permission: 'pages_messaging', status: 'unapproved' }] } });
    expect(unapproved['app.permissions']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^pages_messaging: unapproved, so Standard Access only\. /) });
    expect(unapproved['app.permissions']?.detail).toMatch(explanation);
    expect(unapproved['app.permissions']?.fix).toMatch(/Request Advanced Access to pages_messaging.*message the page from a Facebook account that has NO role on the app/);
    expect(unapproved['app.mode']).toMatchObject({ status: 'manual', detail: expect.stringMatching(/evidence: pages_messaging unapproved.*only people with a role on the app reach the webhook/) });
    expect(unapproved['app.mode']?.fix).toMatch(/cannot tell whether a sender has a role on the app.*"fb3cx listen --lookup-profile" shows each sender's name/);

    const unlisted = await run({ ...healthyRoutes(), [`/${APP}/permissions`]: { data: [{ permission: 'pages_show_list', status: 'live' }] } });
    expect(unlisted['app.permissions']).toMatchObject({ status: 'warn', detail: expect.stringMatching(explanation), fix: expect.stringMatching(/To check by hand: App Review > Permissions and Features/) });

    // Approved is not Live: app.mode still says who is reached until then, and asks for the proof.
    const live = await run(healthyRoutes());
    expect(live['app.permissions']).toMatchObject({ status: 'pass', detail: 'pages_messaging: live' });
    expect(live['app.mode']?.detail).toMatch(/evidence: pages_messaging live.*Until the app is Live with Advanced Access to pages_messaging, only people with a role on the app reach the webhook/);
    expect(live['app.mode']?.fix).toMatch(/NO role on the app/);
  });

  it('a callback elsewhere than the 3CX webhook URL is a failure: 3CX receives nothing', async () => {
    const routes = healthyRoutes();
    const subs = sample<{ data: Array<Record<string, unknown>> }>('app_subscriptions.get.json');
    routes[`/${APP}/subscriptions`] = { data: subs.data.map((sub) => ({ ...sub, callback_url: 'https://4f2a.ngrok-free.app/webhook' })) };
    const byId = await run(routes);
    expect(byId['app.callback']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/3CX receives none \(a tunnel left behind/) });
    expect(reportExitCode(buildReport(Object.values(byId), false), Object.values(byId))).toBe(1);
  });

  it('reads the expiry of a token that expires in a month as a warning, within a week as a failure', async () => {
    const routes = healthyRoutes();
    const data = (sample('debug_token.page.ok.json') as { data: Record<string, unknown> }).data;
    routes['/debug_token'] = { data: { ...data, expires_at: NOW / 1000 + 30 * 86400, data_access_expires_at: NOW / 1000 + 60 * 86400 } };
    const month = (await run(routes))['token.expiry'];
    expect(month).toMatchObject({ status: 'warn', detail: 'expires on 2026-12-25 (in 30 days); data access until 2027-01-24 (in 60 days)' });
    expect(month?.fix).toMatch(/^Run fb3cx token exchange: /);
    routes['/debug_token'] = { data: { ...data, expires_at: NOW / 1000 + 2 * 86400 } };
    const week = (await run(routes))['token.expiry'];
    expect(week).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^expires on 2026-11-27, in 2 days: 3CX stops receiving messages then; data access lapsed on 2026-04-01/) });
    expect(week?.fix).toContain('fb3cx token exchange');
    routes['/debug_token'] = { data: { ...data, expires_at: NOW / 1000 + 3600 } };
    expect((await run(routes))['token.expiry']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^expires on 2026-11-25, in 1 hour:/), fix: expect.stringContaining('fb3cx token exchange') });
    routes['/debug_token'] = { data: { ...data, expires_at: NOW / 1000 - 86400 } };
    expect((await run(routes))['token.expiry']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/^expired on 2026-11-24/), fix: expect.stringContaining('fb3cx token exchange') });
  });

  it('reports the data-access date of a token that never expires, and warns without predicting an outage when it is near', async () => {
    const routes = healthyRoutes();
    expect((await run(routes))['token.expiry']).toMatchObject({ status: 'pass', detail: 'never expires; data access until 2027-01-24 (in 60 days)' });
    routes['/debug_token'] = renewedDataAccess(sample('debug_token.page.ok.json'), 3);
    const near = (await run(routes))['token.expiry'];
    expect(near).toMatchObject({ status: 'warn', detail: 'never expires; data access until 2026-11-28 (in 3 days)' });
    expect(near?.fix).toMatch(/does not document whether Messenger delivery stops/);
    expect(near?.fix).toContain('fb3cx token exchange');
  });

  it('--expiry-warn-days sets how near the data-access end must be to warn', async () => {
    const routes = healthyRoutes();
    routes['/debug_token'] = renewedDataAccess(sample('debug_token.page.ok.json'), 20);
    expect((await run(routes))['token.expiry']).toMatchObject({ status: 'pass' });
    expect((await run(routes, { expiryWarnDays: 30 }))['token.expiry']).toMatchObject({ status: 'warn', detail: expect.stringContaining('(in 20 days)') });
    routes['/debug_token'] = renewedDataAccess(sample('debug_token.page.ok.json'), 3);
    expect((await run(routes, { expiryWarnDays: 2 }))['token.expiry']).toMatchObject({ status: 'pass' });
  });

  it('names a token issued by another app', async () => {
    const routes = healthyRoutes();
    routes['/debug_token'] = sample('debug_token.other_app.json');
    const byId = await run(routes);
    expect(byId['token.app']?.status).toBe('fail');
    expect(byId['token.app']?.detail).toMatch(/not by the configured app 1234567890123456/);
  });

  it('skips what needs the app secret, saying why, and falls back to /me', async () => {
    const byId = await run(healthyRoutes(), { appId: undefined, appSecret: undefined });
    expect(byId['token.valid']).toMatchObject({ status: 'pass' });
    expect(byId['token.valid']?.detail).toMatch(/GET \/me/);
    expect(byId['token.type']?.status).toBe('pass');
    for (const id of ['token.app', 'token.expiry', 'token.scopes', 'app.webhook', 'app.fields', 'app.callback', 'app.permissions', 'app.review-settings', 'app.mode']) {
      expect(byId[id]?.status, id).toBe('skip');
      expect(byId[id]?.detail, id).toMatch(/app secret|App ID/);
    }
  });

  it('skips the webhook checks without a 3CX URL', async () => {
    const byId = await run(healthyRoutes(), { webhookUrl: undefined });
    expect(byId['webhook.https']?.status).toBe('skip');
    expect(byId['webhook.handshake']?.status).toBe('skip');
  });

  it('fails an http:// webhook URL as "must be https" in both checks, never as a host that does not resolve', async () => {
    const unresolved: WebhookProbe = { ...healthyProbe, dns: { ok: false, addresses: [], error: 'ENOTFOUND' } };
    const byId = await run(healthyRoutes(), { webhookUrl: 'http://contoso.3cx.example/wh' }, unresolved);
    expect(byId['webhook.https']).toMatchObject({ status: 'fail', detail: expect.stringMatching(/uses http:\/\/; it must be https:\/\//) });
    expect(byId['webhook.handshake']).toMatchObject({ status: 'skip', detail: expect.stringMatching(/only https:\/\/ URLs/) });
    expect(`${byId['webhook.https']?.detail} ${byId['webhook.handshake']?.detail}`).not.toMatch(/resolve/);
  });

  it('fails a handshake that answers JSON instead of the bare challenge', async () => {
    const byId = await run(healthyRoutes(), {}, { ...healthyProbe, handshake: { challenge: '1', status: 200, body: '{"hub.challenge":"1"}' } });
    expect(byId['webhook.handshake']?.status).toBe('fail');
    expect(byId['webhook.handshake']?.detail).toMatch(/not with the bare challenge/);
  });

  it.each([
    ['https://localhost:1/x', /"localhost" is a local name: Meta cannot reach it/],
    ['https://127.0.0.1/facebook/webhook/1', /127\.0\.0\.1 is a loopback, private or link-local address/],
    ['https://127.8.9.10/facebook/webhook/1', /127\.8\.9\.10 is a loopback/],
    ['https://[::1]:8443/facebook/webhook/1', /::1 is a loopback/],
    ['https://192.168.1.20/facebook/webhook/1', /192\.168\.1\.20 is a loopback, private/],
    ['https://10.1.2.3/facebook/webhook/1', /10\.1\.2\.3 is a loopback, private/],
    ['https://169.254.10.1/facebook/webhook/1', /169\.254\.10\.1 is a loopback, private or link-local/],
    ['https://[fe80::1]/facebook/webhook/1', /fe80::1 is a loopback, private or link-local/],
    ['https://pbx.local/facebook/webhook/1', /"pbx\.local" is a local name/],
  ])('flags %s as unreachable for Meta, whatever a probe from here finds', async (webhookUrl, detail) => {
    const byId = await run(healthyRoutes(), { webhookUrl });
    expect(byId['webhook.https']).toMatchObject({ status: 'fail', detail: expect.stringMatching(detail), fix: expect.stringMatching(/public host name/) });
    expect(byId['webhook.handshake']).toMatchObject({ status: 'skip', detail: expect.stringMatching(/cannot reach .* from the internet/) });
  });

  it('a refused connection is not blamed on a certificate', async () => {
    const refused: WebhookProbe = { ...healthyProbe, connect: { ok: false, error: 'connection refused' }, handshake: { challenge: '1', error: 'connection refused' } };
    const { tls: _unused, ...withoutTls } = refused;
    const byId = await run(healthyRoutes(), { webhookUrl: 'https://pbx.contoso.com:5001/facebook/webhook/1' }, withoutTls);
    expect(byId['webhook.https']).toMatchObject({ status: 'fail', detail: 'could not connect to pbx.contoso.com:5001 (connection refused), so its certificate could not be checked' });
    expect(byId['webhook.https']?.fix).toMatch(/port 5001 of the 3CX host is open/);
    expect(`${byId['webhook.https']?.detail} ${byId['webhook.https']?.fix}`).not.toMatch(/certificate valid|self-signed|public CA/);
    expect(byId['webhook.handshake']).toMatchObject({ status: 'skip', detail: expect.stringMatching(/no connection to pbx\.contoso\.com:5001/) });
  });

  it('fails a mismatched certificate and warns on a private address', async () => {
    const mismatch = await run(healthyRoutes(), {}, { ...healthyProbe, tls: { ok: false, error: 'the certificate is for another host name' } });
    expect(mismatch['webhook.https']).toMatchObject({ status: 'fail' });
    const privateAddr = await run(healthyRoutes(), {}, { ...healthyProbe, dns: { ok: true, addresses: ['192.168.1.20'] } });
    expect(privateAddr['webhook.https']?.status).toBe('warn');
  });

  it('judges review settings like review-text: the website must be on the web client host', async () => {
    const onHost = await run(healthyRoutes(), { webClientUrl: 'https://contoso.3cx.example:5001/webclient' });
    expect(onHost['app.review-settings']?.status).toBe('pass');
    const elsewhere = await run(healthyRoutes(), { webClientUrl: 'https://pbx.fabrikam.example:5001/webclient' });
    expect(elsewhere['app.review-settings']?.status).toBe('warn');
    expect(elsewhere['app.review-settings']?.detail).toMatch(/website platform \(Meta has https:\/\/contoso\.3cx\.example\/, which is not the 3CX host\)/);
    const routes = healthyRoutes();
    routes[`/${APP}`] = { ...(sample('app.get.ok.json') as object), category: 'Business' };
    expect((await run(routes))['app.review-settings']?.detail).toMatch(/category Messaging \(Meta has "Business"\)/);
  });

  it('turns a throwing check into an internal-error fail instead of a crash', async () => {
    const routes = healthyRoutes();
    routes[`/${PAGE}`] = () => {
      throw new TypeError('boom');
    };
    const byId = await run(routes);
    expect(byId['page.info']?.status).toBe('fail');
    expect(byId['page.info']?.detail).toMatch(/internal error: boom/);
  });

  it('skips the checks only debug_token can answer when the app is not known, and says what they need', async () => {
    const byId = await run(healthyRoutes(), { appId: undefined, appSecret: undefined });
    for (const id of ['token.app', 'token.expiry', 'token.scopes']) {
      expect(byId[id]?.status, id).toBe('skip');
      expect(byId[id]?.detail, id).toMatch(/needs the App ID and app secret \(debug_token\)/);
    }
  });

  it('recognises a user token without the app secret from the 210 answer', async () => {
    const routes = healthyRoutes();
    routes['/me'] = sample('me.user_token.json');
    routes[`/${PAGE}/subscribed_apps`] = () => new GraphApiError(400, (sample('error.210.page_token_required.json') as { error: object }).error, 'x');
    const byId = await run(routes, { appId: undefined, appSecret: undefined });
    expect(byId['token.type']?.status).toBe('fail');
    expect(byId['token.type']?.detail).toMatch(/USER token/);
    expect(byId['token.page']?.status).toBe('fail');
  });
});

describe('human report', () => {
  it('draws one line per check with a Fix under each warn and fail, and a summary', async () => {
    const byId = await run(healthyRoutes(), { appId: undefined, appSecret: undefined });
    const plain = { green: (s: string) => s, yellow: (s: string) => s, red: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s, cyan: (s: string) => s };
    const text = renderReport(buildReport(Object.values(byId), false), plain, { pageId: PAGE, graphVersion: 'v25.0' });
    const checkLines = text.split('\n').filter((l) => /^ {2}[✔!✖-] /.test(l));
    expect(checkLines).toHaveLength(21);
    expect(text).toMatch(/✔ OK {2}8 passed, 0 warnings, 0 failed, 13 skipped/);
    expect(text).toMatch(/\n3CX API\n {2}- pbx\.api +skipped: needs 3CX API access/);
  });
});
