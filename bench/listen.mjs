#!/usr/bin/env node
// Benchmark for `fb3cx listen` (issue 3), run after `npm run build`: node bench/listen.mjs
//
// 1. Throughput and p99 latency of `fb3cx listen --json` (signature checking on, stdout to
//    /dev/null) against a bare node:http server that reads the body and answers 200, under the
//    same concurrent signed POSTs from an in-process undici Pool, measured side by side in
//    alternating rounds. Target: ratio >= 0.70.
// 2. Resident memory (VmRSS from /proc, or `ps` elsewhere) of a fresh listener after 1,000 and
//    after 100,000 events. Target: ratio <= 1.20.
// Loopback only, bounded in count and time. Prints ratios, never pass/fail on absolute time.
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin', 'fb3cx.js');
const APP_SECRET = 'bench0app0secret0000000000000000';
const VERIFY_TOKEN = 'bench-verify-token';
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const MEMORY_EVENTS = Number(process.env.BENCH_MEMORY_EVENTS ?? 100_000);

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('dist/ is missing: run "npm run build" first.');
  process.exit(2);
}

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

const BARE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { Buffer.concat(chunks); res.writeHead(200, { 'content-type': 'text/plain' }); res.end('EVENT_RECEIVED'); });
}).listen(Number(process.argv[1]), '127.0.0.1');
`;

async function startBare() {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_SERVER, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitReady(port, '/', child);
  return { child, origin: `http://127.0.0.1:${port}`, path: '/' };
}

async function startListener() {
  const port = await freePort();
  const configDir = mkdtempSync(join(tmpdir(), 'fb3cx-bench-'));
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(process.execPath, [BIN, 'listen', '--json', '--port', String(port), '--verify-token', VERIFY_TOKEN], {
    stdio: ['ignore', devNull, 'ignore'],
    env: { ...process.env, FB3CX_APP_SECRET: APP_SECRET, FB3CX_CONFIG_DIR: configDir, NO_COLOR: '1', CI: '1' },
  });
  await waitReady(port, `/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`, child);
  return { child, origin: `http://127.0.0.1:${port}`, path: '/webhook', cleanup: () => rmSync(configDir, { recursive: true, force: true }) };
}

/** The listener's ready line goes to /dev/null with the rest, so readiness is its handshake answering. */
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

async function load(target, durationMs, maxRequests = Infinity) {
  const pool = new Pool(target.origin, { connections: CONCURRENCY, pipelining: 1 });
  const latencies = [];
  let ok = 0;
  let failed = 0;
  let issued = 0;
  const end = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < end && issued < maxRequests) {
      issued++;
      const t0 = performance.now();
      try {
        const response = await pool.request({
          method: 'POST',
          path: target.path,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          body,
        });
        await response.body.dump();
        if (response.statusCode === 200) ok++;
        else failed++;
      } catch {
        failed++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { ok, failed, seconds, latencies };
}

function p99(values) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))];
}

function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

function stop(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
    setTimeout(() => server.child.kill('SIGKILL'), 5000).unref();
  }).then(() => server.cleanup?.());
}

async function throughput() {
  const bare = await startBare();
  const fb3cx = await startListener();
  try {
    // Warm both up (JIT, connection pools) before measuring.
    await load(bare, 500);
    await load(fb3cx, 500);
    const roundRatios = [];
    const totals = { bare: { ok: 0, failed: 0, seconds: 0, latencies: [] }, fb3cx: { ok: 0, failed: 0, seconds: 0, latencies: [] } };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so neither side always runs on a warmer machine.
      const order = round % 2 === 0 ? ['bare', 'fb3cx'] : ['fb3cx', 'bare'];
      const roundRps = {};
      for (const name of order) {
        const result = await load(name === 'bare' ? bare : fb3cx, ROUND_MS);
        roundRps[name] = result.ok / result.seconds;
        const total = totals[name];
        total.ok += result.ok;
        total.failed += result.failed;
        total.seconds += result.seconds;
        for (const value of result.latencies) total.latencies.push(value);
      }
      roundRatios.push(roundRps.fb3cx / roundRps.bare);
    }
    const rps = (t) => t.ok / t.seconds;
    const ratio = rps(totals.fb3cx) / rps(totals.bare);
    console.log(
      `listen throughput: fb3cx ${Math.round(rps(totals.fb3cx))} req/s vs bare node:http ${Math.round(rps(totals.bare))} req/s, ratio ${ratio.toFixed(2)} (target >= 0.70); p99 fb3cx ${p99(totals.fb3cx.latencies).toFixed(2)} ms / bare ${p99(totals.bare.latencies).toFixed(2)} ms`,
    );
    // This VM's speed drifts between seconds, so show how far the back-to-back pairs spread.
    console.log(`  ratio of each back-to-back pair (${ROUNDS} x ${ROUND_MS} ms each side): ${roundRatios.map((r) => r.toFixed(2)).join(' ')}`);
    if (totals.fb3cx.failed + totals.bare.failed > 0) console.log(`  (non-200 or failed requests: fb3cx ${totals.fb3cx.failed}, bare ${totals.bare.failed})`);
  } finally {
    await stop(bare);
    await stop(fb3cx);
  }
}

async function memory() {
  const fb3cx = await startListener();
  try {
    const send = async (count) => {
      let sent = 0;
      while (sent < count) {
        const result = await load(fb3cx, 60_000, count - sent);
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
    console.log(
      `listen memory: RSS after ${MEMORY_EVENTS} events ${large.toFixed(1)} MiB vs after 1000 ${small.toFixed(1)} MiB, ratio ${(large / small).toFixed(2)} (target <= 1.20)`,
    );
  } finally {
    await stop(fb3cx);
  }
}

await throughput();
await memory();
