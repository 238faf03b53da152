import { afterEach, describe, expect, it } from 'vitest';
import { buildWebhookPayload } from '../../src/core/webhook/build.js';
import { signBody } from '../../src/core/webhook/signature.js';
import { Facts } from '../../src/core/verify/facts.js';
import { PBX_CHECKS } from '../../src/core/verify/checks/pbx.js';
import { runChecks } from '../../src/core/verify/runner.js';
import { GraphClient } from '../../src/graph/client.js';
import { WebhookPoster } from '../../src/io/http-out.js';
import { PbxClient } from '../../src/pbx/client.js';
import { startSandbox } from '../../src/sandbox/server.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function pbxChecks(sb: RunningSandbox) {
  const id = sb.identity;
  const graph = new GraphClient({ baseUrl: sb.graphUrl, version: 'v25.0', appSecret: id.appSecret });
  const pbx = new PbxClient({ baseUrl: id.pbxUrl, clientId: id.pbxClientId, clientSecret: id.pbxClientSecret, trust: sb.webhookTrust });
  const inputs = { pageId: id.pageId, pageToken: id.pageToken, pbxAddress: { url: id.pbxUrl, from: 'pbxUrl' } };
  const results = await runChecks(PBX_CHECKS, { inputs, facts: new Facts(graph, inputs, undefined, pbx), now: () => Date.now() });
  await Promise.all([graph.close(), pbx.close()]);
  return Object.fromEntries(results.map((result) => [result.id, result]));
}

async function sendMessage(sb: RunningSandbox, secret: string): Promise<void> {
  const id = sb.identity;
  const { payload } = buildWebhookPayload('message', 1, { pageId: id.pageId, senderId: '2222222222222299', text: 'hello', appId: id.appId, now: Date.now(), random: () => 0.5 });
  const body = JSON.stringify(payload);
  const poster = new WebhookPoster({ ca: sb.webhookTrust.ca, lookup: sb.webhookTrust.lookup, hosts: sb.webhookTrust.hosts });
  const sent = await poster.post({ url: id.webhookUrl, body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, secret) }, timeoutMs: 5000 });
  await poster.close();
  expect(sent.ok && sent.status).toBe(200);
}

describe('the sandbox tells one story: what trigger sends to 3CX, verify finds in its chat history', () => {
  it('delivery-gap: a signed message sent to the 3CX webhook becomes the newest Facebook message and closes the gap', async () => {
    sandbox = await startSandbox({ scenario: 'delivery-gap' });
    const before = await pbxChecks(sandbox);
    expect(before['delivery.gap']?.status).toBe('fail');
    expect(before['pbx.facebook-traffic']?.detail).toMatch(/3 days ago/);

    await sendMessage(sandbox, sandbox.identity.appSecret);
    const after = await pbxChecks(sandbox);
    expect(after['pbx.facebook-traffic']?.detail).toMatch(/^newest Facebook message less than a minute ago/);
    expect(after['delivery.gap']?.status).toBe('pass');
  });

  it('a body signed with another secret is not stored, as 3CX would drop it', async () => {
    sandbox = await startSandbox({ scenario: 'delivery-gap' });
    await sendMessage(sandbox, 'not0the0app0secret00000000000000');
    expect((await pbxChecks(sandbox))['delivery.gap']?.status).toBe('fail');
  });
});
