import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PbxClient } from '../../src/pbx/client.js';
import { PbxApiError } from '../../src/pbx/errors.js';
import { FACEBOOK_FILTER, readNewestFacebookMessage, readSystemStatus } from '../../src/pbx/xapi.js';
import { SANDBOX_HOST_CERT, SANDBOX_HOST_KEY } from '../../src/sandbox/tls.js';
import { startTestServer, type TestServer } from '../support/http.js';

const KEY = 'pbx0test0key0000000000000000000';
let server: TestServer | undefined;
let tlsServer: Server | undefined;
const clients: PbxClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = undefined;
  tlsServer?.closeAllConnections();
  tlsServer?.close();
  tlsServer = undefined;
});

function client(url: string, options: Partial<ConstructorParameters<typeof PbxClient>[0]> = {}): PbxClient {
  const made = new PbxClient({ baseUrl: url, clientId: '900100', clientSecret: KEY, baseBackoffMs: 1, sleep: async () => {}, ...options });
  clients.push(made);
  return made;
}

/** A 3CX stand-in: a working token call, then `xapi` for everything under /xapi. */
async function pbxServer(xapi: (url: URL, res: import('node:http').ServerResponse, hit: number) => void): Promise<{ calls: string[] }> {
  const calls: string[] = [];
  server = await startTestServer((req, res, hit) => {
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === '/connect/token') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3600, access_token: 'bearer0for0test0000000' }));
      return;
    }
    xapi(url, res, hit);
  });
  return { calls };
}

async function failure(promise: Promise<unknown>): Promise<PbxApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof PbxApiError)) throw new Error(`expected a PbxApiError, got ${String(error)}`);
  return error;
}

