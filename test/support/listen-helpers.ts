import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect } from 'node:net';
import { BIN, tempDir } from './run-cli.js';

/** A running `fb3cx listen` child whose stdout JSON lines are collected as they arrive. */
export interface ListenProcess {
  child: ChildProcessWithoutNullStreams;
  lines: Array<Record<string, unknown>>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first line matching, waiting as long as needed (the test timeout bounds it). */
  waitFor(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  waitForStderr(pattern: RegExp): Promise<void>;
  exited: Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>;
}

export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('FB3CX_') && key !== 'CI' && key !== 'FORCE_COLOR') env[key] = value;
  }
  env.NO_COLOR = '1';
  env.FB3CX_CONFIG_DIR = tempDir();
  env.FB3CX_GRAPH_URL = 'http://127.0.0.1:9';
  // Never ask a real ngrok agent on this machine.
  env.FB3CX_NGROK_API = 'http://127.0.0.1:9';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function startListen(args: string[], env: Record<string, string | undefined> = {}, input?: string): ListenProcess {
  const child = spawn(process.execPath, [BIN, 'listen', ...args], { env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let partial = '';
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    partial += chunk;
    let newline = partial.indexOf('\n');
    while (newline !== -1) {
      const text = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      if (text.trim().startsWith('{')) {
        try {
          lines.push(JSON.parse(text) as Record<string, unknown>);
        } catch {
          lines.push({ kind: 'unparsable', text });
        }
      }
      newline = partial.indexOf('\n');
    }
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    wake();
  });
  const exited = new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (exitCode, signal) => {
      wake();
      resolve({ exitCode, signal });
    });
  });
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  let closed = false;
  void exited.then(() => {
    closed = true;
  });
  const waitUntil = async (check: () => boolean, what: string) => {
    while (!check()) {
      if (closed) throw new Error(`listen exited before ${what}.\nstdout:\n${out}\nstderr:\n${err}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return {
    child,
    lines,
    stdout: () => out,
    stderr: () => err,
    async waitFor(predicate) {
      let found: Record<string, unknown> | undefined;
      await waitUntil(() => (found = lines.find(predicate)) !== undefined, 'the expected line');
      return found as Record<string, unknown>;
    },
    async waitForStderr(pattern) {
      await waitUntil(() => pattern.test(err), `stderr matched ${pattern}`);
    },
    exited,
    async stop(signal = 'SIGINT') {
      if (!closed) child.kill(signal);
      return exited;
    },
  };
}

export async function readyUrl(listen: ListenProcess): Promise<string> {
  const ready = await listen.waitFor((line) => line.kind === 'ready');
  return String(ready.url);
}

/** What a raw exchange sends: bytes, or a pause in ms between them. */
export type RawPart = string | Buffer | number;

/**
 * Writes the parts to a fresh TCP connection on 127.0.0.1 (pausing at numbers), then ends or
 * resets it if asked, and resolves with everything the server sent back (latin1) once the
 * connection closes or fails. `guardMs` is only a safety net against a hung test.
 */
export function rawExchange(port: number, parts: readonly RawPart[], options: { after?: 'end' | 'reset'; guardMs: number }): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      socket.destroy();
      resolve(data);
    };
    const guard = setTimeout(finish, options.guardMs);
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString('latin1');
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', async () => {
      for (const part of parts) {
        if (typeof part === 'number') await new Promise((r) => setTimeout(r, part));
        else if (!socket.destroyed) socket.write(part);
      }
      if (socket.destroyed) return;
      if (options.after === 'reset') socket.resetAndDestroy();
      if (options.after === 'end') socket.end();
    });
  });
}
