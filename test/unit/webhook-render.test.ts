import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SecretRegistry } from '../../src/core/secrets.js';
import { normaliseWebhook } from '../../src/core/webhook/normalise.js';
import type { NormalisedEvent, SenderProfile } from '../../src/core/webhook/types.js';
import { Output } from '../../src/io/output.js';
import type { ListenItem } from '../../src/listen/engine.js';
import { humanRenderer, jsonLine, jsonRenderer, type HeaderFacts, type LineSink } from '../../src/listen/render.js';
import { sample } from '../support/samples.js';

const webhookSamples = readdirSync(fileURLToPath(new URL('../fixtures/samples/', import.meta.url))).filter((name) => name.startsWith('webhook.') && name.endsWith('.json'));
const T = new Date(2026, 0, 1, 9, 5, 7).getTime();

/** The README's event schema, written out the plain way: the envelope, every field the event has, then raw. */
function expectedEventLine(event: NormalisedEvent, verified: boolean, receivedAt: number, profile?: SenderProfile, apiVersion: string | null = null) {
  const { raw, standby, ...fields } = event;
  return { kind: 'event', ...fields, verified, signature: verified ? 'sha256' : 'none', standby, receivedAt, apiVersion, ...(profile ? { profile } : {}), raw };
}

describe('jsonLine: the --json event line', () => {
  it('covers the webhook samples', () => {
    expect(webhookSamples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(webhookSamples)('%s: every normalised field, nothing undefined, raw last', (name) => {
    for (const event of normaliseWebhook(sample(name)).events) {
      const line = jsonLine({ kind: 'event', event, signature: 'sha256', receivedAt: T, profile: undefined }, new SecretRegistry()) ?? '';
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed).toEqual(JSON.parse(JSON.stringify(expectedEventLine(event, true, T))));
      expect(Object.keys(parsed).slice(0, 6)).toEqual(['kind', 'type', 'pageId', 'senderId', 'recipientId', 'timestamp']);
      expect(Object.keys(parsed).at(-1)).toBe('raw');
      expect(line).not.toContain('undefined');
    }
  });

  it('marks unsigned events unverified and adds the looked-up profile', () => {
    const [event] = normaliseWebhook(sample('webhook.message.text.json')).events;
    if (!event) throw new Error('no event');
    const parsed = JSON.parse(jsonLine({ kind: 'event', event, signature: 'none', receivedAt: 5, profile: { name: 'Maria Muster' } }, new SecretRegistry()) ?? '');
    expect(parsed).toEqual(JSON.parse(JSON.stringify(expectedEventLine(event, false, 5, { name: 'Maria Muster' }))));
    expect(parsed).toMatchObject({ verified: false, signature: 'none', profile: { name: 'Maria Muster' } });
  });

  it('carries the delivery\'s Facebook-API-Version as apiVersion, null when the delivery had none', () => {
    const [event] = normaliseWebhook(sample('webhook.message.text.json')).events;
    if (!event) throw new Error('no event');
    const parsed = JSON.parse(jsonLine({ kind: 'event', event, signature: 'sha256', receivedAt: T, profile: undefined, apiVersion: 'v26.0' }, new SecretRegistry()) ?? '');
    expect(parsed).toEqual(JSON.parse(JSON.stringify(expectedEventLine(event, true, T, undefined, 'v26.0'))));
    expect(JSON.parse(jsonLine({ kind: 'event', event, signature: 'sha256', receivedAt: T, profile: undefined }, new SecretRegistry()) ?? '').apiVersion).toBeNull();
  });
});

function capture(json: boolean) {
  let stdout = '';
  let stderr = '';
  const out = new Output({ stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, env: { NO_COLOR: '1' }, json });
  const lines: string[] = [];
  const sink: LineSink = { write: (line) => lines.push(line), flush: () => {} };
  return { out, sink, lines, stdout: () => stdout, stderr: () => stderr };
}

const facts: HeaderFacts = { host: '127.0.0.1', path: '/webhook', verifyTokenSource: '--verify-token', appSecretSource: 'FB3CX_APP_SECRET', webhookUrl: 'https://pbx.example/fb', maxBodyBytes: 4 * 1024 * 1024, lookup: false, reply: undefined, types: undefined };
const [textEvent] = normaliseWebhook(sample('webhook.message.text.json')).events;
if (!textEvent) throw new Error('no event');

/** One of each item kind, as the engine emits them. */
const items: ListenItem[] = [
  { kind: 'ready', url: 'http://127.0.0.1:8080/webhook', port: 8080, verifyToken: 'tok-123', signatures: true, forwardTo: 'https://pbx.example/fb', publicUrl: undefined },
  { kind: 'handshake', at: T },
  { kind: 'event', event: textEvent, signature: 'sha256', receivedAt: T, profile: undefined },
  { kind: 'ignored', at: T, code: 'not_messenger_change', reason: 'a "feed" change is not a Messenger event', object: 'page', field: 'feed' },
  { kind: 'rejected', at: T, status: 403, code: 'signature_mismatch', reason: 'the signature does not match', method: 'POST', path: '/webhook' },
  { kind: 'forward', at: T, url: 'https://pbx.example/fb', events: 1, outcome: { ok: true, status: 500, ms: 12, body: 'boom', contentType: undefined } },
  { kind: 'forward', at: T, url: 'https://pbx.example/fb', events: 2, outcome: { ok: false, ms: 30, error: 'nothing is listening', code: 'ECONNREFUSED' } },
  { kind: 'reply', at: T, recipientId: '2222222222222222', ok: false, code: '10/2018278', error: 'outside the 24-hour window', graph: { fix: 'answer within 24 hours', fbtraceId: 'Trace1' } },
  { kind: 'reply', at: T, recipientId: '2222222222222222', ok: true, messageId: 'm_1' },
  { kind: 'notice', at: T, level: 'warn', text: 'Sender lookup refused', lines: ['grant the feature'], reported: { code: '100/2018247', message: 'missing', fix: 'grant the feature' } },
  { kind: 'notice', at: T, level: 'warn', text: 'only sha1' },
  { kind: 'summary', exitCode: 130, code: 'interrupted', reason: 'interrupted', summary: { events: 1, byType: { message: 1 }, hidden: 0, rejected: 1, ignored: 1, handshakes: 1, forwarded: 0, forwardFailed: 2, seconds: 3.4 } },
];

describe('the two listen renderers draw the same items', () => {
  it('JSON lines: one object per item with the documented fields; notices for people stay on stderr', () => {
    const { out, sink, lines, stderr } = capture(true);
    const renderer = jsonRenderer(out, facts, sink);
    for (const item of items) renderer.draw(item);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => line.kind)).toEqual(['ready', 'handshake', 'event', 'ignored', 'rejected', 'forward', 'forward', 'reply', 'reply', 'notice', 'summary']);
    expect(parsed[0]).toEqual({ kind: 'ready', url: 'http://127.0.0.1:8080/webhook', verifyToken: 'tok-123', signatures: true, forwardTo: 'https://pbx.example/fb' });
    expect(parsed[1]).toEqual({ kind: 'handshake', ok: true });
    expect(parsed[3]).toEqual({ kind: 'ignored', code: 'not_messenger_change', reason: 'a "feed" change is not a Messenger event', object: 'page', field: 'feed' });
    expect(parsed[5]).toEqual({ kind: 'forward', url: 'https://pbx.example/fb', ok: false, status: 500, ms: 12, events: 1, body: 'boom' });
    expect(parsed[6]).toEqual({ kind: 'forward', url: 'https://pbx.example/fb', ok: false, error: 'nothing is listening', code: 'ECONNREFUSED', ms: 30, events: 2 });
    expect(parsed[7]).toEqual({ kind: 'reply', recipientId: '2222222222222222', ok: false, code: '10/2018278', error: 'outside the 24-hour window', fix: 'answer within 24 hours', fbtraceId: 'Trace1' });
    expect(parsed[8]).toEqual({ kind: 'reply', recipientId: '2222222222222222', ok: true, messageId: 'm_1' });
    expect(parsed[9]).toEqual({ kind: 'notice', code: '100/2018247', message: 'missing', fix: 'grant the feature' });
    expect(parsed[4]).toEqual({ kind: 'rejected', status: 403, code: 'signature_mismatch', reason: 'the signature does not match', method: 'POST', path: '/webhook' });
    expect(parsed[10]).toEqual({ kind: 'summary', exitCode: 130, code: 'interrupted', reason: 'interrupted', events: 1, byType: { message: 1 }, hidden: 0, rejected: 1, ignored: 1, handshakes: 1, forwarded: 0, forwardFailed: 2, seconds: 3.4 });
    // People still read the notices and the summary; the full header is for the human mode only.
    expect(stderr()).toContain('! Sender lookup refused\n  grant the feature\n');
    expect(stderr()).toContain('! only sha1\n');
    expect(stderr()).toMatch(/Stopped \(interrupted\) after 3\.4 s\./);
    expect(stderr()).not.toContain('Ready!');
  });

  it('human: the header, aligned lines on stdout, notices and the summary on stderr', () => {
    const { out, sink, lines, stderr } = capture(false);
    const renderer = humanRenderer(out, facts, sink);
    for (const item of items) renderer.draw(item);
    expect(lines).toEqual([
      '09:05:07  verified              Meta\'s verification request was answered with its challenge',
      '09:05:07  message               2222222222222222    "Hallo, ich habe eine Frage"',
      '09:05:07  ignored               a "feed" change is not a Messenger event',
      '09:05:07  rejected 403          the signature does not match',
      '09:05:07    ↳ forward           500 in 12 ms from pbx.example/fb: boom',
      '09:05:07    ↳ forward           failed after 30 ms: nothing is listening',
      '09:05:07    ↳ reply             failed (#10/2018278): outside the 24-hour window',
      '09:05:07                        answer within 24 hours (fbtrace_id Trace1)',
      '09:05:07    ↳ reply             sent to 2222222222222222 (m_1)',
    ]);
    const text = stderr();
    expect(text).toContain('Ready! fb3cx is listening on http://127.0.0.1:8080/webhook (Ctrl-C to stop)');
    expect(text).toMatch(/Verify token {2}tok-123 {2}from --verify-token/);
    expect(text).toMatch(/Forwarding {4}every accepted POST, signature included, to https:\/\/pbx\.example\/fb/);
    expect(text).toMatch(/Who reaches {3}only people with an app role, until Live with Advanced Access\n/);
    expect(text).toContain('point the Callback URL back at 3CX (https://pbx.example/fb)');
    expect(text).toContain('! Sender lookup refused\n  grant the feature\n');
    expect(text).toMatch(/Events {8}1 {2}1 message/);
    expect(text).toMatch(/Forwarded {5}0 ok, 2 failed/);
    expect(text).not.toContain('"kind"');
  });
});

