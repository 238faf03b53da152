#!/usr/bin/env node
// Benchmark for `fb3cx listen`, run after `npm run build`: node bench/listen.mjs
//
// 1. Requests per second of `fb3cx listen --json` against a minimal correct Node listener
//    (node:http, HMAC-SHA256 check of X-Hub-Signature-256 in constant time, JSON.parse, one JSON
//    line per event on stdout, written once per event-loop turn). Both servers run pinned
//    together on CPU 0 with stdout to /dev/null; the load generator is a separate process pinned
//    to CPU 1. Rounds alternate between the two under the same load; each round's ratio is
//    fb3cx / reference, and the median and the spread (min-max) over the rounds are printed.
//    Target: median >= 0.9. Beside it, the CPU time each server spent per request (Linux, from
//    /proc): on a machine shared with other work it spreads less than requests per second.
// 2. Resident memory (VmRSS from /proc, or `ps` elsewhere) of a fresh listener after 1,000 and
//    after 100,000 events. Target: ratio <= 1.20.
// Loopback only, bounded in count and time. Prints ratios, never pass/fail on absolute time.
//
// The same file is the load generator: node bench/listen.mjs --load <origin> <path> <ms> <max>
// and the reference listener: node bench/listen.mjs --reference <port>.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const BIN = join(root, 'bin', 'fb3cx.js');
const APP_SECRET = 'bench0app0secret0000000000000000';
const VERIFY_TOKEN = 'bench-verify-token';
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const MEMORY_EVENTS = Number(process.env.BENCH_MEMORY_EVENTS ?? 100_000);

// One text message, the shape Meta sends (graph-api-facts 6.2), compact like Meta's bodies.
const body = Buffer.from(
  JSON.stringify({
    object: 'page',
    entry: [
      {
        id: '111111111111111',
        time: 1767225600123,
        messaging: [
          {
            sender: { id: '2222222222222222' },
            recipient: { id: '111111111111111' },
            timestamp: 1767225600001,
            message: { mid: 'm_AbCdEfGhIjKlMnOpQrStUv', text: 'Hallo, ich habe eine Frage' },
          },
        ],
      },
    ],
  }),
);
const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;

/** The minimal correct listener fb3cx is measured against. */
function referenceListener(port) {
  const secret = process.env.APP_SECRET ?? '';
  let lines = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    process.stdout.write(text);
  };
  createHttpServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(new URL(req.url, 'http://x').searchParams.get('hub.challenge') ?? '');
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(403).end();
        return;
      }
      let payload;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('EVENT_RECEIVED');
      for (const entry of payload.entry ?? []) for (const item of entry.messaging ?? []) lines.push(JSON.stringify({ kind: 'event', pageId: entry.id, ...item }));
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
  }).listen(port, '127.0.0.1');
}

