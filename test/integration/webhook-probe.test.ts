import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookProber } from '../../src/io/webhook-probe.js';
import { startSandbox } from '../../src/sandbox/server.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';
import { randomBytes } from 'node:crypto';

const PROBER_EFFECTS = { now: () => Date.now(), randomBytes: (size: number) => randomBytes(size) };

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('the 3CX webhook probe', () => {
  it('checks the certificate and the handshake over one connection with one request', async () => {
    sandbox = await startSandbox({ scenario: 'healthy', pbxLatencyMs: 0 });
    const probe = await createWebhookProber(PROBER_EFFECTS, { trust: sandbox.webhookTrust })(sandbox.identity.webhookUrl);
    expect(probe.dns.ok).toBe(true);
    expect(probe.tls).toMatchObject({ ok: true, subject: 'contoso.3cx.example' });
    expect(probe.handshake.status).toBe(200);
    expect(probe.handshake.body).toBe(probe.handshake.challenge);
    expect(sandbox.webhookConnections).toBe(1);
    expect(sandbox.webhookRequests.map((request) => request.method)).toEqual(['GET']);
  });

  it('takes the clock and the challenge from its effects', async () => {
    sandbox = await startSandbox({ scenario: 'healthy', pbxLatencyMs: 0 });
    const effects = { now: () => Date.UTC(2126, 9, 22), randomBytes: (size: number) => new Uint8Array(size).fill(1) };
    const probe = await createWebhookProber(effects, { trust: sandbox.webhookTrust })(sandbox.identity.webhookUrl);
    // The sandbox's certificate is valid until 2126-11-01: ten days after the injected "now".
    expect(probe.tls?.daysLeft).toBe(10);
    // Four bytes of 1 are 16843009: the challenge is 100000000 plus that, and the host echoed it.
    expect(probe.handshake.challenge).toBe('116843009');
    expect(probe.handshake.body).toBe('116843009');
  });

  it('waits for two round trips to a distant 3CX host: the connection and the handshake', async () => {
    const latency = 300;
    sandbox = await startSandbox({ scenario: 'healthy', pbxLatencyMs: latency });
    const started = performance.now();
    const probe = await createWebhookProber(PROBER_EFFECTS, { trust: sandbox.webhookTrust })(sandbox.identity.webhookUrl);
    const elapsed = performance.now() - started;
    expect(probe.tls?.ok).toBe(true);
    expect(probe.handshake.status).toBe(200);
    // The sandbox holds each new connection and each answer for `latency`: the probe pays it twice.
    expect(elapsed).toBeGreaterThanOrEqual(2 * latency);
    expect(sandbox.webhookConnections).toBe(1);
  });

  it('reports an untrusted certificate and still reads the handshake', async () => {
    sandbox = await startSandbox({ scenario: 'healthy' });
    const probe = await createWebhookProber(PROBER_EFFECTS, { trust: { ...sandbox.webhookTrust, ca: '' } })(sandbox.identity.webhookUrl);
    expect(probe.tls?.ok).toBe(false);
    expect(probe.tls?.subject).toBe('contoso.3cx.example');
    expect(probe.handshake.status).toBe(200);
    expect(sandbox.webhookConnections).toBe(1);
  });

  it('reports a refused connection as a connection that failed, not as a certificate problem', async () => {
    sandbox = await startSandbox({ scenario: 'healthy' });
    const url = new URL(sandbox.identity.webhookUrl);
    await sandbox.close();
    const probe = await createWebhookProber(PROBER_EFFECTS, { trust: sandbox.webhookTrust })(url.toString());
    sandbox = undefined;
    expect(probe.connect).toEqual({ ok: false, error: 'connection refused' });
    expect(probe.tls).toBeUndefined();
    expect(probe.handshake).toEqual({ challenge: probe.handshake.challenge, error: 'connection refused' });
  });

  it('a connection that opens reports its certificate', async () => {
    sandbox = await startSandbox({ scenario: 'healthy' });
    const probe = await createWebhookProber(PROBER_EFFECTS, { trust: sandbox.webhookTrust })(sandbox.identity.webhookUrl);
    expect(probe.connect).toEqual({ ok: true });
    expect(probe.tls?.ok).toBe(true);
  });
});