/** A JSON value nested `depth` levels deep, built the way JSON.parse builds it. */
function nested(depth: number): unknown {
  return JSON.parse(`${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`);
}

describe('an accepted event always gets its line', () => {
  it('an event whose raw is nested 10,000 levels deep is written with its fields, a shortened raw and a note', () => {
    const item = { sender: { id: '2222222222222222' }, recipient: { id: '111111111111111' }, timestamp: T, message: { mid: 'm_deep', text: 'deep one', x: nested(10_000) } };
    const [event] = normaliseWebhook({ object: 'page', entry: [{ id: '111111111111111', messaging: [item] }] }).events;
    if (!event) throw new Error('no event');
    expect(() => JSON.stringify(event.raw)).toThrow(RangeError);
    const line = jsonLine({ kind: 'event', event, signature: 'sha256', receivedAt: T, profile: undefined }, new SecretRegistry());
    const parsed = JSON.parse(line ?? '') as Record<string, unknown>;
    expect(parsed).toMatchObject({ kind: 'event', type: 'message', mid: 'm_deep', text: 'deep one', verified: true, raw: { sender: { id: '2222222222222222' }, message: { text: 'deep one' } } });
    expect(String(parsed.note)).toMatch(/nested too deeply.*64 levels/);
    expect(JSON.stringify(parsed.raw)).toContain('"[nested too deep]"');

    const { out, sink, lines } = capture(false);
    humanRenderer(out, facts, sink).draw({ kind: 'event', event, signature: 'sha256', receivedAt: T, profile: undefined });
    expect(lines).toEqual([expect.stringContaining('"deep one"')]);
  });
});

