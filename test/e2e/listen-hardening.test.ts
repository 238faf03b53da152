import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/core/webhook/signature.js';
import { runCli, tempDir } from '../support/run-cli.js';
import { readyUrl, startListen, type ListenProcess } from '../support/listen-helpers.js';

const SECRET = 'e2e0hard0secret00000000000000ab';
const running: ListenProcess[] = [];
function listen(args: string[], env: Record<string, string | undefined> = {}): ListenProcess {
  const process = startListen(args, env);
  running.push(process);
  return process;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

function signedPost(url: string, body: string): Promise<Response> {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(Buffer.from(body), SECRET) } });
}

/** A message event body with `text`, written by hand so `extra` can be any JSON (10,000 levels deep). */
function messageBody(mid: string, text: string, extra = ''): string {
  const message = `{"mid":${JSON.stringify(mid)},"text":${JSON.stringify(text)}${extra}}`;
  return `{"object":"page","entry":[{"id":"111111111111111","time":1767225600000,"messaging":[{"sender":{"id":"2222222222222222"},"recipient":{"id":"111111111111111"},"timestamp":1767225600000,"message":${message}}]}]}`;
}

describe('listen shows every accepted event whole and as it was written', () => {
  it('--json and --save: a 10,000-level-deep field, and texts that look like tokens, each get their line unchanged', async () => {
    const file = join(tempDir(), 'events.jsonl');
    const listener = listen(['--json', '--port', '0', '--save', file], { FB3CX_APP_SECRET: SECRET });
    const url = await readyUrl(listener);
    const texts = ['see https://x.example/?access_token=abc"def', 'hub.verify_token=hello works', 'quote " backslash \\ tab \t line\u2028end ✓ 漢字'];
    const deep = `,"x":${'{"a":'.repeat(10_000)}0${'}'.repeat(10_000)}`;
    expect((await signedPost(url, messageBody('m_deep', 'deep one', deep))).status).toBe(200);
    for (const [i, text] of texts.entries()) expect((await signedPost(url, messageBody(`m_${i}`, text))).status).toBe(200);

    await listener.waitFor(() => listener.lines.filter((line) => line.kind === 'event').length === 4);
    const { exitCode } = await listener.stop('SIGINT');
    expect(exitCode).toBe(130);
    const stdoutLines = listener.stdout().trim().split('\n');
    const parsed = stdoutLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = parsed.filter((line) => line.kind === 'event');
    expect(events.map((line) => line.text)).toEqual(['deep one', ...texts]);
    expect(events.slice(1).map((line) => (line.raw as { message: { text: string } }).message.text)).toEqual(texts);
    expect(events[0]).toMatchObject({ mid: 'm_deep', verified: true, note: expect.stringMatching(/nested too deeply/) });
    expect(events.slice(1).every((line) => line.note === undefined)).toBe(true);
    expect(parsed.at(-1)).toMatchObject({ kind: 'summary', events: 4 });
    // --save holds the same event lines, byte for byte.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toEqual(stdoutLines.filter((line) => line.startsWith('{"kind":"event"')));
  });

  it('the human lines show the deep event and the texts too', async () => {
    const listener = listen(['--port', '0'], { FB3CX_APP_SECRET: SECRET });
    await listener.waitForStderr(/3CX gets no messages/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/webhook)/.exec(listener.stderr())?.[1] ?? '';
    await signedPost(url, messageBody('m_deep', 'deep one', `,"x":${'['.repeat(10_000)}${']'.repeat(10_000)}`));
    await signedPost(url, messageBody('m_1', 'see https://x.example/?access_token=abc"def'));
    while (listener.stdout().trim().split('\n').length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = listener.stdout().trim().split('\n');
    expect(lines[0]).toContain('"deep one"');
    expect(lines[1]).toContain('"see https://x.example/?access_token=abc"def"');
  });
});

describe("listen reports node:http's own refusals", () => {
  it('no Host (400) and Expect: bogus (417) each leave a rejected line', async () => {
    const listener = listen(['--json', '--port', '0'], { FB3CX_APP_SECRET: SECRET });
    const url = new URL(await readyUrl(listener));
    const { connect } = await import('node:net');
    for (const request of ['GET /webhook HTTP/1.1\r\n\r\n', 'POST /webhook HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\nContent-Length: 0\r\n\r\n']) {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(url.port), '127.0.0.1', () => socket.write(request));
        socket.on('data', () => socket.destroy());
        socket.on('close', () => resolve());
        socket.on('error', () => resolve());
      });
    }
    await listener.waitFor(() => listener.lines.filter((line) => line.kind === 'rejected').length === 2);
    expect(listener.lines.filter((line) => line.kind === 'rejected')).toEqual([
      { kind: 'rejected', status: 400, code: 'no_host', reason: 'the request has no Host header (HTTP/1.1 requires one)', method: 'GET', path: '/webhook' },
      { kind: 'rejected', status: 417, code: 'expect_unsupported', reason: 'the Expect header "bogus" is not supported (only 100-continue is)', method: 'POST', path: '/webhook' },
    ]);
  });
});

