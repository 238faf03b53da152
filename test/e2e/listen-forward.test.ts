import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/core/webhook/signature.js';
import { readyUrl, startListen, type ListenProcess } from '../support/listen-helpers.js';

const SECRET = 'e2e0app0secret0000000000000000ab';
const running: ListenProcess[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A forward target: records what arrives; answers with `status`, or never when status is 0. */
async function target(status: number): Promise<{ url: string; received: Received[]; arrived: Promise<void> }> {
  const received: Received[] = [];
  let signal!: () => void;
  const arrived = new Promise<void>((resolve) => (signal = resolve));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      signal();
      if (status > 0) res.writeHead(status).end(status >= 400 ? 'target says no' : 'ok');
      // status 0: hang, never answer.
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/3cx/webhook`, received, arrived };
}

function signedPost(url: string, body: Buffer): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, SECRET), 'x-hub-signature': signBody(body, SECRET, 'sha1') } });
}

const body = (text: string) =>
  Buffer.from(`{"object":"page",  "entry":[{"id":"111111111111111","time":1767225600123,"messaging":[{"sender":{"id":"2222222222222222"},"recipient":{"id":"111111111111111"},"timestamp":1767225600001,"message":{"mid":"m_fw","text":"${text}"}}]}]}`);

describe('fb3cx listen --forward-to', () => {
  it('relays the body byte for byte with its signature headers and reports status and latency', async () => {
    const forward = await target(200);
    const listener = startListen(['--json', '--port', '0', '--forward-to', forward.url], { FB3CX_APP_SECRET: SECRET });
    running.push(listener);
    const url = await readyUrl(listener);
    const sent = body('forward me');
    expect((await signedPost(url, sent)).status).toBe(200);
    const line = await listener.waitFor((l) => l.kind === 'forward');
    expect(line).toMatchObject({ kind: 'forward', ok: true, status: 200, url: forward.url, events: 1 });
    expect(typeof line.ms).toBe('number');
    expect(forward.received).toHaveLength(1);
    expect(forward.received[0]?.body.equals(sent)).toBe(true);
    expect(forward.received[0]?.headers['x-hub-signature-256']).toBe(signBody(sent, SECRET));
    expect(forward.received[0]?.headers['x-hub-signature']).toBe(signBody(sent, SECRET, 'sha1'));
  });

  it('a hanging target never delays the answer, and the listener keeps going', async () => {
    const forward = await target(0);
    const listener = startListen(['--json', '--port', '0', '--forward-to', forward.url, '--forward-timeout', '2'], { FB3CX_APP_SECRET: SECRET });
    running.push(listener);
    const url = await readyUrl(listener);
    const response = await signedPost(url, body('one'));
    expect(response.status).toBe(200);
    // A plain, complete answer: fixed length, not chunked.
    expect(response.headers.get('content-length')).toBe('14');
    expect(response.headers.get('transfer-encoding')).toBeNull();
    expect(await response.text()).toBe('EVENT_RECEIVED');
    await forward.arrived;
    // The target holds the forwarded request unanswered, yet more events are answered 200 meanwhile.
    for (let i = 0; i < 5; i++) expect((await signedPost(url, body(`more ${i}`))).status).toBe(200);
    const failed = await listener.waitFor((l) => l.kind === 'forward' && l.ok === false);
    expect(failed).toMatchObject({ code: 'timeout' });
    expect(String(failed.error)).toMatch(/did not answer within 2 s/);
    expect((await signedPost(url, body('after'))).status).toBe(200);
    await listener.waitFor(() => listener.lines.filter((l) => l.kind === 'event').length === 7);
  });

  it('a failing or unreachable target is reported and changes nothing for the answers', async () => {
    const failing = await target(500);
    const listener = startListen(['--json', '--port', '0', '--forward-to', failing.url], { FB3CX_APP_SECRET: SECRET });
    running.push(listener);
    const url = await readyUrl(listener);
    expect((await signedPost(url, body('x'))).status).toBe(200);
    const line = await listener.waitFor((l) => l.kind === 'forward');
    expect(line).toMatchObject({ ok: false, status: 500, body: 'target says no' });

    const unreachable = startListen(['--json', '--port', '0', '--forward-to', 'http://127.0.0.1:9/nothing'], { FB3CX_APP_SECRET: SECRET });
    running.push(unreachable);
    const url2 = await readyUrl(unreachable);
    for (let i = 0; i < 3; i++) expect((await signedPost(url2, body(`y${i}`))).status).toBe(200);
    await unreachable.waitFor(() => unreachable.lines.filter((l) => l.kind === 'forward' && l.ok === false && l.code === 'ECONNREFUSED').length === 3);
    const { exitCode } = await unreachable.stop('SIGINT');
    expect(exitCode).toBe(130);
    expect(unreachable.lines[unreachable.lines.length - 1]).toMatchObject({ kind: 'summary', forwarded: 0, forwardFailed: 3, events: 3 });
  });

  it('--forward-to without a URL needs the 3CX webhook URL', async () => {
    const listener = startListen(['--port', '0', '--forward-to']);
    running.push(listener);
    const { exitCode } = await listener.exited;
    expect(exitCode).toBe(2);
    expect(listener.stderr()).toMatch(/--forward-to without a URL/);
  });
});