describe("fb3cx's secrets in listen's lines", () => {
  const SECRET = 'page"token\\with0quotes0123';
  const tricky = ['see https://x.example/?access_token=abc"def', 'hub.verify_token=hello works', 'a\\"b \u2028 \u0007 ✓ 漢字'];

  function withSecret(json: boolean) {
    const registry = new SecretRegistry();
    registry.add(SECRET);
    let stdout = '';
    const out = new Output({ stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, env: { NO_COLOR: '1' }, json, secrets: registry });
    const lines: string[] = [];
    const sink: LineSink = { write: (line) => lines.push(line), flush: () => {} };
    return { out, sink, lines, stdout: () => stdout };
  }

  const ownItems: ListenItem[] = [
    { kind: 'reply', at: T, recipientId: '2222222222222222', ok: false, code: 'network', error: `the connection broke with ${SECRET} in it` },
    { kind: 'forward', at: T, url: 'https://pbx.example/fb', events: 1, outcome: { ok: true, status: 500, ms: 3, body: `echoed ${SECRET}`, contentType: undefined } },
    { kind: 'notice', at: T, level: 'warn', text: 'x', reported: { code: 'c', message: `about ${SECRET}` } },
  ];

  it("JSON lines: fb3cx's own items are scrubbed value by value and stay valid JSON; events are written exactly as they came", () => {
    const { out, sink, lines } = withSecret(true);
    const renderer = jsonRenderer(out, facts, sink);
    for (const item of ownItems) renderer.draw(item);
    for (const text of tricky) {
      const raw = { sender: { id: '2222222222222222' }, recipient: { id: '111111111111111' }, timestamp: T, message: { mid: 'm', text } };
      const [event] = normaliseWebhook({ object: 'page', entry: [{ id: '111111111111111', messaging: [raw] }] }).events;
      if (!event) throw new Error('no event');
      renderer.draw({ kind: 'event', event, signature: 'sha256', receivedAt: T, profile: undefined });
    }
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => line.kind)).toEqual(['reply', 'forward', 'notice', 'event', 'event', 'event']);
    expect(lines.slice(0, 3).join('\n')).not.toContain('with0quotes');
    expect(parsed[0]?.error).toBe('the connection broke with page…0123 (26 chars) in it');
    expect(parsed.slice(3).map((line) => line.text)).toEqual(tricky);
    expect(parsed.slice(3).map((line) => (line.raw as { message: { text: string } }).message.text)).toEqual(tricky);
  });

  it('human lines: event text is shown as the user wrote it; fb3cx lines are scrubbed; stdout is written unchanged', () => {
    const { out, sink, lines, stdout } = withSecret(false);
    const renderer = humanRenderer(out, facts, sink);
    renderer.draw(ownItems[0] as ListenItem);
    const [event] = normaliseWebhook({ object: 'page', entry: [{ id: '111111111111111', messaging: [{ sender: { id: '2' }, recipient: { id: '1' }, message: { mid: 'm', text: tricky[0] } }] }] }).events;
    if (!event) throw new Error('no event');
    renderer.draw({ kind: 'event', event, signature: 'sha256', receivedAt: T, profile: undefined });
    expect(lines[0]).not.toContain('with0quotes');
    expect(lines[1]).toContain('access_token=abc"def');
    out.raw(`${lines.join('\n')}\n`);
    expect(stdout()).toBe(`${lines.join('\n')}\n`);
  });
});