describe("the README's rehearsal and trigger's hints", () => {
  it('listen --sandbox --lookup-profile --reply with trigger message --sandbox: the sender is named and answered', async () => {
    const listener = listen(['--sandbox', '--json', '--port', '0', '--lookup-profile', '--reply', 'Thanks, we got it']);
    const url = await readyUrl(listener);
    const sent = await runCli(['trigger', 'message', '--sandbox', '--url', url]);
    expect(sent.exitCode, sent.stderr).toBe(0);
    const event = await listener.waitFor((line) => line.kind === 'event');
    expect(event).toMatchObject({ verified: true, senderId: '2222222222222222', profile: { name: 'Maria Muster' } });
    expect(await listener.waitFor((line) => line.kind === 'reply')).toMatchObject({ ok: true, recipientId: '2222222222222222' });
    await listener.stop('SIGINT');
    expect(listener.stderr()).not.toMatch(/lookup failed|No Messenger user/i);
  });

  it('trigger --signature none: a 403 is what was asked for, and no app secret is suggested', async () => {
    const listener = listen(['--json', '--port', '0'], { FB3CX_APP_SECRET: SECRET });
    const url = await readyUrl(listener);
    const unsigned = await runCli(['trigger', 'message', '--url', url, '--signature', 'none']);
    expect(unsigned.exitCode).toBe(1);
    expect(unsigned.stdout).toContain('403');
    expect(unsigned.stderr).toContain('The endpoint refused the unsigned event, as an endpoint that checks signatures should.');
    expect(unsigned.stderr).not.toMatch(/app secret|FB3CX_APP_SECRET/i);
    // Without --signature and without a secret, the hint still says what would help.
    const defaulted = await runCli(['trigger', 'message', '--url', url]);
    expect(defaulted.stderr).toMatch(/give the app secret \(FB3CX_APP_SECRET\)/);
  });
});

describe('a signal delivered twice in a moment', () => {
  it('is one Ctrl-C: listen drains and prints its summary, with no "Interrupted." document after it', async () => {
    // conf's exit hook (when-exit, through atomically) sends the first SIGINT to the process again;
    // two signals back to back stand in for that echo here.
    const listener = listen(['--json', '--port', '0'], { FB3CX_APP_SECRET: SECRET });
    const url = await readyUrl(listener);
    expect((await signedPost(url, messageBody('m_echo', 'one event'))).status).toBe(200);
    await listener.waitFor((line) => line.kind === 'event');
    void listener.stop('SIGINT');
    const { exitCode } = await listener.stop('SIGINT');
    expect(exitCode).toBe(130);
    const lines = listener.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ kind: 'summary', events: 1 });
    expect(lines.some((line) => line.ok === false)).toBe(false);
  });
});
