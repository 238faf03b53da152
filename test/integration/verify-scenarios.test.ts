import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../src/graph/client.js';
import { PbxClient } from '../../src/pbx/client.js';
import { Facts } from '../../src/core/verify/facts.js';
import { ALL_CHECKS, buildReport, runChecks } from '../../src/core/verify/runner.js';
import type { CheckResult } from '../../src/core/verify/types.js';
import { createWebhookProber } from '../../src/io/webhook-probe.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { SCENARIO_NAMES, type ScenarioName } from '../../src/sandbox/scenario-names.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';
import { randomBytes } from 'node:crypto';

const PROBER_EFFECTS = { now: () => Date.now(), randomBytes: (size: number) => randomBytes(size) };

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function verifyScenario(scenario: ScenarioName): Promise<{ byId: Record<string, CheckResult>; sandbox: RunningSandbox }> {
  sandbox = await startSandbox({ scenario });
  const id = sandbox.identity;
  const graph = new GraphClient({ baseUrl: sandbox.graphUrl, version: 'v25.0', appSecret: id.appSecret, baseBackoffMs: 1, sleep: async () => {} });
  const pbx = new PbxClient({ baseUrl: id.pbxUrl, clientId: id.pbxClientId, clientSecret: id.pbxClientSecret, trust: sandbox.webhookTrust, baseBackoffMs: 1, sleep: async () => {} });
  const inputs = { pageId: id.pageId, pageToken: id.pageToken, appId: id.appId, appSecret: id.appSecret, webhookUrl: id.webhookUrl, pbxAddress: { url: id.pbxUrl, from: 'pbxUrl' } };
  const facts = new Facts(graph, inputs, createWebhookProber(PROBER_EFFECTS, { trust: sandbox.webhookTrust, timeoutMs: 3000 }), pbx);
  const results = await runChecks(ALL_CHECKS, { inputs, facts, now: () => Date.now() });
  await Promise.all([graph.close(), pbx.close()]);
  return { byId: Object.fromEntries(results.map((r) => [r.id, r])), sandbox };
}

/** The statuses each scenario must produce; every check not named must pass (app.mode is always left to a person: manual). */
const EXPECTED: Record<ScenarioName, Record<string, string>> = {
  healthy: {},
  'expired-token': { 'delivery.gap': 'skip', 'token.valid': 'fail', 'token.type': 'skip', 'token.page': 'skip', 'token.app': 'skip', 'token.expiry': 'skip', 'token.scopes': 'skip', 'page.info': 'fail', 'page.subscription': 'fail', 'page.fields': 'skip', 'page.other-apps': 'skip' },
  'password-changed': { 'delivery.gap': 'skip', 'token.valid': 'fail', 'token.type': 'skip', 'token.page': 'skip', 'token.app': 'skip', 'token.expiry': 'skip', 'token.scopes': 'skip', 'page.info': 'fail', 'page.subscription': 'fail', 'page.fields': 'skip', 'page.other-apps': 'skip' },
  'user-token': { 'delivery.gap': 'skip', 'token.type': 'fail', 'token.page': 'skip', 'token.expiry': 'warn', 'page.subscription': 'fail', 'page.fields': 'skip', 'page.other-apps': 'skip' },
  'wrong-page': { 'delivery.gap': 'skip', 'token.page': 'fail', 'token.scopes': 'fail', 'page.info': 'fail', 'page.subscription': 'fail', 'page.fields': 'skip', 'page.other-apps': 'skip' },
  'not-subscribed': { 'page.subscription': 'fail', 'page.fields': 'skip' },
  'missing-fields': { 'page.fields': 'fail' },
  'other-app': { 'page.other-apps': 'warn' },
  'callback-elsewhere': { 'app.callback': 'fail' },
  'webhook-inactive': { 'app.webhook': 'fail' },
  'webhook-broken': { 'webhook.handshake': 'fail' },
  'dev-mode': { 'app.permissions': 'fail' },
  'standard-access-only': { 'app.permissions': 'fail' },
  'review-incomplete': { 'app.review-settings': 'warn' },
  'expiring-token': { 'token.expiry': 'fail' },
  'rate-limited': {},
  'short-lived-token': { 'token.expiry': 'fail' },
  'data-access-expiring': { 'token.expiry': 'warn' },
  'graph-down': {
    'token.valid': 'fail', 'token.type': 'fail', 'token.page': 'fail', 'token.app': 'fail', 'token.expiry': 'fail', 'token.scopes': 'fail',
    'page.info': 'fail', 'page.subscription': 'fail', 'page.fields': 'skip', 'page.other-apps': 'skip', 'app.webhook': 'fail', 'app.fields': 'skip',
    'app.callback': 'skip', 'app.permissions': 'fail', 'app.review-settings': 'fail', 'delivery.gap': 'skip',
  },
  'page-restricted': { 'page.info': 'fail' },
  sticker: {},
  'pbx-healthy': {},
  'pbx-bad-key': { 'pbx.api': 'fail', 'pbx.facebook-traffic': 'skip', 'delivery.gap': 'skip' },
  'pbx-no-licence': { 'pbx.api': 'fail', 'pbx.facebook-traffic': 'skip', 'delivery.gap': 'skip' },
  'delivery-gap': { 'delivery.gap': 'fail' },
  'conversations-forbidden': { 'delivery.gap': 'skip' },
};

