import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/core/webhook/signature.js';
import { rawExchange, readyUrl, startListen, type ListenProcess } from '../support/listen-helpers.js';

/**
 * A storm against `fb3cx listen --json` as a user runs it, over raw sockets on 127.0.0.1: at
 * least 10,000 requests, seeded, mixing valid signed events (each with a unique text full of
 * characters that break naive printing) with hostile requests of every kind the listener
 * refuses. Every valid event must come out exactly once, as a line that parses, with its text
 * unchanged; every hostile request gets its documented answer and at most one rejected line.
 */
const SEED = 20260214;
const REQUESTS = 10_000;
const WORKERS = 32;
const SECRET = 'storm0app0secret000000000000abcd';
const VERIFY_TOKEN = 'storm-verify-token';
const MAX_BODY = 256 * 1024;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Pieces of text that break printing done by hand: JSON escapes, look-alike tokens, line breaks, controls, wide characters. */
const FRAGMENTS = [
  'see https://x.example/?access_token=abc"def',
  'hub.verify_token=hello works',
  '&appsecret_proof=ff&client_secret=zz&input_token=EAAx',
  '"quoted" and \\backslashed\\ \\u0041',
  'line\nbreak\r\nand \u2028 \u2029 separators',
  '{"kind":"summary","events":0}\n{"kind":"event"}',
  'control \u0001\u0007\u001b[31m bytes\u007f',
  'emoji 😀👍🏽 漢字 עברית \u202e reversed',
  '</script><b>html</b> %22encoded%22 %7C',
  '',
];

type Outcome = number | 'closed';

interface StormCase {
  kind: string;
  /** Chunks written in order; a number is a pause in ms. */
  parts: Array<Buffer | number>;
  /** Reset the connection after the parts (the client breaks off). */
  reset?: boolean;
  expect: Outcome[];
  /** The valid events inside, by mid. */
  events: Array<{ mid: string; text: string }>;
  /** How many rejected lines this request may leave: [at least, at most]. */
  rejects: [number, number];
}

function head(lines: string[]): Buffer {
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
}

