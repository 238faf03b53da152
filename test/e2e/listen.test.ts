import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/core/webhook/signature.js';
import { TRIGGER_TYPES } from '../../src/core/webhook/types.js';
import { assertClean, runCli, tempDir } from '../support/run-cli.js';
import { readyUrl, startListen, type ListenProcess } from '../support/listen-helpers.js';

const SECRET = 'e2e0app0secret0000000000000000ab';
const running: ListenProcess[] = [];
function listen(args: string[], env: Record<string, string | undefined> = {}, input?: string): ListenProcess {
  const process = startListen(args, env, input);
  running.push(process);
  return process;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

const events = (p: ListenProcess) => p.lines.filter((line) => line.kind === 'event');

describe('fb3cx listen + trigger round trips', () => {
  it('every event type, signed, then a batch; Ctrl-C prints the summary and exits 130', async () => {
    const listener = listen(['--json', '--port', '0'], { FB3CX_APP_SECRET: SECRET });
    const url = await readyUrl(listener);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
    expect(listener.lines[0]).toMatchObject({ kind: 'ready', url, signatures: true });
    expect(typeof listener.lines[0]?.verifyToken).toBe('string');

    for (const type of TRIGGER_TYPES) {
      const result = await runCli(['trigger', type, '--url', url, '--text', `hello ${type}`], { env: { FB3CX_APP_SECRET: SECRET } });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toContain('signed sha256');
      // A sticker arrives as a message whose attachment is a sticker.
      const event = await listener.waitFor((line) =>
        type === 'sticker' ? line.kind === 'event' && line.type === 'message' && JSON.stringify(line.attachments ?? []).includes('"type":"sticker"') : line.kind === 'event' && line.type === type,
      );
      expect(event).toMatchObject({ verified: true, signature: 'sha256', standby: false, pageId: '111111111111111' });
      expect(typeof event.timestamp).toBe('number');
      expect(event.raw).toBeTypeOf('object');
      if (type === 'message') expect(event.text).toBe('hello message');
    }

    const batch = await runCli(['trigger', 'delivery', '--url', url, '--batch', '7', '--json'], { env: { FB3CX_APP_SECRET: SECRET } });
    expect(batch.exitCode, batch.stderr).toBe(0);
    const result = JSON.parse(batch.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ ok: true, status: 200, events: 7, signature: 'sha256' });
    expect(result.entries).toBeGreaterThan(1);
    await listener.waitFor(() => events(listener).filter((line) => line.type === 'delivery').length === 8);

    const stopped = await listener.stop('SIGINT');
    expect(stopped.exitCode).toBe(130);
    expect(listener.stderr()).toMatch(/Stopped/);
    expect(listener.stderr()).toMatch(/Events\s+16/);
    const summary = listener.lines[listener.lines.length - 1];
    expect(summary).toMatchObject({ kind: 'summary', exitCode: 130, events: 16, rejected: 0 });
    expect((summary?.byType as Record<string, number>).message).toBe(2);
    expect((summary?.byType as Record<string, number>).delivery).toBe(8);
    // stdout held JSON lines only.
    for (const line of listener.stdout().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    assertClean({ stdout: listener.stdout(), stderr: listener.stderr(), exitCode: 130, signal: null }, [SECRET]);
  });

  it('unsigned: without an app secret the listener says so once and marks events unverified', async () => {
    const listener = listen(['--json', '--port', '0']);
    const url = await readyUrl(listener);
    for (const type of ['message', 'read'] as const) {
      const result = await runCli(['trigger', type, '--url', url, '--batch', '4']);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toContain('unsigned');
    }
    await listener.waitFor(() => events(listener).length === 8);
    expect(events(listener).every((line) => line.verified === false && line.signature === 'none')).toBe(true);
    expect(listener.stderr().match(/Signatures are not checked/g)).toHaveLength(1);
  });

  it('refuses a wrong signature with 403 and reports it; trigger exits 1', async () => {
    const listener = listen(['--json', '--port', '0'], { FB3CX_APP_SECRET: SECRET });
    const url = await readyUrl(listener);
    const other = await runCli(['trigger', 'message', '--url', url], { env: { FB3CX_APP_SECRET: 'a-different-secret-000000000000' } });
    expect(other.exitCode).toBe(1);
    expect(other.stdout).toContain('403');
    const unsigned = await runCli(['trigger', 'message', '--url', url, '--signature', 'none']);
    expect(unsigned.exitCode).toBe(1);
    await listener.waitFor(() => listener.lines.filter((line) => line.kind === 'rejected').length === 2);
    const rejected = listener.lines.filter((line) => line.kind === 'rejected');
    expect(rejected[0]).toMatchObject({ kind: 'rejected', status: 403 });
    expect(String(rejected[0]?.reason)).toMatch(/does not match/);
    expect(String(rejected[1]?.reason)).toMatch(/missing/);
    expect(events(listener)).toHaveLength(0);
  });

  it('accepts a sha1-only signature but flags it', async () => {
    const listener = listen(['--json', '--port', '0'], { FB3CX_APP_SECRET: SECRET });
    const url = await readyUrl(listener);
    const result = await runCli(['trigger', 'message', '--url', url, '--signature', 'sha1'], { env: { FB3CX_APP_SECRET: SECRET } });
    expect(result.exitCode).toBe(0);
    const event = await listener.waitFor((line) => line.kind === 'event');
    expect(event).toMatchObject({ verified: true, signature: 'sha1' });
    await listener.waitForStderr(/sha1/);
  });

  it('answers the handshake with exactly the challenge, 403 on a wrong token, 404 elsewhere', async () => {
    const listener = listen(['--json', '--port', '0', '--verify-token', 'my-verify-token'], { FB3CX_APP_SECRET: SECRET });
    const url = await readyUrl(listener);
    expect(listener.lines[0]?.verifyToken).toBe('my-verify-token');
    const ok = await fetch(`${url}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=my-verify-token`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${url}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope`);
    expect(wrong.status).toBe(403);
    const elsewhere = await fetch(url.replace('/webhook', '/other'), { method: 'POST', body: '{}' });
    expect(elsewhere.status).toBe(404);
    const put = await fetch(url, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    const body = Buffer.from('{"object":"instagram","entry":[]}');
    const otherObject = await fetch(url, { method: 'POST', body, headers: { 'x-hub-signature-256': signBody(body, SECRET) } });
    expect(otherObject.status).toBe(200);
    await listener.waitFor((line) => line.kind === 'ignored' && line.object === 'instagram');
    await listener.waitFor((line) => line.kind === 'handshake');
  });

  it('a body over --max-body answers 413', async () => {
    const listener = listen(['--json', '--port', '0', '--max-body', '2k']);
    const url = await readyUrl(listener);
    const response = await fetch(url, { method: 'POST', body: JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(4000) }) });
    expect(response.status).toBe(413);
    await listener.waitFor((line) => line.kind === 'rejected' && line.status === 413);
  });
});

describe('fb3cx listen for CI', () => {
  it('--expect-text exits 0 when the message arrives, not before', async () => {
    const listener = listen(['--json', '--port', '0', '--expect-text', 'ci-4711', '--timeout', '60'], { FB3CX_APP_SECRET: SECRET });
    const url = await readyUrl(listener);
    await runCli(['trigger', 'message', '--url', url, '--text', 'something else'], { env: { FB3CX_APP_SECRET: SECRET } });
    await runCli(['trigger', 'echo', '--url', url, '--text', 'ci-4711'], { env: { FB3CX_APP_SECRET: SECRET } });
    await listener.waitFor(() => events(listener).length === 2);
    expect(listener.child.exitCode).toBeNull();
    await runCli(['trigger', 'message', '--url', url, '--text', 'ci-4711'], { env: { FB3CX_APP_SECRET: SECRET } });
    const { exitCode } = await listener.exited;
    expect(exitCode).toBe(0);
    expect(listener.lines[listener.lines.length - 1]).toMatchObject({ kind: 'summary', exitCode: 0 });
  });

  it('--exit-after n exits 0 after n events', async () => {
    const listener = listen(['--json', '--port', '0', '--exit-after', '3']);
    const url = await readyUrl(listener);
    await runCli(['trigger', 'read', '--url', url, '--batch', '3']);
    expect((await listener.exited).exitCode).toBe(0);
    expect(events(listener)).toHaveLength(3);
  });

  it('--timeout exits 1 when the expected event does not come', async () => {
    const listener = listen(['--json', '--port', '0', '--expect-text', 'never', '--timeout', '1']);
    expect((await listener.exited).exitCode).toBe(1);
    expect(listener.stderr()).toMatch(/No message with the text "never" arrived within 1 s/);
  });

  it('--timeout without a goal just stops, exit 0', async () => {
    const listener = listen(['--json', '--port', '0', '--timeout', '1']);
    expect((await listener.exited).exitCode).toBe(0);
  });

  it('--events filters what is shown, counted and saved; --save appends JSON lines', async () => {
    const dir = tempDir();
    const file = join(dir, 'events.jsonl');
    const listener = listen(['--json', '--port', '0', '--events', 'read', '--save', file, '--exit-after', '2']);
    const url = await readyUrl(listener);
    await runCli(['trigger', 'message', '--url', url, '--batch', '2']);
    await runCli(['trigger', 'read', '--url', url, '--batch', '2']);
    expect((await listener.exited).exitCode).toBe(0);
    expect(events(listener).map((line) => line.type)).toEqual(['read', 'read']);
    const saved = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(saved.map((line) => [line.kind, line.type])).toEqual([
      ['event', 'read'],
      ['event', 'read'],
    ]);
    expect(listener.lines[listener.lines.length - 1]).toMatchObject({ kind: 'summary', hidden: 2 });
  });

  it('usage errors exit 2 with one clear sentence', async () => {
    const badEvents = await runCli(['listen', '--events', 'messages', '--port', '0']);
    expect(badEvents.exitCode).toBe(2);
    expect(badEvents.stderr).toMatch(/--events does not know the type "messages"/);
    const badPort = await runCli(['listen', '--port', '70000']);
    expect(badPort.exitCode).toBe(2);
    const badPath = await runCli(['listen', '--path', 'webhook', '--port', '0']);
    expect(badPath.exitCode).toBe(2);
    const noToken = await runCli(['listen', '--reply', 'hi', '--port', '0']);
    expect(noToken.exitCode).toBe(2);
    expect(noToken.stderr).toMatch(/--reply needs the page access token/);
    for (const result of [badEvents, badPort, badPath, noToken]) assertClean(result);
  });

  it('a port in use exits 3 and says so', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['listen', '--port', String(port)]);
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      assertClean(result);
    } finally {
      blocker.close();
    }
  });
});

describe('fb3cx listen for a person', () => {
  it('prints a header with what to paste, one aligned line per event, and a summary on Ctrl-C', async () => {
    const listener = listen(['--port', '0', '--verify-token', 'paste-me'], { FB3CX_APP_SECRET: SECRET, FB3CX_WEBHOOK_URL: 'https://contoso.3cx.example/facebook/webhook/abc' });
    await listener.waitForStderr(/3CX gets no messages/);
    const match = /listening on (http:\/\/127\.0\.0\.1:(\d+)\/webhook)/.exec(listener.stderr());
    expect(match).not.toBeNull();
    const url = match?.[1] as string;
    const port = match?.[2] as string;
    const header = listener.stderr();
    expect(header).toContain('paste-me');
    expect(header).toContain(`ngrok http ${port}`);
    expect(header).toContain(`cloudflared tunnel --url http://127.0.0.1:${port}`);
    expect(header).toMatch(/HTTPS/);
    expect(header).toContain('point the Callback URL back at 3CX (https://contoso.3cx.example/facebook/webhook/abc)');
    expect(header).not.toContain(SECRET);

    await runCli(['trigger', 'message', '--url', url, '--text', 'Hallo'], { env: { FB3CX_APP_SECRET: SECRET } });
    await runCli(['trigger', 'delivery', '--url', url], { env: { FB3CX_APP_SECRET: SECRET } });
    await runCli(['trigger', 'message', '--url', url, '--signature', 'none']);
    while (listener.stdout().trim().split('\n').length < 3) await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = listener.stdout().trim().split('\n');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d {2}message {2,}\d{16} {2,}"Hallo"$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d {2}delivery {2,}\d{16} {2,}1 message delivered/);
    expect(lines[2]).toMatch(/^\d\d:\d\d:\d\d {2}rejected 403 {2,}the X-Hub-Signature-256 header is missing/);
    // Aligned: the sender column starts at the same place on every event line.
    expect(lines[0]?.search(/\d{16}/)).toBe(lines[1]?.search(/\d{16}/));

    const { exitCode } = await listener.stop('SIGINT');
    expect(exitCode).toBe(130);
    expect(listener.stderr()).toMatch(/Stopped \(interrupted\)/);
    expect(listener.stderr()).toMatch(/Events\s+2\s+1 delivery, 1 message|Events\s+2\s+1 message, 1 delivery/);
    expect(listener.stderr()).toMatch(/Rejected\s+1/);
  });

  it('finds the public URL of a local ngrok agent and prints the Callback URL to paste', async () => {
    // A stand-in for the ngrok agent's local API, with tunnels for another port and for ours.
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    await new Promise((resolve) => blocker.close(resolve));
    const agent = createHttpServer((req, res) => {
      res.writeHead(req.url === '/api/tunnels' ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          tunnels: [
            { public_url: 'https://other.ngrok-free.app', config: { addr: 'http://localhost:3000' } },
            { public_url: 'http://plain.ngrok-free.app', config: { addr: `http://localhost:${port}` } },
            { public_url: 'https://4f2a-198-51-100-23.ngrok-free.app', config: { addr: `http://localhost:${port}` } },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => agent.listen(0, '127.0.0.1', resolve));
    try {
      const api = `http://127.0.0.1:${(agent.address() as AddressInfo).port}`;
      const listener = listen(['--port', String(port), '--path', '/fb'], { FB3CX_APP_SECRET: SECRET, FB3CX_NGROK_API: api });
      await listener.waitForStderr(/3CX gets no messages/);
      expect(listener.stderr()).toMatch(/Public URL\s+https:\/\/4f2a-198-51-100-23\.ngrok-free\.app \(ngrok agent on this machine\)/);
      expect(listener.stderr()).toMatch(/Callback URL\s+https:\/\/4f2a-198-51-100-23\.ngrok-free\.app\/fb\s+paste into Meta/);
      expect(listener.stderr()).not.toContain('<public host from the tunnel>');
    } finally {
      await new Promise((resolve) => agent.close(resolve));
    }
  });

  it('SIGTERM drains and exits too', async () => {
    const listener = listen(['--json', '--port', '0']);
    await readyUrl(listener);
    const { exitCode } = await listener.stop('SIGTERM');
    expect(exitCode).toBe(130);
    expect(listener.lines[listener.lines.length - 1]).toMatchObject({ kind: 'summary' });
  });
});
