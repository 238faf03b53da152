import { afterEach, describe, expect, it } from 'vitest';
import { appSecretProof, GraphClient } from '../../src/graph/client.js';
import { GraphApiError, NotGraphApiError } from '../../src/graph/errors.js';
import { explainGraphError } from '../../src/graph/explain.js';
import { NetworkError } from '../../src/errors.js';
import { sample } from '../support/samples.js';
import { startTestServer, type TestServer } from '../support/http.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const noSleep = { sleep: async () => {}, baseBackoffMs: 1 };

describe('appsecret_proof', () => {
  it('matches the shared test vector', () => {
    const vector = sample<{ app_secret: string; access_token: string; appsecret_proof: string }>('appsecret_proof.test_vector.json');
    expect(appSecretProof(vector.access_token, vector.app_secret)).toBe(vector.appsecret_proof);
  });

  it('is sent on every call when the app secret is known, and never otherwise', async () => {
    const seen: string[] = [];
    server = await startTestServer((req, res) => {
      seen.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end('{"id":"1"}');
    });
    const vector = sample<{ app_secret: string; access_token: string; appsecret_proof: string }>('appsecret_proof.test_vector.json');
    const withSecret = new GraphClient({ baseUrl: server.url, version: 'v25.0', appSecret: vector.app_secret });
    await withSecret.call({ path: '/me', token: vector.access_token });
    const without = new GraphClient({ baseUrl: server.url, version: 'v25.0' });
    await without.call({ path: '/me', token: vector.access_token });
    await Promise.all([withSecret.close(), without.close()]);
    expect(seen[0]).toContain(`appsecret_proof=${vector.appsecret_proof}`);
    expect(seen[0]).toMatch(/^\/v25\.0\/me\?/);
    expect(seen[1]).not.toContain('appsecret_proof');
  });
});

describe('retries', () => {
  it('retries transient Graph codes and then succeeds', async () => {
    server = await startTestServer((_req, res, hit) => {
      res.setHeader('content-type', 'application/json');
      if (hit <= 2) {
        res.statusCode = 400;
        res.end(JSON.stringify(sample('error.4.app_rate_limit.json')));
      } else res.end('{"ok":true}');
    });
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', ...noSleep });
    const res = await client.call<{ ok: boolean }>({ path: '/me' });
    await client.close();
    expect(res.body.ok).toBe(true);
    expect(server.hits).toBe(3);
  });

  it.each([
    ['error.190.expired.json', 190],
    ['error.100.33.unknown_object.json', 100],
    ['error.10.permission_denied.json', 10],
    ['error.200.pages_manage_metadata.json', 200],
  ])('never retries %s', async (file, code) => {
    server = await startTestServer((_req, res) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(sample(file)));
    });
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', ...noSleep });
    const error = await client.call({ path: '/me', token: 'EAAtesttoken123456' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(GraphApiError);
    expect((error as GraphApiError).graphCode).toBe(code);
    expect(server.hits).toBe(1);
  });

  it('gives up after the bounded number of retries on 5xx', async () => {
    server = await startTestServer((_req, res) => {
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(sample('error.2.transient.json')));
    });
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', maxRetries: 3, ...noSleep });
    const error = await client.call({ path: '/me' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(GraphApiError);
    expect((error as GraphApiError).isTransient).toBe(true);
    expect(server.hits).toBe(4);
  });

  it('waits as long as Retry-After asks, but not past the deadline', async () => {
    const waits: number[] = [];
    server = await startTestServer((_req, res) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.setHeader('retry-after', '120');
      res.end(JSON.stringify(sample('error.17.user_rate_limit.json')));
    });
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', deadlineMs: 5000, sleep: async (ms) => void waits.push(ms) });
    const error = await client.call({ path: '/me' }).catch((e: unknown) => e);
    await client.close();
    expect((error as GraphApiError).graphCode).toBe(17);
    expect(waits).toEqual([]);
    expect(server.hits).toBe(1);
  });
});

