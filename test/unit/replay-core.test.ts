import { describe, expect, it } from 'vitest';
import { parseSavedEvents, replayBody, withinWindow } from '../../src/core/replay/saved.js';
import { parseMoment } from '../../src/core/replay/window.js';
import { DEFAULT_RETRY_POLICY, isTransientStatus, nextDelay, retryAfterMs } from '../../src/core/replay/retry.js';
import { webhookHeaders } from '../../src/core/webhook/build.js';
import { normaliseWebhook } from '../../src/core/webhook/normalise.js';
import { verifySignature } from '../../src/core/webhook/signature.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import { jsonLine } from '../../src/listen/render.js';
import { savedLines } from '../support/replay.js';
import { sample } from '../support/samples.js';

// The repository's copy of the reference sample (test/fixtures/samples): a clean clone has nothing outside it.
const vector = sample<{
  app_secret: string;
  raw_body: string;
  expected: { hmac_sha256_hex: string; hmac_sha1_hex: string };
}>('webhook.signature.test_vector.json');

describe('reading a listen --save file', () => {
  it('turns the line listen saved back into the exact body Meta sent, signed as Meta signs it', () => {
    const body = JSON.parse(vector.raw_body) as { entry: Array<{ time: number }> };
    const [event] = normaliseWebhook(body).events;
    if (!event) throw new Error('the vector holds an event');
    const line = jsonLine({ kind: 'event', event, signature: 'sha256', receivedAt: body.entry[0]?.time ?? 0, profile: undefined, apiVersion: 'v23.0' }, new SecretRegistry());
    const saved = parseSavedEvents(`${line}\n`);
    expect(saved.problems).toEqual([]);
    const [replayed] = saved.events;
    if (!replayed) throw new Error('one event');
    const sent = replayBody(replayed);
    expect(sent.toString('utf8')).toBe(vector.raw_body);
    const headers = webhookHeaders(sent, { appSecret: vector.app_secret, signature: 'both', apiVersion: replayed.apiVersion ?? 'none', userAgent: 'fb3cx-replay' });
    expect(headers['x-hub-signature-256']).toBe(`sha256=${vector.expected.hmac_sha256_hex}`);
    expect(headers['x-hub-signature']).toBe(`sha1=${vector.expected.hmac_sha1_hex}`);
    expect(headers['facebook-api-version']).toBe('v23.0');
    expect(verifySignature(sent, { sha256: headers['x-hub-signature-256'] }, vector.app_secret)).toEqual({ ok: true, algorithm: 'sha256' });
  });

  it('keeps a standby event under standby', () => {
    const raw = { sender: { id: '2' }, recipient: { id: '1' }, timestamp: 5, message: { mid: 'm', text: 'x' } };
    const [event] = parseSavedEvents(JSON.stringify({ kind: 'event', type: 'message', pageId: '1', timestamp: 5, standby: true, receivedAt: 9, raw })).events;
    expect(JSON.parse(replayBody(event ?? { pageId: '', receivedAt: 0, standby: false, raw: {} }).toString())).toEqual({ object: 'page', entry: [{ id: '1', time: 9, standby: [raw] }] });
  });

  it('reports every line it cannot replay with its number, and keeps the order of the rest', () => {
    const [a, b, c] = savedLines(3);
    const content = [a, '{"kind":"ready","url":"http://x"}', '', '{not json', b, '{"kind":"event","type":"message","pageId":"1","timestamp":1,"raw":null}', `${c}\r`, ''].join('\n');
    const saved = parseSavedEvents(content);
    expect(saved.events.map((event) => [event.line, event.text])).toEqual([
      [1, 'event 0'],
      [5, 'event 1'],
      [7, 'event 2'],
    ]);
    expect(saved.problems).toEqual([
      { line: 2, code: 'not-an-event', kind: 'ready' },
      { line: 4, code: 'not-json' },
      { line: 6, code: 'no-raw' },
    ]);
    expect(saved.lines).toBe(6);
  });

  it('gives every event a key of its own, also to a line that occurs twice', () => {
    const [a, b] = savedLines(2);
    const keys = parseSavedEvents([a, b, a].join('\n')).events.map((event) => event.key);
    expect(new Set(keys).size).toBe(3);
    expect(keys[2]).toBe(`${keys[0]}#2`);
    // The same line gets the same key in another run: that is what --resume relies on.
    expect(parseSavedEvents([a, b].join('\n')).events.map((event) => event.key)).toEqual(keys.slice(0, 2));
  });

  it('selects the events in [since, until) by the time the person acted', () => {
    const t = 1767225600000;
    const events = parseSavedEvents(savedLines(5, t).join('\n')).events;
    expect(withinWindow(events, t + 1000, t + 3000).map((event) => event.text)).toEqual(['event 1', 'event 2']);
    expect(withinWindow(events, undefined, t + 1000).map((event) => event.text)).toEqual(['event 0']);
    expect(withinWindow(events, t + 4000, undefined).map((event) => event.text)).toEqual(['event 4']);
  });
});

