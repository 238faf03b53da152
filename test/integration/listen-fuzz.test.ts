import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/core/webhook/signature.js';
import { startWebhookServer, type AcceptedRequest, type RejectedRequest, type RunningWebhookServer } from '../../src/io/webhook-server.js';
import { rawExchange } from '../support/listen-helpers.js';

/**
 * A bounded fuzz run against a live listener on 127.0.0.1: thousands of random and malformed
 * requests over raw sockets, each expecting its documented status; afterwards valid events must
 * all still arrive.
 */
const SECRET = 'fuzz-app-secret-0123456789abcdef';
const TOKEN = 'fuzz-verify-token';
const MAX_BODY = 64 * 1024;
const CASES = 3000;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function validBody(i: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      object: 'page',
      entry: [{ id: '111111111111111', time: 1767225600000 + i, messaging: [{ sender: { id: '2222222222222222' }, recipient: { id: '111111111111111' }, timestamp: 1767225600000 + i, message: { mid: `m_fuzz_${i}`, text: `fuzz ${i}` } }] }],
    }),
  );
}

function post(path: string, body: Buffer, headers: Record<string, string> = {}): Buffer {
  const head = [`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', `Content-Length: ${body.length}`, 'Content-Type: application/json', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]);
}

type Outcome = number | 'closed';

interface RawCase {
  name: string;
  /** Chunks written in order; a number is a pause in ms. */
  parts: Array<Buffer | number>;
  /** Half-close after writing (the client gives up mid-request). */
  endAfter?: boolean;
  expect: Outcome[];
}

/** Sends the parts and resolves with the status of the answer, or "closed" when none came. */
async function exchange(port: number, testCase: RawCase): Promise<Outcome> {
  // The guard is only a safety net against a hung test; every documented outcome happens far sooner.
  const data = await rawExchange(port, testCase.parts, { ...(testCase.endAfter ? { after: 'end' as const } : {}), guardMs: 20_000 });
  const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
  return match ? Number(match[1]) : 'closed';
}

function makeCase(random: () => number, i: number): RawCase {
  const pick = Math.floor(random() * 16);
  const body = validBody(i);
  const sig = signBody(body, SECRET);
  switch (pick) {
    case 0:
    case 1:
    case 2:
      return { name: 'valid signed event', parts: [post('/webhook', body, { 'X-Hub-Signature-256': sig })], expect: [200] };
    case 3: {
      const broken = Buffer.from(body.toString().slice(0, Math.floor(random() * body.length)));
      return { name: 'malformed JSON, signed', parts: [post('/webhook', broken, { 'X-Hub-Signature-256': signBody(broken, SECRET) })], expect: [400] };
    }
    case 4: {
      const flipped = Buffer.from(body);
      const at = Math.floor(random() * flipped.length);
      flipped[at] = (flipped[at] ?? 0) ^ 1;
      return { name: 'body changed after signing', parts: [post('/webhook', flipped, { 'X-Hub-Signature-256': sig })], expect: [403] };
    }
    case 5:
      return { name: 'missing signature', parts: [post('/webhook', body)], expect: [403] };
    case 6: {
      const junk = ['sha256=', 'sha256=zz', `sha1=${sig.slice(7, 47)}`, 'md5=abc', sig.slice(7), `sha256=${'0'.repeat(64)}`][Math.floor(random() * 6)] as string;
      return { name: 'malformed signature', parts: [post('/webhook', body, { 'X-Hub-Signature-256': junk })], expect: [403] };
    }
    case 7: {
      const big = Buffer.alloc(MAX_BODY + 1 + Math.floor(random() * MAX_BODY), 0x20);
      return { name: 'oversized body with content-length', parts: [post('/webhook', big, { 'X-Hub-Signature-256': signBody(big, SECRET) })], expect: [413] };
    }
    case 8: {
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const head = Buffer.from('POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n');
      const parts: Buffer[] = [head];
      for (let n = 0; n < 6; n++) parts.push(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      parts.push(Buffer.from('0\r\n\r\n'));
      return { name: 'oversized chunked body', parts, expect: [413, 'closed'] };
    }
    case 9: {
      const method = ['PUT', 'DELETE', 'PATCH', 'OPTIONS'][Math.floor(random() * 4)] as string;
      return { name: `method ${method}`, parts: [Buffer.from(`${method} /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)], expect: [405] };
    }
    case 10:
      return { name: 'other path', parts: [post(`/nope${i}`, body, { 'X-Hub-Signature-256': sig })], expect: [404] };
    case 11: {
      const good = random() < 0.5;
      const query = `hub.mode=subscribe&hub.challenge=${i}&hub.verify_token=${good ? TOKEN : 'wrong'}`;
      return { name: good ? 'handshake' : 'handshake with wrong token', parts: [Buffer.from(`GET /webhook?${query} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)], expect: [good ? 200 : 403] };
    }
    case 12: {
      const garbage = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
      return { name: 'garbage bytes', parts: [garbage, Buffer.from('\r\n\r\n')], endAfter: true, expect: [400, 'closed'] };
    }
    case 13:
      return { name: 'huge headers', parts: [Buffer.from(`GET /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)], expect: [431] };
    case 14: {
      const full = post('/webhook', body, { 'X-Hub-Signature-256': sig });
      // The client half-closes mid-body: the listener still answers 400 on the open half.
      return { name: 'truncated body, client gives up', parts: [full.subarray(0, full.length - 1 - Math.floor(random() * (body.length - 1)))], endAfter: true, expect: [400] };
    }
    default: {
      const raw = Buffer.from(Array.from({ length: Math.floor(random() * 300) }, () => Math.floor(random() * 256)));
      // Random bytes signed correctly: 400 unless they happen to be a JSON object (they never are here: no "{").
      const cleaned = Buffer.from(raw.map((b) => (b === 0x7b ? 0x20 : b)));
      return { name: 'random signed bytes', parts: [post('/webhook', cleaned, { 'X-Hub-Signature-256': signBody(cleaned, SECRET) })], expect: [400] };
    }
  }
}

