import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const BIN = fileURLToPath(new URL('../../bin/fb3cx.js', import.meta.url));

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /** A fresh FB3CX_CONFIG_DIR is made per run unless one is given. */
  configDir?: string;
  timeoutMs?: number;
  cwd?: string;
}

const made: string[] = [];
// The folders a test file made go when the file is done: thousands of runs otherwise leave
// thousands of folders behind in the temporary directory.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'fb3cx-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Spawns bin/fb3cx.js as a user would: no colour, no CI variables leaking in from the host,
 * a private config folder, and the Graph API pointed at a closed port so nothing ever leaves
 * the machine by accident.
 */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // The machine's locale must not choose the language of the output a test reads.
    if (value !== undefined && !key.startsWith('FB3CX_') && !['CI', 'FORCE_COLOR', 'LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE'].includes(key)) env[key] = value;
  }
  env.NO_COLOR = '1';
  env.FB3CX_CONFIG_DIR = options.configDir ?? tempDir();
  env.FB3CX_GRAPH_URL = 'http://127.0.0.1:9';
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode, signal });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** Asserts helpers shared by e2e tests: no stack trace and no secret in any output. */
export function assertClean(result: CliResult, secrets: string[] = []): void {
  const all = `${result.stdout}\n${result.stderr}`;
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(all) || /\bat [A-Za-z.<>]+ \(file:/.test(all)) {
    throw new Error(`output contains a stack trace:\n${all}`);
  }
  for (const secret of secrets) {
    if (secret && all.includes(secret)) throw new Error('output contains a secret');
  }
}
