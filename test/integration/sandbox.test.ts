import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../src/graph/client.js';
import { GraphApiError } from '../../src/graph/errors.js';
import { startSandbox } from '../../src/sandbox/server.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';
import type { ScenarioName } from '../../src/sandbox/scenario-names.js';

let sandbox: RunningSandbox | undefined;
const clients: GraphClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sandbox?.close();
  sandbox = undefined;
});

async function setup(scenario: ScenarioName = 'healthy', appSecret?: string) {
  sandbox = await startSandbox({ scenario });
  const graph = new GraphClient({ baseUrl: sandbox.graphUrl, version: 'v25.0', maxRetries: 0, ...(appSecret ? { appSecret } : {}) });
  clients.push(graph);
  return { graph, id: sandbox.identity, sb: sandbox };
}

async function graphError(promise: Promise<unknown>): Promise<GraphApiError> {
  const error = await promise.catch((e: unknown) => e);
  if (!(error instanceof GraphApiError)) throw new Error(`expected a GraphApiError, got ${String(error)}`);
  return error;
}

describe('the sandbox validates as Graph does', () => {
  it('answers an unknown token with 190', async () => {
    const { graph } = await setup();
    const error = await graphError(graph.call({ path: '/me', token: 'EAAnotatoken' }));
    expect([error.status, error.graphCode]).toEqual([400, 190]);
  });

  it("answers another page's object with 100/33", async () => {
    const { graph, id } = await setup();
    const error = await graphError(graph.call({ path: `/${id.otherPageId}/subscribed_apps`, token: id.pageToken }));
    expect([error.graphCode, error.subcode]).toEqual([100, 33]);
  });

  it('needs a page token for page edges (210) and an app token for app edges', async () => {
    const { graph, id } = await setup();
    expect((await graphError(graph.call({ path: `/${id.pageId}/subscribed_apps`, token: id.userToken }))).graphCode).toBe(210);
    expect((await graphError(graph.call({ path: `/${id.appId}/subscriptions`, token: id.pageToken }))).graphCode).toBe(15);
  });

  it('rejects a wrong appsecret_proof and accepts the right one', async () => {
    const { graph: right, id, sb } = await setup('healthy', 'sandbox0app0secret0000000000abcd');
    await expect(right.call({ path: '/me', token: id.pageToken })).resolves.toMatchObject({ body: { id: id.pageId } });
    const wrong = new GraphClient({ baseUrl: sb.graphUrl, version: 'v25.0', appSecret: 'not-the-secret', maxRetries: 0 });
    clients.push(wrong);
    const error = await graphError(wrong.call({ path: '/me', token: id.pageToken }));
    expect(error.graphMessage).toMatch(/Invalid appsecret_proof/);
  });

  it('requires subscribed_fields and rejects unknown field names', async () => {
    const { graph, id } = await setup();
    const path = `/${id.pageId}/subscribed_apps`;
    expect((await graphError(graph.call({ method: 'POST', path, token: id.pageToken, form: {} }))).graphMessage).toMatch(/subscribed_fields is required/);
    const unknown = await graphError(graph.call({ method: 'POST', path, token: id.pageToken, form: { subscribed_fields: 'messages,mesages' } }));
    expect(unknown.graphCode).toBe(100);
    expect(unknown.graphMessage).toMatch(/subscribed_fields\[1\]/);
  });

  it('subscribes, reads back and unsubscribes the page', async () => {
    const { graph, id } = await setup('not-subscribed');
    const path = `/${id.pageId}/subscribed_apps`;
    expect((await graph.call<{ data: unknown[] }>({ path, token: id.pageToken })).body.data).toEqual([]);
    await graph.call({ method: 'POST', path, token: id.pageToken, form: { subscribed_fields: 'messages,message_reads' } });
    const after = await graph.call<{ data: Array<{ id: string; subscribed_fields: string[] }> }>({ path, token: id.pageToken });
    expect(after.body.data).toMatchObject([{ id: id.appId, subscribed_fields: ['messages', 'message_reads'] }]);
    await graph.call({ method: 'DELETE', path, token: id.pageToken });
    expect((await graph.call<{ data: unknown[] }>({ path, token: id.pageToken })).body.data).toEqual([]);
  });

  it('checks the callback when the app webhook is set, and fails with 2200 when it does not answer', async () => {
    const { graph, id, sb } = await setup('callback-elsewhere');
    const appToken = `${id.appId}|${id.appSecret}`;
    const path = `/${id.appId}/subscriptions`;
    const form = { object: 'page', callback_url: id.webhookUrl, verify_token: 'abc123', fields: 'messages,message_reads' };
    await graph.call({ method: 'POST', path, token: appToken, form });
    const handshake = sb.webhookRequests.find((r) => r.method === 'GET');
    expect(handshake?.path).toBe(new URL(id.webhookUrl).pathname);
    const subs = await graph.call<{ data: Array<{ callback_url: string; active: boolean }> }>({ path, token: appToken });
    expect(subs.body.data[0]).toMatchObject({ callback_url: id.webhookUrl, active: true });
    const elsewhere = await graphError(graph.call({ method: 'POST', path, token: appToken, form: { ...form, callback_url: 'https://nowhere.example/webhook' } }));
    expect(elsewhere.graphCode).toBe(2200);
    const deleted = await graph.call<{ success: boolean }>({ method: 'DELETE', path, token: appToken, query: { object: 'page' } });
    expect(deleted.body.success).toBe(true);
  });

  it('answers 2200 when the 3CX host does not echo the challenge', async () => {
    const { graph, id } = await setup('webhook-broken');
    const error = await graphError(
      graph.call({ method: 'POST', path: `/${id.appId}/subscriptions`, token: `${id.appId}|${id.appSecret}`, form: { object: 'page', callback_url: id.webhookUrl, verify_token: 'x1', fields: 'messages' } }),
    );
    expect(error.graphCode).toBe(2200);
    expect(error.graphMessage).toMatch(/HTTP Status Code = 404/);
  });

  it('serves the Send API and the user profile with their documented errors', async () => {
    const { graph, id } = await setup();
    const send = (recipient: string) =>
      graph.call<{ recipient_id: string; message_id: string }>({ method: 'POST', path: '/me/messages', token: id.pageToken, json: { recipient: { id: recipient }, messaging_type: 'RESPONSE', message: { text: 'Hi' } } });
    expect((await send(id.psid)).body.recipient_id).toBe(id.psid);
    expect([(await graphError(send('2222222222222223'))).graphCode, (await graphError(send('2222222222222223'))).subcode]).toEqual([10, 2018278]);
    expect((await graphError(send('2222222222222224'))).subcode).toBe(1545041);
    expect((await graphError(send('9999999999999999'))).subcode).toBe(2018001);
    const profile = await graph.call<{ first_name: string }>({ path: `/${id.psid}`, token: id.pageToken, query: { fields: 'first_name,last_name,profile_pic' } });
    expect(profile.body.first_name).toBe('Maria');
  });

  it('refuses the profile without Business Asset User Profile Access (dev-mode)', async () => {
    const { graph, id } = await setup('dev-mode');
    const error = await graphError(graph.call({ path: `/${id.psid}`, token: id.pageToken, query: { fields: 'first_name' } }));
    expect([error.graphCode, error.subcode]).toEqual([100, 2018247]);
  });

  it('records unmatched routes so tests can fail on them', async () => {
    const { graph, id, sb } = await setup();
    await graphError(graph.call({ path: `/${id.pageId}/feed/extra`, token: id.pageToken }));
    expect(sb.unmatched).toEqual([`GET /v25.0/${id.pageId}/feed/extra`]);
  });
});