describe('listener fuzz run', () => {
  let server: RunningWebhookServer;
  const accepted: AcceptedRequest[] = [];
  const rejected: RejectedRequest[] = [];

  beforeAll(async () => {
    server = await startWebhookServer({
      host: '127.0.0.1',
      port: 0,
      policy: { path: '/webhook', verifyToken: TOKEN, appSecret: SECRET },
      maxBodyBytes: MAX_BODY,
      headersTimeoutMs: 400,
      requestTimeoutMs: 800,
      onAccepted: (request) => accepted.push(request),
      onRejected: (request) => rejected.push(request),
    });
  });

  afterAll(async () => {
    await server.close(1000);
  });

  it(`answers ${CASES} random and malformed requests with their documented statuses and stays up`, async () => {
    const random = seeded(20260101);
    const cases = Array.from({ length: CASES }, (_, i) => makeCase(random, i));
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const testCase = cases[next++] as RawCase;
        const outcome = await exchange(server.port, testCase);
        if (!testCase.expect.includes(outcome)) failures.push(`${testCase.name}: got ${outcome}, expected ${testCase.expect.join(' or ')}`);
      }
    };
    await Promise.all(Array.from({ length: 24 }, worker));
    expect(failures.slice(0, 10)).toEqual([]);
    const validCount = cases.filter((c) => c.name === 'valid signed event').length;
    expect(validCount).toBeGreaterThan(100);
    expect(accepted).toHaveLength(validCount);
    expect(rejected.length).toBeGreaterThan(CASES / 2);
  });

  it('cuts slow clients with 408: stalled headers and a stalled body', async () => {
    const body = validBody(1);
    const full = post('/webhook', body, { 'X-Hub-Signature-256': signBody(body, SECRET) });
    const slowHeaders: RawCase = { name: 'slow headers', parts: [Buffer.from('POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n'), 60_000], expect: [408] };
    const stalledBody: RawCase = { name: 'stalled body', parts: [full.subarray(0, full.length - 20), 60_000], expect: [408] };
    const dribble: RawCase = { name: 'dribbling headers', parts: [Buffer.from('GET /webhook'), 300, Buffer.from('?hub.mode=sub'), 300, Buffer.from('scribe'), 300, Buffer.from(' HTTP/1.1\r\n'), 60_000], expect: [408] };
    const before = rejected.length;
    const outcomes = await Promise.all([...Array.from({ length: 10 }, () => slowHeaders), ...Array.from({ length: 10 }, () => stalledBody), dribble].map((c) => exchange(server.port, c)));
    expect(outcomes.every((outcome) => outcome === 408)).toBe(true);
    // One rejected line each; a stalled body under its method and path.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const lines = rejected.slice(before);
    expect(lines).toHaveLength(21);
    expect(lines.every((line) => line.status === 408)).toBe(true);
    expect(lines.filter((line) => line.method === 'POST' && line.path === '/webhook')).toHaveLength(10);
  });

  it('refuses a body that carries two X-Hub-Signature-256 headers, even when both are right', async () => {
    const body = validBody(2);
    const signature = signBody(body, SECRET);
    const head = `POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: ${body.length}\r\nContent-Type: application/json\r\nX-Hub-Signature-256: ${signature}\r\nX-Hub-Signature-256: ${signature}\r\n\r\n`;
    const rejectedBefore = rejected.length;
    expect(await exchange(server.port, { name: 'two signatures', parts: [Buffer.concat([Buffer.from(head), body])], expect: [403] })).toBe(403);
    expect(rejected.slice(rejectedBefore)).toMatchObject([{ status: 403, reason: expect.stringMatching(/came more than once/) }]);
  });

  it('afterwards still takes valid events, none lost', async () => {
    const before = accepted.length;
    const cases: RawCase[] = Array.from({ length: 300 }, (_, i) => {
      const body = validBody(100_000 + i);
      return { name: 'valid', parts: [post('/webhook', body, { 'X-Hub-Signature-256': signBody(body, SECRET) })], expect: [200] };
    });
    const outcomes = await Promise.all(cases.map((c) => exchange(server.port, c)));
    expect(outcomes.filter((o) => o === 200)).toHaveLength(300);
    const mids = new Set(
      accepted.slice(before).map((request) => (request.payload as { entry: Array<{ messaging: Array<{ message: { mid: string } }> }> }).entry[0]?.messaging[0]?.message.mid),
    );
    expect(mids.size).toBe(300);
    for (let i = 0; i < 300; i++) expect(mids.has(`m_fuzz_${100_000 + i}`)).toBe(true);
  });
  it("reports the requests node:http would refuse by itself, and those broken off, each with one rejected line", async () => {
    const cases: Array<RawCase & { reported: Partial<RejectedRequest> }> = [
      { name: 'no Host', parts: [Buffer.from('GET /webhook?hub.mode=subscribe HTTP/1.1\r\n\r\n')], expect: [400], reported: { status: 400, reason: 'the request has no Host header (HTTP/1.1 requires one)', method: 'GET', path: '/webhook' } },
      { name: 'Expect: bogus', parts: [Buffer.from('POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: bogus\r\nContent-Length: 2\r\n\r\n{}')], expect: [417], reported: { status: 417, method: 'POST', path: '/webhook' } },
      { name: 'malformed request line', parts: [Buffer.from('GARBAGE\r\n\r\n')], expect: [400], reported: { status: 400, reason: 'the request is not valid HTTP (HPE_INVALID_METHOD)' } },
      { name: 'CONNECT', parts: [Buffer.from('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')], expect: [405], reported: { status: 405, method: 'CONNECT' } },
    ];
    for (const testCase of cases) {
      const before = rejected.length;
      expect(await exchange(server.port, testCase), testCase.name).toBe(testCase.expect[0]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejected.slice(before), testCase.name).toEqual([expect.objectContaining(testCase.reported)]);
    }

    // A body the client breaks off with a reset: nothing could be answered, but the request arrived.
    const before = rejected.length;
    await new Promise<void>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write('POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"object":');
        setTimeout(() => {
          socket.resetAndDestroy();
          resolve();
        }, 50);
      });
      socket.on('error', () => {});
    });
    for (let i = 0; i < 100 && rejected.length === before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(rejected.slice(before)).toEqual([{ status: 400, code: 'client_closed', reason: 'the client closed the connection before it was answered', method: 'POST', path: '/webhook' }]);
  });
});