function post(body: Buffer, headers: string[], path = '/webhook'): Buffer {
  return Buffer.concat([head([`POST ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', 'Content-Type: application/json', `Content-Length: ${body.length}`, ...headers]), body]);
}

const sha256 = (body: Buffer) => `X-Hub-Signature-256: ${signBody(body, SECRET)}`;

function eventsBody(events: Array<{ mid: string; text: string }>, extra = ''): Buffer {
  const items = events.map(({ mid, text }) => `{"sender":{"id":"2222222222222222"},"recipient":{"id":"111111111111111"},"timestamp":1767225600000,"message":{"mid":${JSON.stringify(mid)},"text":${JSON.stringify(text)}${extra}}}`);
  return Buffer.from(`{"object":"page","entry":[{"id":"111111111111111","time":1767225600000,"messaging":[${items.join(',')}]}]}`);
}

function uniqueText(random: () => number, id: string): string {
  let text = `storm ${id}`;
  const count = Math.floor(random() * 4);
  for (let n = 0; n < count; n++) text += ` ${FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] ?? ''}`;
  if (random() < 0.05) text += ` ${'long '.repeat(Math.floor(random() * 600))}`;
  return text;
}

const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;

function validCase(random: () => number, i: number): StormCase {
  const count = random() < 0.2 ? 2 + Math.floor(random() * 3) : 1;
  const events = Array.from({ length: count }, (_, j) => ({ mid: `m_storm_${i}_${j}`, text: uniqueText(random, `${i}.${j}`) }));
  const pick = random();
  const ok: Pick<StormCase, 'expect' | 'events' | 'rejects'> = { expect: [200], events, rejects: [0, 0] };
  if (pick < 0.02) {
    // A field nested 10,000 levels deep beside the text: too deep to serialise whole.
    const body = eventsBody(events, `,"x":${deepObject(10_000)}`);
    return { kind: 'valid, deep field', parts: [post(body, [sha256(body)])], ...ok };
  }
  const body = eventsBody(events);
  if (pick < 0.06) return { kind: 'valid, sha1 only', parts: [post(body, [`X-Hub-Signature: ${signBody(body, SECRET, 'sha1')}`])], ...ok };
  if (pick < 0.1) {
    const chunked = head(['POST /webhook HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close', 'Transfer-Encoding: chunked', sha256(body)]);
    const half = Math.floor(body.length / 2);
    const chunk = (part: Buffer) => Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]);
    return { kind: 'valid, chunked', parts: [chunked, chunk(body.subarray(0, half)), chunk(body.subarray(half)), Buffer.from('0\r\n\r\n')], ...ok };
  }
  if (pick < 0.13) return { kind: 'valid, Expect: 100-continue', parts: [post(body, [sha256(body), 'Expect: 100-continue'])], ...ok };
  if (pick < 0.16) {
    const junk = Array.from({ length: 200 + Math.floor(random() * 300) }, (_, n) => `X-Junk-${n}: ${'j'.repeat(Math.floor(random() * 20))}`);
    return { kind: 'valid, header flood', parts: [post(body, [...junk, sha256(body)])], ...ok };
  }
  if (pick < 0.2) {
    const full = post(body, [sha256(body)]);
    const cut = Math.floor(random() * full.length);
    return { kind: 'valid, sent in two pieces', parts: [full.subarray(0, cut), 5, full.subarray(cut)], ...ok };
  }
  return { kind: 'valid', parts: [post(body, [sha256(body)])], ...ok };
}

function hostileCase(random: () => number, i: number): StormCase {
  const body = eventsBody([{ mid: `m_hostile_${i}`, text: `hostile ${i}` }]);
  const one: Pick<StormCase, 'events' | 'rejects'> = { events: [], rejects: [1, 1] };
  const pick = Math.floor(random() * 24);
  switch (pick) {
    case 0: {
      const flipped = Buffer.from(body);
      const at = Math.floor(random() * flipped.length);
      flipped[at] = (flipped[at] ?? 0) ^ 1;
      return { kind: 'body changed after signing', parts: [post(flipped, [sha256(body)])], expect: [403], ...one };
    }
    case 1:
      return { kind: 'no signature', parts: [post(body, [])], expect: [403], ...one };
    case 2:
      return { kind: 'another app secret', parts: [post(body, [`X-Hub-Signature-256: ${signBody(body, 'another-secret-000000000000000')}`])], expect: [403], ...one };
    case 3:
      return { kind: 'signature twice', parts: [post(body, [sha256(body), sha256(body)])], expect: [403], ...one };
    case 4: {
      const junk = ['sha256=', 'sha256=zz', 'md5=abc', `sha256=${'0'.repeat(64)}`, 'sha256 = x'][Math.floor(random() * 5)] as string;
      return { kind: 'malformed signature', parts: [post(body, [`X-Hub-Signature-256: ${junk}`])], expect: [403], ...one };
    }
    case 5: {
      const broken = body.subarray(0, Math.floor(random() * body.length));
      return { kind: 'malformed JSON, signed', parts: [post(broken, [sha256(broken)])], expect: [400], ...one };
    }
    case 6: {
      const big = Buffer.alloc(MAX_BODY + 1 + Math.floor(random() * 40_000), 0x20);
      return { kind: 'body over the cap', parts: [post(big, [sha256(big)])], expect: [413, 'closed'], ...one };
    }
    case 7: {
      const deep = Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      return { kind: 'deep JSON array, signed', parts: [post(deep, [sha256(deep)])], expect: [400], ...one };
    }
    case 8: {
      // Signed and a JSON object, but no Messenger event: answered 200, reported as ignored.
      const deep = Buffer.from(deepObject(20_000));
      return { kind: 'deep object without "object", signed', parts: [post(deep, [sha256(deep)])], expect: [200], events: [], rejects: [0, 0] };
    }
    case 9:
      return random() < 0.3
        ? { kind: 'stalled headers', parts: [Buffer.from('POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n'), 5000], expect: [408], ...one }
        : { kind: 'stalled body', parts: [post(body, [sha256(body)]).subarray(0, 200), 5000], expect: [408], ...one };
    case 10:
      return { kind: 'headers too large', parts: [head(['GET /webhook HTTP/1.1', 'Host: 127.0.0.1', `X-Big: ${'a'.repeat(20_000)}`])], expect: [431], ...one };
    case 11:
      return { kind: 'control character in a header', parts: [head(['POST /webhook HTTP/1.1', 'Host: 127.0.0.1', 'X-Bad: a\u0001b', 'Content-Length: 0'])], expect: [400], ...one };
    case 12:
      return { kind: 'two different Content-Length', parts: [head(['POST /webhook HTTP/1.1', 'Host: 127.0.0.1', 'Content-Length: 2', 'Content-Length: 3']), Buffer.from('{}')], expect: [400], ...one };
    case 13:
      return { kind: 'no Host', parts: [Buffer.concat([head(['POST /webhook HTTP/1.1', 'Connection: close', `Content-Length: ${body.length}`, sha256(body)]), body])], expect: [400], ...one };
    case 14:
      return { kind: 'Expect: bogus', parts: [post(body, [sha256(body), 'Expect: bogus'])], expect: [417], ...one };
    case 15: {
      const garbage = Buffer.from([1, ...Array.from({ length: 1 + Math.floor(random() * 200) }, () => 32 + Math.floor(random() * 95))]);
      return { kind: 'garbage request line', parts: [garbage, Buffer.from('\r\n\r\n')], expect: [400], ...one };
    }
    case 16:
      return { kind: 'CONNECT', parts: [head(['CONNECT example.com:443 HTTP/1.1', 'Host: example.com:443'])], expect: [405], ...one };
    case 17:
      return { kind: 'HTTP/2 preface', parts: [Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')], expect: [400], ...one };
    case 18:
      return { kind: 'bad chunk size', parts: [head(['POST /webhook HTTP/1.1', 'Host: 127.0.0.1', 'Transfer-Encoding: chunked']), Buffer.from('zz\r\n{}\r\n0\r\n\r\n')], expect: [400], ...one };
    case 19:
      return { kind: 'other path', parts: [post(body, [sha256(body)], `/other/${i}`)], expect: [404], ...one };
    case 20: {
      const method = ['PUT', 'DELETE', 'PATCH', 'OPTIONS'][Math.floor(random() * 4)] as string;
      return { kind: `method ${method}`, parts: [head([`${method} /webhook HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', 'Content-Length: 0'])], expect: [405], ...one };
    }
    case 21: {
      const good = random() < 0.5;
      const query = `hub.mode=subscribe&hub.challenge=${i}&hub.verify_token=${good ? VERIFY_TOKEN : 'wrong'}`;
      return { kind: good ? 'handshake' : 'handshake, wrong token', parts: [head([`GET /webhook?${query} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'])], expect: [good ? 200 : 403], events: [], rejects: good ? [0, 0] : [1, 1] };
    }
    case 22:
      // Broken off mid-body: nothing can be answered; reported unless the reset beats the headers.
      return { kind: 'reset mid-body', parts: [post(body, [sha256(body)]).subarray(0, 200), 20], reset: true, expect: ['closed'], events: [], rejects: [0, 1] };
    default:
      return { kind: 'unsigned, no body', parts: [head(['POST /webhook HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close', 'Content-Length: 0'])], expect: [403], ...one };
  }
}

/** Sends the parts; the final status of the answer (after any 100 Continue), or "closed" when none came. */
async function exchange(port: number, testCase: StormCase): Promise<Outcome> {
  // The guard is only a safety net against a hung test; every documented outcome comes far sooner.
  const data = await rawExchange(port, testCase.parts, { ...(testCase.reset ? { after: 'reset' as const } : {}), guardMs: 15_000 });
  const statuses = [...data.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => Number(match[1])).filter((status) => status >= 200);
  return statuses[0] ?? 'closed';
}

const running: ListenProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

describe('listen under a storm of hostile and valid requests', () => {
  it(`prints every one of the valid events exactly once, unchanged, among ${REQUESTS} requests`, { timeout: 90_000 }, async () => {
    const listener = startListen(['--json', '--port', '0', '--max-body', '256k', '--verify-token', VERIFY_TOKEN], {
      FB3CX_APP_SECRET: SECRET,
      FB3CX_LISTEN_HEADERS_TIMEOUT_MS: '400',
      FB3CX_LISTEN_REQUEST_TIMEOUT_MS: '800',
    });
    running.push(listener);
    const port = Number(new URL(await readyUrl(listener)).port);

    const random = seeded(SEED);
    const cases = Array.from({ length: REQUESTS }, (_, i) => (random() < 0.45 ? validCase(random, i) : hostileCase(random, i)));
    const sent = cases.flatMap((c) => c.events);
    const started = Date.now();
    const wrongAnswers: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const testCase = cases[next++] as StormCase;
        const outcome = await exchange(port, testCase);
        if (!testCase.expect.includes(outcome)) wrongAnswers.push(`${testCase.kind}: got ${outcome}, expected ${testCase.expect.join(' or ')}`);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const stormMs = Date.now() - started;

    // Every valid event was answered 200 before the storm ended, so its line is due: wait for
    // them (a bounded while), then stop; whatever is missing by then counts as lost.
    const due = Date.now() + 10_000;
    while (listener.lines.filter((line) => line.kind === 'event').length < sent.length && Date.now() < due) await new Promise((resolve) => setTimeout(resolve, 50));
    const { exitCode } = await listener.stop('SIGINT');
    expect(exitCode).toBe(130);

    const stdoutLines = listener.stdout().trim().split('\n');
    const parsed: Array<Record<string, unknown>> = [];
    const mangled: string[] = [];
    for (const line of stdoutLines) {
      try {
        parsed.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        mangled.push(line.slice(0, 200));
      }
    }
    const byMid = new Map<string, Array<Record<string, unknown>>>();
    for (const line of parsed) if (line.kind === 'event') byMid.set(String(line.mid), [...(byMid.get(String(line.mid)) ?? []), line]);
    const lost = sent.filter(({ mid }) => !byMid.has(mid)).map(({ mid }) => mid);
    const duplicated = [...byMid].filter(([, lines]) => lines.length > 1).map(([mid]) => mid);
    const changed = sent.filter(({ mid, text }) => {
      const line = byMid.get(mid)?.[0];
      return line !== undefined && (line.text !== text || (line.raw as { message?: { text?: unknown } }).message?.text !== text || line.verified !== true);
    });

    expect(REQUESTS).toBeGreaterThanOrEqual(10_000);
    expect(sent.length).toBeGreaterThan(4000);
    expect({ mangled: mangled.length, lost: lost.length, duplicated: duplicated.length, changed: changed.length }).toEqual({ mangled: 0, lost: 0, duplicated: 0, changed: 0 });
    expect({ mangled: mangled.slice(0, 3), lost: lost.slice(0, 5), duplicated: duplicated.slice(0, 5), changed: changed.slice(0, 3) }).toEqual({ mangled: [], lost: [], duplicated: [], changed: [] });
    expect(byMid.size).toBe(sent.length);
    expect(wrongAnswers.slice(0, 10)).toEqual([]);

    const summary = parsed.at(-1);
    expect(summary).toMatchObject({ kind: 'summary', events: sent.length });
    const rejected = parsed.filter((line) => line.kind === 'rejected').length;
    expect(summary?.rejected).toBe(rejected);
    const least = cases.reduce((sum, c) => sum + c.rejects[0], 0);
    const most = cases.reduce((sum, c) => sum + c.rejects[1], 0);
    expect(rejected).toBeGreaterThanOrEqual(least);
    expect(rejected).toBeLessThanOrEqual(most);
    // Bounded in time: the storm itself, not counting start-up and the drain.
    expect(stormMs).toBeLessThan(60_000);
  });
});
