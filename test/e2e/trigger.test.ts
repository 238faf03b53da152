import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/core/webhook/signature.js';
import { SANDBOX_HOST_CERT, SANDBOX_HOST_KEY } from '../../src/sandbox/tls.js';
import { assertClean, runCli } from '../support/run-cli.js';

const SECRET = 'e2e0app0secret0000000000000000ab';
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function endpoint(status: number, answer = 'EVENT_RECEIVED'): Promise<{ url: string; bodies: Array<{ body: Buffer; headers: Record<string, unknown> }> }> {
  const bodies: Array<{ body: Buffer; headers: Record<string, unknown> }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push({ body: Buffer.concat(chunks), headers: req.headers });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(answer);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

describe('fb3cx trigger', () => {
  it('--json prints the result with the payload; the signature covers the exact bytes sent', async () => {
    const target = await endpoint(200);
    const result = await runCli(['trigger', 'message', '--url', target.url, '--text', 'hi', '--page-id', '123456789012345', '--json'], { env: { FB3CX_APP_SECRET: SECRET } });
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as Record<string, any>;
    expect(doc).toMatchObject({ schemaVersion: 1, ok: true, type: 'message', status: 200, events: 1, entries: 1, signature: 'sha256', pageId: '123456789012345', response: { body: 'EVENT_RECEIVED' } });
    expect(doc.payload.entry[0].messaging[0].message.text).toBe('hi');
    const sent = target.bodies[0];
    expect(sent?.headers['x-hub-signature-256']).toBe(signBody(sent?.body ?? '', SECRET));
    expect(JSON.parse(sent?.body.toString() ?? '')).toEqual(doc.payload);
    assertClean(result, [SECRET]);
  });

  it('exits 1 on a non-2xx answer and shows it', async () => {
    const target = await endpoint(403, 'Forbidden: bad signature');
    const result = await runCli(['trigger', 'read', '--url', target.url], { env: { FB3CX_APP_SECRET: SECRET } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('403');
    expect(result.stdout).toContain('Forbidden: bad signature');
  });

  it('exits 3 when nothing listens, pointing at fb3cx listen', async () => {
    const result = await runCli(['trigger', 'message', '--url', 'http://127.0.0.1:9/webhook']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/could not be delivered: nothing is listening/);
    expect(result.stderr).toMatch(/fb3cx listen/);
    assertClean(result);
  });

  it('tells an untrusted certificate from a TLS handshake that fails', async () => {
    // The sandbox's certificate is for contoso.3cx.example and signed by its own CA: not trusted here.
    const untrusted = createHttpsServer({ cert: SANDBOX_HOST_CERT, key: SANDBOX_HOST_KEY }, (_req, res) => res.end('EVENT_RECEIVED'));
    // A TLS server without any certificate can only fail the handshake.
    const noCertificate = createHttpsServer({}, (_req, res) => res.end());
    for (const server of [untrusted, noCertificate]) {
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    const port = (server: Server) => (server.address() as AddressInfo).port;
    const bad = await runCli(['trigger', 'message', '--url', `https://127.0.0.1:${port(untrusted)}/hook`, '--timeout', '5']);
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toMatch(/the TLS certificate of 127\.0\.0\.1:\d+ is not trusted \([\w/]+\)\./);
    const handshake = await runCli(['trigger', 'message', '--url', `https://127.0.0.1:${port(noCertificate)}/hook`, '--timeout', '5']);
    expect(handshake.exitCode).toBe(3);
    expect(handshake.stderr).toMatch(/the TLS handshake with 127\.0\.0\.1:\d+ failed \([\w/]+\); is it serving HTTPS on that port\?\n/);
    assertClean(bad);
    assertClean(handshake);
  });

  it('says when it uses the fictional page and sends unsigned without a secret', async () => {
    const target = await endpoint(200);
    const result = await runCli(['trigger', 'echo', '--url', target.url]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/fictional page 111111111111111/);
    expect(result.stderr).toMatch(/unsigned/);
    expect(target.bodies[0]?.headers['x-hub-signature-256']).toBeUndefined();
  });

  it('--dry-run sends nothing; unknown types and bad flags are usage errors', async () => {
    const dry = await runCli(['trigger', 'customer_information', '--dry-run', '--json', '--url', 'http://127.0.0.1:9/x'], { env: { FB3CX_APP_SECRET: SECRET } });
    expect(dry.exitCode).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, type: 'customer_information' });
    const unknown = await runCli(['trigger', 'optin']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/does not know the event type "optin"/);
    const needsSecret = await runCli(['trigger', 'message', '--signature', 'sha256']);
    expect(needsSecret.exitCode).toBe(2);
    const batch = await runCli(['trigger', 'message', '--batch', '0']);
    expect(batch.exitCode).toBe(2);
  });
});
