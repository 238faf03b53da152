import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request, UNDICI_FILES } from '../../src/graph/undici.js';
import { startTestServer, type TestServer } from '../support/http.js';

const load = createRequire(import.meta.url);

let server: TestServer | undefined;
const agents: Agent[] = [];
afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.destroy()));
  await server?.close();
  server = undefined;
});

describe('the undici pieces fb3cx loads', () => {
  it('are the very ones undici exports from its entry point', () => {
    const undici = load('undici') as typeof import('undici');
    expect(load(UNDICI_FILES.agent)).toBe(undici.Agent);
    // The entry point puts the request API on Dispatcher.prototype; ours is the same function.
    expect(load(UNDICI_FILES.request)).toBe((undici.Dispatcher.prototype as unknown as { request: unknown }).request);
    expect(Agent).toBe(undici.Agent);
  });

  it('start-up loads them without undici’s entry point', () => {
    const moduleUrl = new URL('../../dist/graph/undici.js', import.meta.url).href;
    const script = `
      await import(${JSON.stringify(moduleUrl)});
      const { createRequire } = await import('node:module');
      const cache = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ entry: cache.some((file) => /undici[\\\\/]index\\.js$/.test(file)), agent: cache.some((file) => file.endsWith('agent.js')) }));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ entry: false, agent: true });
  });

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
