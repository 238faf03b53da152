import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';
import { assertClean, runCli } from '../support/run-cli.js';
import { startTestServer } from '../support/http.js';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

interface SubscribeDoc {
  ok: boolean;
  changed: boolean;
  before: string[] | null;
  after: string[] | null;
  added: string[];
  missing: string[];
}

describe('fb3cx subscribe', () => {
  it('subscribes a page that has no app, and reads it back', async () => {
    const result = await runCli(['subscribe', '--sandbox', 'not-subscribed', '--json']);
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout) as SubscribeDoc;
    expect(doc).toMatchObject({ ok: true, changed: true, before: null, missing: [] });
    expect(doc.after).toHaveLength(6);
  });

  it('adds only the missing fields and keeps the others', async () => {
    const result = await runCli(['subscribe', '--sandbox', 'missing-fields']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/before {2}messages, message_echoes, message_reads, message_deliveries/);
    expect(result.stdout).toMatch(/added messaging_pre_checkouts, messaging_customer_information/);
  });

  it('--dry-run changes nothing', async () => {
    sandbox = await startSandbox({ scenario: 'missing-fields' });
    const env = { FB3CX_GRAPH_URL: sandbox.graphUrl, FB3CX_PAGE_ID: sandbox.identity.pageId, FB3CX_PAGE_TOKEN: sandbox.identity.pageToken, FB3CX_APP_ID: sandbox.identity.appId };
    const result = await runCli(['subscribe', '--dry-run', '--json'], { env });
    expect(JSON.parse(result.stdout)).toMatchObject({ changed: false, added: ['messaging_pre_checkouts', 'messaging_customer_information'] });
    expect(sandbox.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('refuses to guess which app is yours when the App ID is missing, and drops nothing', async () => {
    sandbox = await startSandbox({ scenario: 'other-app' });
    const env = { FB3CX_GRAPH_URL: sandbox.graphUrl, FB3CX_PAGE_ID: sandbox.identity.pageId, FB3CX_PAGE_TOKEN: sandbox.identity.pageToken };
    const result = await runCli(['subscribe', '--fields', 'messaging_postbacks'], { env });
    assertClean(result, [sandbox.identity.pageToken]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/without the App ID fb3cx cannot tell which one is yours/);
    expect(result.stderr).toMatch(/--app-id or FB3CX_APP_ID/);
    expect(sandbox.requests.filter((r) => r.method === 'POST')).toEqual([]);
    const withId = await runCli(['subscribe', '--fields', 'messaging_postbacks', '--json'], { env: { ...env, FB3CX_APP_ID: sandbox.identity.appId } });
    const doc = JSON.parse(withId.stdout) as SubscribeDoc;
    expect(doc.ok).toBe(true);
    expect(doc.after).toEqual([...(doc.before ?? []), 'messaging_postbacks']);
    expect(doc.before).toHaveLength(6);
  });

  it('rejects a field name that cannot exist', async () => {
    const result = await runCli(['subscribe', '--sandbox', '--fields', 'messages,Bad-Field']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/"Bad-Field" is not a webhook field name/);
  });

  it('a field Meta refuses: Meta\'s own message and the fbtrace_id in text, --json and --verbose', async () => {
    const meta = /Meta said: \(#100\) Param subscribed_fields\[\d+\] must be one of \{[^}]*\} - got "bogus_field", fbtrace_id ASandboxTrace\w+/;
    const text = await runCli(['subscribe', '--sandbox', '--fields', 'messages,bogus_field']);
    assertClean(text);
    expect(text.exitCode).toBe(1);
    expect(text.stderr).toMatch(meta);
    const json = await runCli(['subscribe', '--sandbox', '--fields', 'messages,bogus_field', '--json']);
    expect(json.exitCode).toBe(1);
    const doc = JSON.parse(json.stdout) as { ok: boolean; error: { code: string; message: string; hint: string } };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('graph.100');
    expect(doc.error.message).toMatch(meta);
    const verbose = await runCli(['subscribe', '--sandbox', '--fields', 'messages,bogus_field', '--verbose']);
    expect(verbose.stderr).toMatch(meta);
    expect(verbose.stderr).toMatch(/POST \/\d+\/subscribed_apps -> 400/);
  });

  it.each([
    ['a 302 with an empty body (a captive portal)', 302],
    ['a 404 with an empty body (a wrong FB3CX_GRAPH_URL)', 404],
  ])('%s is exit 3 "not the Graph API", never "Meta accepted the change"', async (_name, status) => {
    const portal = await startTestServer((_req, res) => {
      res.writeHead(status, status === 302 ? { location: 'http://portal.example/login' } : {}).end();
    });
    const host = new URL(portal.url).host;
    const result = await runCli(['subscribe', '--json'], { env: { FB3CX_GRAPH_URL: portal.url, FB3CX_PAGE_ID: '111111111111111', FB3CX_PAGE_TOKEN: 'EAAsecretsecretsecret42', FB3CX_APP_ID: '1234567890123456' } });
    await portal.close();
    assertClean(result, ['EAAsecretsecretsecret42']);
    expect(result.exitCode).toBe(3);
    const doc = JSON.parse(result.stdout) as { ok: boolean; error: { code: string; message: string; hint: string } };
    expect(doc).toMatchObject({ ok: false, error: { code: 'network' } });
    expect(doc.error.message).toContain(`${host} answered HTTP ${status}`);
    expect(doc.error.message).toMatch(/not the Graph API/);
    expect(doc.error.hint).toMatch(/FB3CX_GRAPH_URL/);
    expect(result.stderr).not.toMatch(/accepted|fbtrace_id/);
  });
});
