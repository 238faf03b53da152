import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from '../../src/graph/undici.js';
import { startTestServer, type TestServer } from '../support/http.js';

let server: TestServer | undefined;
const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
  await server?.close();
  server = undefined;
});

describe('undici as src/graph uses it', () => {
  it('request sends method, path with query, headers and body, and reads the answer', async () => {
    const seen: Array<{ method?: string; url?: string; type?: string; body: string }> = [];
    server = await startTestServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    const agent = new Agent({ connections: 1 });
    agents.push(agent);
    const get = await request(`${server.url}/v25.0/me?fields=id,name`, { dispatcher: agent });
    expect(get.statusCode).toBe(201);
    expect(await get.body.json()).toEqual({ ok: true });
    const post = await request(new URL(`${server.url}/hook`), { method: 'POST', dispatcher: agent, headers: { 'content-type': 'text/plain' }, body: 'hello' });
    await post.body.dump();
    expect(seen).toEqual([
      { method: 'GET', url: '/v25.0/me?fields=id,name', type: undefined, body: '' },
      { method: 'POST', url: '/hook', type: 'text/plain', body: 'hello' },
    ]);
  });
});
