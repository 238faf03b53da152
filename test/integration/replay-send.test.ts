import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSavedEvents } from '../../src/core/replay/saved.js';
import type { RetryPolicy } from '../../src/core/replay/retry.js';
import { WebhookPoster } from '../../src/io/http-out.js';
import { sendInOrder, type SendPlan } from '../../src/commands/replay.js';
import { savedLines, textsOf } from '../support/replay.js';

type Answer = { status: number; headers?: Record<string, string> };
const servers: Server[] = [];
const posters: WebhookPoster[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
  await Promise.all(posters.splice(0).map((poster) => poster.close()));
});

/** A local endpoint that answers the n-th request with answers[n] (then 200), and keeps what it accepted. */
async function endpoint(answers: Answer[]): Promise<{ url: string; accepted: Buffer[]; arrivals: number[] }> {
  const accepted: Buffer[] = [];
  const arrivals: number[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrivals.push(Date.now());
      const answer = answers[n++] ?? { status: 200 };
      if (answer.status === 200) accepted.push(Buffer.concat(chunks));
      res.writeHead(answer.status, answer.headers).end(answer.status === 200 ? 'EVENT_RECEIVED' : 'no');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, accepted, arrivals };
}

const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 5000 };

function plan(url: string, overrides: Partial<SendPlan> = {}): SendPlan & { recorded: string[] } {
  const poster = new WebhookPoster(undefined, 1);
  posters.push(poster);
  const recorded: string[] = [];
  return {
    url,
    timeoutMs: 5000,
    policy: FAST,
    skip: new Set(),
    headersFor: () => ({ 'content-type': 'application/json' }),
    post: (request) => poster.post(request),
    record: (key) => recorded.push(key),
    now: () => Date.now(),
    random: () => 0.5,
    progress: () => {},
    stop: new AbortController().signal,
    recorded,
    ...overrides,
  };
}

const events = (n: number) => parseSavedEvents(savedLines(n).join('\n')).events;

describe('replay sends saved events in order', () => {
  it('retries a 503 until the 200, and records each delivery once', async () => {
    const target = await endpoint([{ status: 503 }, { status: 503 }]);
    const p = plan(target.url);
    const sent = await sendInOrder(events(3), p);
    expect(sent.stopped).toBeUndefined();
    expect(sent.events.map((event) => [event.outcome, event.attempts])).toEqual([
      ['delivered', 3],
      ['delivered', 1],
      ['delivered', 1],
    ]);
    expect(textsOf(target.accepted)).toEqual(['event 0', 'event 1', 'event 2']);
    expect(p.recorded).toEqual(sent.events.map((event) => event.key));
  });

  it('waits as long as a 429 Retry-After asks', async () => {
    const target = await endpoint([{ status: 429, headers: { 'retry-after': '1' } }]);
    const sent = await sendInOrder(events(1), plan(target.url));
    expect(sent.events[0]).toMatchObject({ outcome: 'delivered', attempts: 2 });
    const [first = 0, second = 0] = target.arrivals;
    expect(second - first).toBeGreaterThanOrEqual(950);
  });

  it('reports a permanent 400 without retrying, and goes on with the next event', async () => {
    const target = await endpoint([{ status: 400 }]);
    const p = plan(target.url);
    const sent = await sendInOrder(events(2), p);
    expect(sent.events[0]).toMatchObject({ outcome: 'failed', attempts: 1, status: 400, failure: { code: 'refused' } });
    expect(sent.events[1]).toMatchObject({ outcome: 'delivered' });
    expect(target.arrivals).toHaveLength(2);
    expect(p.recorded).toEqual([sent.events[1]?.key]);
  });

  it('stops at the first 403: the endpoint refuses everything, and the rest are kept for --resume', async () => {
    const target = await endpoint([{ status: 403 }]);
    const sent = await sendInOrder(events(3), plan(target.url));
    expect(sent.stopped).toBe('target-refuses');
    expect(sent.events.map((event) => event.outcome)).toEqual(['failed', 'not-sent', 'not-sent']);
    expect(target.arrivals).toHaveLength(1);
  });

  it('stops at an event that keeps failing, so no later event overtakes it', async () => {
    const target = await endpoint([{ status: 502 }, { status: 502 }, { status: 502 }]);
    const sent = await sendInOrder(events(3), plan(target.url));
    expect(sent.stopped).toBe('target-down');
    expect(sent.events.map((event) => [event.outcome, event.attempts])).toEqual([
      ['failed', 3],
      ['not-sent', 0],
      ['not-sent', 0],
    ]);
    expect(sent.events[0]?.failure?.code).toBe('gave-up');
    expect(target.accepted).toHaveLength(0);
  });

  it('reports an endpoint that is not there with the connection error, after its retries', async () => {
    const sent = await sendInOrder(events(2), plan('http://127.0.0.1:9/hook'));
    expect(sent.stopped).toBe('target-down');
    expect(sent.events[0]).toMatchObject({ outcome: 'failed', attempts: 3, failure: { code: 'ECONNREFUSED' } });
  });

  it('skips what an earlier run delivered', async () => {
    const target = await endpoint([]);
    const all = events(3);
    const sent = await sendInOrder(all, plan(target.url, { skip: new Set([all[0]?.key ?? '', all[1]?.key ?? '']) }));
    expect(sent.events.map((event) => event.outcome)).toEqual(['already-delivered', 'already-delivered', 'delivered']);
    expect(textsOf(target.accepted)).toEqual(['event 2']);
  });

  it('delivers 10,000 events in order, none lost, none twice', async () => {
    const target = await endpoint([]);
    const p = plan(target.url);
    const sent = await sendInOrder(events(10_000), p);
    expect(sent.events.every((event) => event.outcome === 'delivered')).toBe(true);
    expect(textsOf(target.accepted)).toEqual(Array.from({ length: 10_000 }, (_, i) => `event ${i}`));
    expect(new Set(p.recorded).size).toBe(10_000);
  }, 120_000);
});
