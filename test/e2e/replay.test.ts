import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/core/webhook/signature.js';
import { assertClean, BIN, runCli, tempDir, type CliResult } from '../support/run-cli.js';
import { savedLines, textsOf, writeSaved } from '../support/replay.js';

const SECRET = 'e2e0replay0secret00000000000000a';
const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

type Handler = (n: number, req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean | void;

/** A local endpoint that keeps the bodies it answered 200 to; `handler` may answer instead (returns true). */
async function endpoint(handler?: Handler): Promise<{ url: string; accepted: Buffer[]; headers: IncomingMessage['headers'][]; requests: () => number }> {
  const accepted: Buffer[] = [];
  const headers: IncomingMessage['headers'][] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      n++;
      if (handler?.(n, req, res, body)) return;
      accepted.push(body);
      headers.push(req.headers);
      res.end('EVENT_RECEIVED');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, accepted, headers, requests: () => n };
}

function envFor(dir: string): Record<string, string> {
  return { FB3CX_APP_SECRET: SECRET, FB3CX_CONFIG_DIR: dir };
}

/** The CLI as a child the test can kill while it runs; `onSpawn` gets its pid. */
function spawnCli(args: string[], dir: string, onSpawn: (kill: (signal: NodeJS.Signals) => void) => void): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('FB3CX_') && key !== 'CI') env[key] = value;
  Object.assign(env, { NO_COLOR: '1', FB3CX_GRAPH_URL: 'http://127.0.0.1:9' }, envFor(dir));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode, signal });
    });
    onSpawn((signal) => child.kill(signal));
  });
}

const expectedTexts = (n: number) => Array.from({ length: n }, (_, i) => `event ${i}`);