/** Signed POSTs from CONCURRENCY connections for `ms` (or `max` requests); prints a JSON result. */
async function loadGenerator(origin, path, ms, max) {
  const { Pool } = await import('undici');
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
  const limit = Number(max);
  let ok = 0;
  let failed = 0;
  let issued = 0;
  const end = performance.now() + Number(ms);
  const worker = async () => {
    while (performance.now() < end && issued < limit) {
      issued++;
      try {
        const response = await pool.request({ method: 'POST', path, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
        await response.body.dump();
        if (response.statusCode === 200) ok++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  process.stdout.write(JSON.stringify({ ok, failed, seconds }));
}

const pinning = spawnSync('taskset', ['-c', '0', process.execPath, '-e', '0']).status === 0;

/** Runs a command pinned to one CPU when taskset is available. */
function pinned(cpu, command, args, options) {
  return pinning ? spawn('taskset', ['-c', String(cpu), command, ...args], options) : spawn(command, args, options);
}

function load(target, durationMs, maxRequests = Number.MAX_SAFE_INTEGER) {
  return new Promise((resolve, reject) => {
    const child = pinned(1, process.execPath, [SELF, '--load', target.origin, target.path, String(durationMs), String(maxRequests)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited with ${code}`))));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startReference() {
  const port = await freePort();
  const devNull = openSync('/dev/null', 'w');
  const child = pinned(0, process.execPath, [SELF, '--reference', String(port)], { stdio: ['ignore', devNull, 'inherit'], env: { ...process.env, APP_SECRET } });
  await waitReady(port, '/webhook?hub.challenge=1', child);
  return { child, origin: `http://127.0.0.1:${port}`, path: '/webhook' };
}

async function startListener() {
  const port = await freePort();
  const configDir = mkdtempSync(join(tmpdir(), 'fb3cx-bench-'));
  const devNull = openSync('/dev/null', 'w');
  const child = pinned(0, process.execPath, [BIN, 'listen', '--json', '--port', String(port), '--verify-token', VERIFY_TOKEN], {
    stdio: ['ignore', devNull, 'ignore'],
    env: { ...process.env, FB3CX_APP_SECRET: APP_SECRET, FB3CX_CONFIG_DIR: configDir, NO_COLOR: '1', CI: '1' },
  });
  await waitReady(port, `/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`, child);
  return { child, origin: `http://127.0.0.1:${port}`, path: '/webhook', cleanup: () => rmSync(configDir, { recursive: true, force: true }) };
}

/** Both servers' stdout goes to /dev/null, so readiness is their handshake answering. */
async function waitReady(port, path, child) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      await response.text();
      if (response.status === 200) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('server did not start within 10 s');
}

function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

/** User and system CPU seconds of a process so far; NaN where /proc is missing. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** taskset runs the server in its own process (exec), so the child's pid is the server's. */
function stop(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
    setTimeout(() => server.child.kill('SIGKILL'), 5000).unref();
  }).then(() => server.cleanup?.());
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function throughput() {
  const reference = await startReference();
  const fb3cx = await startListener();
  try {
    // Warm both up (JIT, connection pools) before measuring.
    await load(reference, 1000);
    await load(fb3cx, 1000);
    const ratios = [];
    const cpuRatios = [];
    const rps = { reference: [], fb3cx: [] };
    let failed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer machine.
      const order = round % 2 === 0 ? ['reference', 'fb3cx'] : ['fb3cx', 'reference'];
      const pair = {};
      const cpuPerRequest = {};
      for (const name of order) {
        const server = name === 'reference' ? reference : fb3cx;
        const cpuBefore = cpuSeconds(server.child.pid);
        const result = await load(server, ROUND_MS);
        cpuPerRequest[name] = (cpuSeconds(server.child.pid) - cpuBefore) / result.ok;
        pair[name] = result.ok / result.seconds;
        rps[name].push(pair[name]);
        failed += result.failed;
      }
      ratios.push(pair.fb3cx / pair.reference);
      cpuRatios.push(cpuPerRequest.reference / cpuPerRequest.fb3cx);
    }
    const where = pinning ? 'both servers on CPU 0, load generator on CPU 1' : 'taskset missing: not pinned, so the numbers mix in the load generator';
    console.log(
      `listen throughput: fb3cx ${Math.round(median(rps.fb3cx))} req/s vs minimal Node listener ${Math.round(median(rps.reference))} req/s (medians), ratio median ${median(ratios).toFixed(2)}, spread ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)} over ${ROUNDS} rounds of ${ROUND_MS} ms each side (target >= 0.90; ${where})`,
    );
    console.log(`  ratio of each round: ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
    if (cpuRatios.every(Number.isFinite)) {
      console.log(`  CPU time per request, reference / fb3cx: median ${median(cpuRatios).toFixed(2)}, spread ${Math.min(...cpuRatios).toFixed(2)}-${Math.max(...cpuRatios).toFixed(2)}`);
    }
    if (failed > 0) console.log(`  (non-200 or failed requests: ${failed})`);
  } finally {
    await stop(reference);
    await stop(fb3cx);
  }
}

async function memory() {
  const fb3cx = await startListener();
  try {
    const send = async (count) => {
      let sent = 0;
      while (sent < count) {
        const result = await load(fb3cx, 120_000, count - sent);
        sent += result.ok + result.failed;
        if (result.failed > 0) throw new Error(`${result.failed} requests failed during the memory run`);
      }
    };
    await send(1000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const small = rssMiB(fb3cx.child.pid);
    await send(MEMORY_EVENTS - 1000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const large = rssMiB(fb3cx.child.pid);
    console.log(`listen memory: RSS after ${MEMORY_EVENTS} events ${large.toFixed(1)} MiB vs after 1000 ${small.toFixed(1)} MiB, ratio ${(large / small).toFixed(2)} (target <= 1.20)`);
  } finally {
    await stop(fb3cx);
  }
}

async function main() {
  if (!existsSync(join(root, 'dist', 'cli.js'))) {
    console.error('dist/ is missing: run "npm run build" first.');
    process.exit(2);
  }
  await throughput();
  await memory();
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === '--load') await loadGenerator(...rest);
else if (mode === '--reference') referenceListener(Number(rest[0]));
else await main();