describe('--since and --until', () => {
  const now = Date.UTC(2026, 4, 1, 12, 0, 0);
  it('reads durations back from now', () => {
    expect(parseMoment('2h', now)).toBe(now - 2 * 3_600_000);
    expect(parseMoment('1h30m', now)).toBe(now - 90 * 60_000);
    expect(parseMoment('90s', now)).toBe(now - 90_000);
    expect(parseMoment('3d', now)).toBe(now - 3 * 86_400_000);
  });
  it('reads ISO 8601, local without an offset', () => {
    expect(parseMoment('2026-05-01T10:00:00Z', now)).toBe(Date.UTC(2026, 4, 1, 10));
    expect(parseMoment('2026-05-01T12:00+02:00', now)).toBe(Date.UTC(2026, 4, 1, 10));
    expect(parseMoment('2026-05-01T10:00:00.250Z', now)).toBe(Date.UTC(2026, 4, 1, 10, 0, 0, 250));
    expect(parseMoment('2026-05-01 14:30', now)).toBe(new Date(2026, 4, 1, 14, 30).getTime());
    expect(parseMoment('2026-05-01', now)).toBe(new Date(2026, 4, 1).getTime());
  });
  it.each(['yesterday', '2h ago', '-2h', '2026-02-30', '2026-13-01', '2026-05-01T25:00', '', 'h'])('refuses %j', (text) => {
    expect(parseMoment(text, now)).toBeUndefined();
  });
});

describe('retry timing', () => {
  it('retries only what may pass next time', () => {
    expect([408, 429, 500, 502, 503, 504].every(isTransientStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 410, 422, 301].some(isTransientStatus)).toBe(false);
  });
  it('backs off exponentially with jitter, up to a ceiling, for a bounded number of attempts', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, attempts: 6, baseDelayMs: 100, maxDelayMs: 800 };
    const low = [1, 2, 3, 4, 5].map((attempt) => nextDelay(policy, attempt, undefined, () => 0));
    const high = [1, 2, 3, 4, 5].map((attempt) => nextDelay(policy, attempt, undefined, () => 0.999999));
    expect(low).toEqual([50, 100, 200, 400, 400]);
    expect(high).toEqual([100, 200, 400, 800, 800]);
    expect(nextDelay(policy, 6, undefined, () => 0.5)).toBeUndefined();
  });
  it('honours Retry-After, in seconds or as a date, unless it asks for too long', () => {
    expect(retryAfterMs('3', 0)).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(nextDelay(DEFAULT_RETRY_POLICY, 1, 3000, () => 0)).toBe(3000);
    expect(nextDelay(DEFAULT_RETRY_POLICY, 1, DEFAULT_RETRY_POLICY.maxRetryAfterMs + 1, () => 0)).toBeUndefined();
  });
});