describe('3CX client: each failure told apart', () => {
  it('an HTML page is not the API', async () => {
    await pbxServer((_url, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>3CX</title>'));
    const error = await failure(readSystemStatus(client(server!.url)));
    expect(error.code).toBe('pbx_html');
    expect(error.message).toMatch(/answered with a web page \(HTTP 200\), not the 3CX API/);
    expect(error.unreachable).toBe(false);
  });

  it('a redirect to a login page, shown by host and path only', async () => {
    await pbxServer((_url, res) => res.writeHead(302, { location: 'https://sso.example.com/login?return=secret0in0url' }).end());
    const error = await failure(readSystemStatus(client(server!.url)));
    expect(error.code).toBe('pbx_login_redirect');
    expect(error.message).toMatch(/redirected to a login page \(to sso\.example\.com\/login\)/);
    expect(error.message).not.toMatch(/secret0in0url/);
  });

  it('a wrong client or key: the OAuth error of the token call', async () => {
    server = await startTestServer((_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}'));
    const error = await failure(readSystemStatus(client(server.url)));
    expect(error.code).toBe('pbx_bad_credentials');
    expect(error.message).toMatch(/refused the API client ID or key \(invalid_client\)/);
    expect(error.hint).toMatch(/shown only once/);
    expect(`${error.message} ${error.hint}`).not.toContain(KEY);
    expect(server.hits).toBe(1);
  });

  it.each([403, 404])('a missing licence or API access (HTTP %i on /xapi)', async (status) => {
    await pbxServer((_url, res) => res.writeHead(status, { 'content-type': 'text/html' }).end('<h1>nope</h1>'));
    const error = await failure(readSystemStatus(client(server!.url)));
    expect(error.code).toBe('pbx_no_licence');
    expect(error.hint).toMatch(/3CX Configuration API access/);
    expect(error.hint).toMatch(/cannot confirm/);
  });

  it('a TLS failure (a certificate nobody trusts)', async () => {
    tlsServer = createHttpsServer({ cert: SANDBOX_HOST_CERT, key: SANDBOX_HOST_KEY }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => tlsServer!.listen(0, '127.0.0.1', resolve));
    const error = await failure(readSystemStatus(client(`https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`)));
    expect(error.code).toBe('pbx_tls');
    expect(error.unreachable).toBe(true);
  });

  it('an unreachable host', async () => {
    const error = await failure(readSystemStatus(client('http://127.0.0.1:9')));
    expect(error.code).toBe('pbx_unreachable');
    expect(error.message).toMatch(/connection refused/);
    expect(error.unreachable).toBe(true);
  });

  it('a timeout, retried within the deadline', async () => {
    await pbxServer(() => {
      // never answers
    });
    const error = await failure(readSystemStatus(client(server!.url, { timeoutMs: 100, deadlineMs: 400, maxRetries: 1 })));
    expect(error.code).toBe('pbx_timeout');
    expect(error.message).toMatch(/did not answer within 100 ms/);
  });

  it('retries a 503 and then succeeds', async () => {
    const { calls } = await pbxServer((_url, res, hit) => {
      if (hit === 2) res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"Version":"20.0.9.1","Activated":true}');
    });
    const retries: string[] = [];
    const status = await readSystemStatus(client(server!.url, { onEvent: (event) => event.kind === 'retry' && retries.push(event.reason) }));
    expect(status.Version).toBe('20.0.9.1');
    expect(calls.filter((call) => call.startsWith('GET /xapi/v1/SystemStatus'))).toHaveLength(2);
    expect(retries[0]).toMatch(/HTTP 503/);
  });
});

describe('3CX client: the token', () => {
  it('is asked for once per client however many calls use it, and sent as a bearer token', async () => {
    const auth: string[] = [];
    const { calls } = await pbxServer((_url, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"Version":"20","value":[]}'));
    server!.server.on('request', (req) => auth.push(String(req.headers.authorization ?? '')));
    const secrets: string[] = [];
    const api = client(server!.url, { onSecret: (value) => secrets.push(value) });
    await Promise.all([readSystemStatus(api), readNewestFacebookMessage(api), readSystemStatus(api)]);
    expect(calls.filter((call) => call.startsWith('POST /connect/token'))).toHaveLength(1);
    expect(auth.filter((value) => value === 'Bearer bearer0for0test0000000')).toHaveLength(3);
    expect(secrets).toEqual(['bearer0for0test0000000']);
  });

  it('sends the client credentials grant as a form', async () => {
    let body = '';
    server = await startTestServer((req, res) => {
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t0000000000","token_type":"Bearer"}'));
    });
    await client(server.url).token();
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({ client_id: '900100', client_secret: KEY, grant_type: 'client_credentials' });
  });
});

describe('ChatHistoryView: newest Facebook message', () => {
  const rows = [
    { TimeSent: '2026-01-02T10:00:00+01:00', ProviderType: 'LiveChat', ProviderName: 'Web' },
    { TimeSent: '2026-01-02T09:00:00+01:00', ProviderType: 'Facebook', ProviderName: 'Contoso FB' },
  ];

  it('takes the enum filter when the server does', async () => {
    const { calls } = await pbxServer((url, res) => {
      const filter = url.searchParams.get('$filter');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: filter ? rows.filter((row) => row.ProviderType === 'Facebook') : rows }));
    });
    const newest = await readNewestFacebookMessage(client(server!.url));
    expect(newest).toEqual({ message: rows[1], filteredBy: 'server' });
    const query = new URL(`http://x${calls.at(-1)?.split(' ')[1] ?? ''}`).searchParams;
    expect(query.get('$filter')).toBe(FACEBOOK_FILTER);
    expect(query.get('$orderby')).toBe('TimeSent desc');
    expect(query.get('$top')).toBe('1');
  });

  it('on HTTP 400 reads the newest page without the filter and filters it here', async () => {
    const { calls } = await pbxServer((url, res) => {
      if (url.searchParams.has('$filter')) res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad filter"}}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: rows }));
    });
    const newest = await readNewestFacebookMessage(client(server!.url));
    expect(newest).toEqual({ message: rows[1], filteredBy: 'client', scanned: 2 });
    expect(calls.filter((call) => call.startsWith('GET /xapi/v1/ChatHistoryView'))).toHaveLength(2);
    expect(calls.at(-1)).toMatch(/%24top=100/);
  });
});