describe('failures a person can read', () => {
  it('turns an HTML page from a proxy into a clear NetworkError', async () => {
    server = await startTestServer((_req, res) => {
      res.statusCode = 200;
      res.setHeader('content-type', 'text/html');
      res.end('<html><body>Proxy login</body></html>');
    });
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', ...noSleep });
    const error = await client.call({ path: '/me', operation: 'Reading /me' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/answered HTTP 200 with text\/html instead of JSON/);
  });

  it('reports a refused connection without retrying', async () => {
    const client = new GraphClient({ baseUrl: 'http://127.0.0.1:9', version: 'v25.0', ...noSleep });
    const error = await client.call({ path: '/me', token: 'EAAsecretvalue0123456789' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/refused the connection/);
    expect((error as Error).message).not.toContain('EAAsecretvalue');
  });

  it('times out a Graph API that never answers', async () => {
    server = await startTestServer(() => {
      /* never answers */
    });
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', timeoutMs: 200, deadlineMs: 300, ...noSleep });
    const error = await client.call({ path: '/me' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/did not answer within/);
  });

  it('keeps every field of the error envelope', async () => {
    server = await startTestServer((_req, res) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(sample('error.190.password_changed.json')));
    });
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', ...noSleep });
    const error = (await client.call({ path: '/me' }).catch((e: unknown) => e)) as GraphApiError;
    await client.close();
    expect(error.status).toBe(400);
    expect(error.graphCode).toBe(190);
    expect(error.subcode).toBe(460);
    expect(error.type).toBe('OAuthException');
    expect(error.fbtraceId).toBe('AFakeTrace190_460');
    expect(error.explanation).toMatch(/changed their Facebook password/);
    expect(error.fix).toMatch(/Generate a new page token/);
    expect(error.exitCode).toBe(1);
  });
});

describe('only Meta\'s JSON is an answer (a captive portal, a proxy, a wrong FB3CX_GRAPH_URL)', () => {
  const answers: Array<[string, number, Record<string, string>, string, RegExp]> = [
    ['a 302 with an empty body', 302, { location: 'http://portal.example/login?next=https%3A%2F%2Fgraph.facebook.com%2Fme%3Faccess_token%3DEAAsecret' }, '', /answered HTTP 302 with a redirect to portal\.example, so this is not the Graph API/],
    ['a 404 with an empty body', 404, {}, '', /answered HTTP 404 with an empty body, so this is not the Graph API/],
    ['a 200 with an empty body', 200, {}, '', /answered HTTP 200 with an empty body/],
    ['a 200 with HTML', 200, { 'content-type': 'text/html' }, '<html>Login</html>', /answered HTTP 200 with text\/html instead of JSON/],
    ['a 404 with JSON that is no Graph error', 404, { 'content-type': 'application/json' }, '{"status":"not found"}', /answered HTTP 404 with JSON without a Graph API error/],
    ['a 200 with a JSON array', 200, { 'content-type': 'application/json' }, '[]', /answered HTTP 200 with JSON that is not an object/],
    ['a 200 with JSON of another shape', 200, { 'content-type': 'application/json' }, '{"ok":true}', /answered HTTP 200 with JSON that is not the answer to this call/],
  ];
  it.each(answers)('%s is "not the Graph API" (exit 3), naming the host, never a pass', async (_name, status, headers, body, message) => {
    server = await startTestServer((_req, res) => {
      res.writeHead(status, headers).end(body);
    });
    const host = new URL(server.url).host;
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', ...noSleep });
    const error = await client.call({ path: '/me', token: 'EAAsecret0123456789', operation: 'Reading /me', accepts: (b) => typeof b.id === 'string' }).catch((e: unknown) => e);
    await client.close();
    expect(error).toBeInstanceOf(NotGraphApiError);
    expect(error).toBeInstanceOf(NetworkError);
    const notGraph = error as NotGraphApiError;
    expect(notGraph.exitCode).toBe(3);
    expect(notGraph.message).toMatch(message);
    expect(notGraph.message).toContain(`Reading /me failed: ${host} answered`);
    expect(notGraph.hint).toMatch(/FB3CX_GRAPH_URL/);
    expect(notGraph.hint).toMatch(/captive portal/);
    expect(`${notGraph.message} ${notGraph.hint}`).not.toMatch(/fbtrace_id|EAAsecret|Meta answered/);
    // Not Meta's answer, so not retried as if it were a transient Meta error.
    expect(server.hits).toBe(1);
  });

  it('a documented answer passes the shape check', async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"111111111111111","name":"Contoso"}');
    });
    const client = new GraphClient({ baseUrl: server.url, version: 'v25.0', ...noSleep });
    const res = await client.call<{ name: string }>({ path: '/me', accepts: (b) => typeof b.id === 'string' });
    await client.close();
    expect(res.body.name).toBe('Contoso');
  });
});

describe('Meta\'s own words travel with every Graph error', () => {
  it('a known code keeps the explanation and adds Meta\'s message and the fbtrace_id', () => {
    const error = new GraphApiError(
      400,
      { message: '(#100) Param subscribed_fields[1] must be one of {messages, message_reads} - got "bogus_field".', type: 'OAuthException', code: 100, fbtrace_id: 'ATrace100' },
      'Subscribing the page to the webhook fields',
    );
    expect(error.message).toBe(
      'Subscribing the page to the webhook fields failed: Meta rejected a parameter, field or object in the request. Meta said: (#100) Param subscribed_fields[1] must be one of {messages, message_reads} - got "bogus_field", fbtrace_id ATrace100.',
    );
  });

  it('an unknown code shows Meta\'s message once, with the code and the trace', () => {
    const error = new GraphApiError(400, { message: 'Something new', code: 9999, fbtrace_id: 'ATrace9999' }, 'Reading the page');
    expect(error.message).toBe('Reading the page failed: Meta answered: Something new (#9999, fbtrace_id ATrace9999)');
    expect(error.hint).toMatch(/keep the fbtrace_id/);
  });

  it('no fbtrace_id is promised when Meta sent none', () => {
    const error = new GraphApiError(400, { message: 'Something new', code: 9999 }, 'Reading the page');
    expect(`${error.message} ${error.hint ?? ''} ${error.fix}`).not.toMatch(/fbtrace/);
  });
});

describe('explanations', () => {
  it.each([
    [1, undefined], [1, 99], [2, undefined], [3, undefined], [4, undefined], [17, undefined], [32, undefined], [613, undefined], [613, 1996],
    [80001, undefined], [80006, undefined], [10, undefined], [10, 2018278], [10, 2018065], [100, undefined], [100, 33], [100, 2018247],
    [100, 2018218], [100, 2018001], [102, undefined], [190, undefined], [190, 458], [190, 459], [190, 460], [190, 463], [190, 464],
    [190, 467], [190, 492], [200, undefined], [250, undefined], [210, undefined], [341, undefined], [368, undefined], [506, undefined],
    [551, 1545041], [2200, undefined],
  ])('explains %s/%s with a fix', (code, subcode) => {
    const known = explainGraphError(code, subcode);
    expect(known?.explanation.length).toBeGreaterThan(10);
    expect(known?.fix.length).toBeGreaterThan(5);
  });

  it('gives subcodes their own words', () => {
    expect(explainGraphError(190, 460)?.explanation).not.toBe(explainGraphError(190, 463)?.explanation);
  });
});