describe('fb3cx trigger --replay', () => {
  it('sends each saved event once, in order, signed, and says so; a second run refuses to send them twice', async () => {
    const dir = tempDir();
    const file = writeSaved(join(dir, 'events.jsonl'), savedLines(20));
    const target = await endpoint();
    const result = await runCli(['trigger', '--replay', file, '--url', target.url], { env: envFor(dir), configDir: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✔ Replayed 20 events from .*events\.jsonl to http:\/\/127\.0\.0\.1:\d+\/webhook/);
    expect(textsOf(target.accepted)).toEqual(expectedTexts(20));
    target.accepted.forEach((body, i) => expect(verifySignature(body, { sha256: String(target.headers[i]?.['x-hub-signature-256']) }, SECRET).ok).toBe(true));
    expect(target.headers[0]?.['facebook-api-version']).toBe('v23.0');
    assertClean(result, [SECRET]);

    const again = await runCli(['trigger', '--replay', file, '--url', target.url], { env: envFor(dir), configDir: dir });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/20 of these 20 events were already delivered to this URL/);
    expect(again.stderr).toMatch(/--resume .* --again/);
    expect(target.accepted).toHaveLength(20);

    const resumed = await runCli(['trigger', '--replay', file, '--url', target.url, '--resume', '--json'], { env: envFor(dir), configDir: dir });
    expect(resumed.exitCode).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ ok: true, summary: { delivered: 0, alreadyDelivered: 20 } });
    expect(target.accepted).toHaveLength(20);
  });

  it('--dry-run sends nothing and records nothing', async () => {
    const dir = tempDir();
    const file = writeSaved(join(dir, 'events.jsonl'), savedLines(3));
    const target = await endpoint();
    const result = await runCli(['trigger', '--replay', file, '--url', target.url, '--dry-run'], { env: envFor(dir), configDir: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.match(/^would send {2}line \d+/gm)).toHaveLength(3);
    expect(result.stdout).toMatch(/Would send 3 events .* \(nothing sent\)/);
    const json = await runCli(['trigger', '--replay', file, '--url', target.url, '--dry-run', '--json'], { env: envFor(dir), configDir: dir });
    const doc = JSON.parse(json.stdout) as { dryRun: boolean; events: Array<{ outcome: string; payload: { entry: Array<{ messaging: Array<{ message: { text: string } }> }> } }> };
    expect(doc.dryRun).toBe(true);
    expect(doc.events.map((event) => event.payload.entry[0]?.messaging[0]?.message.text)).toEqual(expectedTexts(3));
    expect(target.requests()).toBe(0);
    expect(existsSync(`${file}.replay-state.jsonl`)).toBe(false);
  });

  it('reports lines it cannot replay with their numbers and exits 1; refuses a file that is no save file at all before sending', async () => {
    const dir = tempDir();
    const [a, b] = savedLines(2);
    const file = writeSaved(join(dir, 'events.jsonl'), [a ?? '', '{"kind":"event","type":"mess', b ?? '']);
    const target = await endpoint();
    const result = await runCli(['trigger', '--replay', file, '--url', target.url], { env: envFor(dir), configDir: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Line 2 is not a JSON line/);
    expect(result.stdout).toMatch(/1 line cannot be replayed/);
    expect(textsOf(target.accepted)).toEqual(['event 0', 'event 1']);

    const notSaved = writeSaved(join(dir, 'notes.txt'), ['hello', 'world']);
    const refused = await runCli(['trigger', '--replay', notSaved, '--url', target.url], { env: envFor(dir), configDir: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/is not a file written by fb3cx listen --save: none of its 2 lines is an event to replay \(line 1 is not JSON\)/);
    expect(target.requests()).toBe(2);
  });

  it('--since/--until pick the outage window by event time', async () => {
    const dir = tempDir();
    const start = Date.UTC(2026, 0, 1, 0, 0, 0);
    const file = writeSaved(join(dir, 'events.jsonl'), savedLines(10, start));
    const target = await endpoint();
    const result = await runCli(['trigger', '--replay', file, '--url', target.url, '--since', '2026-01-01T00:00:03Z', '--until', '2026-01-01T00:00:06Z', '--json'], { env: envFor(dir), configDir: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(textsOf(target.accepted)).toEqual(['event 3', 'event 4', 'event 5']);
    expect(JSON.parse(result.stdout)).toMatchObject({ summary: { delivered: 3, outsideWindow: 7 }, since: '2026-01-01T00:00:03.000Z' });
  });

  it('a permanent 400 is reported per event with its code and exit 1; nothing is skipped silently', async () => {
    const dir = tempDir();
    const file = writeSaved(join(dir, 'events.jsonl'), savedLines(3));
    const target = await endpoint((n, _req, res) => {
      if (n !== 2) return false;
      res.writeHead(400).end('bad payload');
      return true;
    });
    const result = await runCli(['trigger', '--replay', file, '--url', target.url, '--json'], { env: envFor(dir), configDir: dir });
    expect(result.exitCode).toBe(1);
    const doc = JSON.parse(result.stdout) as { ok: boolean; events: Array<{ outcome: string; code?: string; message?: string; status?: number }> };
    expect(doc.ok).toBe(false);
    expect(doc.events.map((event) => event.outcome)).toEqual(['delivered', 'failed', 'delivered']);
    expect(doc.events[1]).toMatchObject({ status: 400, code: 'refused', message: expect.stringMatching(/answered 400: bad payload; not retried/) });
  });

  it('after a crash in the middle, --resume delivers the rest: every event exactly once, in order', async () => {
    const dir = tempDir();
    const file = writeSaved(join(dir, 'events.jsonl'), savedLines(400));
    let kill: ((signal: NodeJS.Signals) => void) | undefined;
    // The 150th request is never answered: fb3cx dies while it is on its way.
    const target = await endpoint((n, req) => {
      if (n !== 150) return false;
      kill?.('SIGKILL');
      req.socket.destroy();
      return true;
    });
    const crashed = await spawnCli(['trigger', '--replay', file, '--url', target.url], dir, (k) => (kill = k));
    expect(crashed.signal).toBe('SIGKILL');
    expect(target.accepted.length).toBe(149);

    const resumed = await runCli(['trigger', '--replay', file, '--url', target.url, '--resume'], { env: envFor(dir), configDir: dir, timeoutMs: 60_000 });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Replayed 251 events/);
    expect(resumed.stdout).toMatch(/149 events delivered by an earlier run were skipped/);
    expect(textsOf(target.accepted)).toEqual(expectedTexts(400));
  }, 90_000);

  it('Ctrl-C stops after the event on its way, records it, exits 130; --resume sends the rest once', async () => {
    const dir = tempDir();
    const file = writeSaved(join(dir, 'events.jsonl'), savedLines(300));
    let kill: ((signal: NodeJS.Signals) => void) | undefined;
    const target = await endpoint((n) => {
      if (n === 100) kill?.('SIGINT');
      return false;
    });
    const stopped = await spawnCli(['trigger', '--replay', file, '--url', target.url], dir, (k) => (kill = k));
    expect(stopped.exitCode, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/Stopped by Ctrl-C\. What was delivered is recorded; add --resume to send the rest\./);
    const first = target.accepted.length;
    expect(first).toBeGreaterThanOrEqual(100);
    expect(first).toBeLessThan(300);
    const journal = readFileSync(`${file}.replay-state.jsonl`, 'utf8').trim().split('\n');
    expect(journal).toHaveLength(first + 1);

    const resumed = await runCli(['trigger', '--replay', file, '--url', target.url, '--resume'], { env: envFor(dir), configDir: dir, timeoutMs: 60_000 });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(textsOf(target.accepted)).toEqual(expectedTexts(300));
  }, 90_000);

  it('without --url and no configured 3CX webhook URL it says what to give', async () => {
    const dir = tempDir();
    const file = writeSaved(join(dir, 'events.jsonl'), savedLines(1));
    const missing = await runCli(['trigger', '--replay', file], { env: envFor(dir), configDir: dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/--replay needs the URL to send the events to\./);
  });
});