describe('the tunnel commands in the header', () => {
  const ready: ListenItem = { kind: 'ready', url: 'http://0.0.0.0:8080/webhook', port: 8080, verifyToken: 't', signatures: true, forwardTo: undefined, publicUrl: undefined };

  it.each([
    ['127.0.0.1', 'ngrok http 8080', 'cloudflared tunnel --url http://127.0.0.1:8080'],
    ['0.0.0.0', 'ngrok http 8080', 'cloudflared tunnel --url http://127.0.0.1:8080'],
    ['::', 'ngrok http http://[::1]:8080', 'cloudflared tunnel --url http://[::1]:8080'],
    ['192.168.1.5', 'ngrok http http://192.168.1.5:8080', 'cloudflared tunnel --url http://192.168.1.5:8080'],
  ])('--host %s: the tunnel connects to an address that reaches the listener', (host, ngrok, cloudflared) => {
    const { out, sink, stderr } = capture(false);
    humanRenderer(out, { ...facts, host }, sink).draw(ready);
    expect(stderr()).toContain(`Expose it     ${ngrok}\n`);
    expect(stderr()).toContain(`${cloudflared}\n`);
    expect(stderr()).not.toMatch(/(ngrok http|--url) \S*(0\.0\.0\.0|\[::\]:)/);
  });
});

