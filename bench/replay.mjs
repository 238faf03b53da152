#!/usr/bin/env node
// Benchmark for `fb3cx trigger --replay`, run after `npm run build`: node bench/replay.mjs
//
// Writes 10,000 events as `fb3cx listen --save` writes them, replays them with the built CLI to
// a recording endpoint on 127.0.0.1 (a separate process, so the two do not share one event
// loop), and reports events per second, and whether every event arrived once and in order.
// The figure is >= 1,000 events/s with 0 lost or duplicated. Loopback only.
//
// The same file is the recording endpoint: node bench/replay.mjs --record <port-file>
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const BIN = join(root, 'bin', 'fb3cx.js');
const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 10_000);
const APP_SECRET = 'bench0app0secret0000000000000000';

if (process.argv[2] === '--record') {
  // Keeps the text of every event in arrival order; prints them when stdin closes.
  const texts = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      texts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).entry[0].messaging[0].message.text);
      res.end('EVENT_RECEIVED');
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
  process.stdin.on('end', () => {
    process.stdout.write(`${JSON.stringify(texts)}\n`);
    process.exit(0);
  });
  process.stdin.resume();
} else {
  const dir = mkdtempSync(join(tmpdir(), 'fb3cx-bench-replay-'));
  try {
    const start = 1767225600000;
    const lines = [];
    for (let i = 0; i < EVENTS; i++) {
      const timestamp = start + i * 1000;
      const raw = { sender: { id: '2222222222222222' }, recipient: { id: '111111111111111' }, timestamp, message: { mid: `m_bench_${i}`, text: `event ${i}` } };
      lines.push(JSON.stringify({ kind: 'event', type: 'message', pageId: '111111111111111', senderId: '2222222222222222', recipientId: '111111111111111', timestamp, mid: raw.message.mid, text: raw.message.text, verified: true, signature: 'sha256', standby: false, receivedAt: timestamp + 40, apiVersion: 'v23.0', profile: undefined, raw }));
    }
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const recorder = spawn(process.execPath, [SELF, '--record'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    recorder.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    while (!output.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
    const port = Number(output.split('\n')[0]);

    const env = { ...process.env, NO_COLOR: '1', FB3CX_CONFIG_DIR: dir, FB3CX_APP_SECRET: APP_SECRET };
    delete env.CI;
    const started = performance.now();
    const cli = spawn(process.execPath, [BIN, 'trigger', '--replay', file, '--url', `http://127.0.0.1:${port}/webhook`, '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let json = '';
    cli.stdout.setEncoding('utf8').on('data', (chunk) => (json += chunk));
    const exitCode = await new Promise((resolve) => cli.on('close', resolve));
    const wall = (performance.now() - started) / 1000;
    const done = new Promise((resolve) => recorder.on('close', resolve));
    recorder.stdin.end();
    await done;
    const texts = JSON.parse(output.split('\n')[1] ?? '[]');
    const summary = JSON.parse(json).summary;
    const expected = Array.from({ length: EVENTS }, (_, i) => `event ${i}`);
    const inOrder = texts.length === expected.length && texts.every((text, i) => text === expected[i]);
    const duplicated = texts.length - new Set(texts).size;
    const lost = expected.length - new Set(texts).size;
    console.log(`trigger --replay of ${EVENTS.toLocaleString('en-US')} saved events to a local endpoint (exit ${exitCode})`);
    console.log(`  sending                           ${summary.eventsPerSecond} events/s (${summary.seconds} s)   must be >= 1000`);
    console.log(`  whole run, start-up included      ${Math.round(EVENTS / wall)} events/s (${wall.toFixed(2)} s)`);
    console.log(`  arrived ${texts.length}, lost ${lost}, duplicated ${duplicated}, in order: ${inOrder ? 'yes' : 'NO'}   must be 0, 0, yes`);
    if (exitCode !== 0 || !inOrder || lost !== 0 || duplicated !== 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