describe('every sandbox scenario gives the right statuses (real undici client)', () => {
  it('covers every scenario', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...SCENARIO_NAMES].sort());
  });

  it.each(SCENARIO_NAMES.map((s) => [s]))('%s', async (scenario) => {
    const { byId, sandbox: sb } = await verifyScenario(scenario);
    const expected: Record<string, string> = { 'app.mode': 'manual', ...EXPECTED[scenario] };
    for (const check of ALL_CHECKS) {
      expect.soft(`${check.id}: ${byId[check.id]?.status}`).toBe(`${check.id}: ${expected[check.id] ?? 'pass'}`);
    }
    for (const [id, result] of Object.entries(byId)) {
      if (result.status === 'fail' || result.status === 'warn' || result.status === 'manual') expect(result.fix, `${id} has a Fix`).toBeTruthy();
    }
    expect(sb.unmatched).toEqual([]);
  });
});

describe('what Meta changed in 2026', () => {
  it('page-restricted: the explanation and its fix sit in the check whose call met 10/1893063; the other checks still run', async () => {
    const { byId } = await verifyScenario('page-restricted');
    expect(byId['page.info']?.detail).toMatch(/^Meta has temporarily restricted the page: .*\(#10\/1893063\) Page temporarily restricted, fbtrace_id ASandboxTrace/);
    expect(byId['page.info']?.fix).toMatch(/Page quality tab/);
    expect(byId['page.info']?.unreachable).toBe(false);
    // subscribed_apps still answers, so the subscription is judged by it; the page could not tell.
    expect(byId['page.subscription']).toMatchObject({ status: 'pass', detail: `app ${sandbox?.identity.appId} is subscribed` });
    const elsewhere = Object.values(byId).filter((result) => result.id !== 'page.info' && /1893063|restricted/.test(`${result.detail} ${result.fix ?? ''}`));
    expect(elsewhere).toEqual([]);
  });

  it('page.subscription shows the page\'s is_webhooks_subscribed beside subscribed_apps', async () => {
    expect((await verifyScenario('healthy')).byId['page.subscription']?.detail).toBe('app 1234567890123456 is subscribed; the page reports is_webhooks_subscribed: true');
    expect((await verifyScenario('not-subscribed')).byId['page.subscription']?.detail).toBe('no app is subscribed to the page, so Meta delivers no messages; the page reports is_webhooks_subscribed: false');
  });
});

describe('facts', () => {
  it('makes each Graph call once however many checks need it', async () => {
    const { sandbox: sb } = await verifyScenario('healthy');
    const counts = new Map<string, number>();
    for (const req of sb.requests) counts.set(`${req.method} ${req.path}`, (counts.get(`${req.method} ${req.path}`) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(7);
    // One token for the whole run, shared by SystemStatus and ChatHistoryView.
    expect(sb.pbxRequests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /xapi/v1/ChatHistoryView', 'GET /xapi/v1/SystemStatus', 'POST /connect/token']);
    expect(sb.pbxRequests.find((r) => r.path === '/connect/token')?.params.client_secret).toBe('***');
    expect(sb.requests.every((r) => r.params.access_token === '***')).toBe(true);
  });

  it('sends appsecret_proof on every call', async () => {
    const { sandbox: sb } = await verifyScenario('healthy');
    expect(sb.requests.every((r) => r.params.appsecret_proof === '***')).toBe(true);
  });

  it('report JSON follows the schema', async () => {
    const { byId } = await verifyScenario('missing-fields');
    const report = buildReport(Object.values(byId), false);
    expect(report.schemaVersion).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.summary.fail).toBe(1);
    const fields = report.checks.find((c) => c.id === 'page.fields');
    expect(fields).toMatchObject({ status: 'fail', detail: 'missing messaging_pre_checkouts, messaging_customer_information' });
    expect(fields?.fix).toMatch(/fb3cx subscribe/);
    expect(report.checks.find((c) => c.id === 'token.valid')?.fix).toBeUndefined();
  });

  it('strict mode counts warnings, not the checks left to a person', async () => {
    const { byId } = await verifyScenario('healthy');
    expect(buildReport(Object.values(byId), false).ok).toBe(true);
    expect(buildReport(Object.values(byId), true).ok).toBe(true);
    const { byId: warned } = await verifyScenario('other-app');
    expect(buildReport(Object.values(warned), false).ok).toBe(true);
    expect(buildReport(Object.values(warned), true).ok).toBe(false);
  });
});