describe('stickers and the API version in the human line', () => {
  const legacy = {
    object: 'page',
    entry: [{ id: '111111111111111', time: 1, messaging: [{ sender: { id: '2222222222222222' }, recipient: { id: '111111111111111' }, timestamp: 1767225600001, message: { mid: 'm_old', attachments: [{ type: 'image', payload: { url: 'https://scontent.example/s.png', sticker_id: 369239263222822 } }] } }] }],
  };

  it('shows a sticker the same in either form, and says when it came as an image', () => {
    const draw = (body: unknown) => {
      const { out, sink, lines } = capture(false);
      const [event] = normaliseWebhook(body).events;
      if (!event) throw new Error('no event');
      humanRenderer(out, facts, sink).draw({ kind: 'event', event, signature: 'sha256', receivedAt: T, profile: undefined, apiVersion: 'v27.0' });
      return lines[0] ?? '';
    };
    expect(draw(sample('webhook.message.sticker.SHAPE_PARTIAL.json'))).toBe('09:05:07  message               2222222222222222    [sticker] 369239263222822');
    expect(draw(legacy)).toBe('09:05:07  message               2222222222222222    [sticker] 369239263222822 (sent as image)');
  });

  it('adds the delivery\'s API version to the line only with --verbose', () => {
    const run = (verbose: boolean) => {
      const lines: string[] = [];
      const out = new Output({ stdout: { write: () => true }, stderr: { write: () => true }, env: { NO_COLOR: '1' }, json: false, verbose });
      humanRenderer(out, facts, { write: (line) => lines.push(line), flush: () => {} }).draw({ kind: 'event', event: textEvent, signature: 'sha256', receivedAt: T, profile: undefined, apiVersion: 'v26.0' });
      return lines[0] ?? '';
    };
    expect(run(true)).toBe('09:05:07  message               2222222222222222    "Hallo, ich habe eine Frage"  API v26.0');
    expect(run(false)).toBe('09:05:07  message               2222222222222222    "Hallo, ich habe eine Frage"');
  });
});
