import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BIN, tempDir } from './run-cli.js';

/**
 * A pseudo-terminal driver for e2e tests of interactive commands. util-linux `script` allocates a
 * real pty and runs the command inside it while the test talks to `script` over pipes, so the
 * CLI sees a TTY on stdin, stdout and stderr (raw-mode prompts, Ctrl-C as a key) exactly as a
 * person's terminal would give it.
 *
 * Expect-style: `expect()` waits for a pattern in the output printed since the previous match
 * (ANSI codes stripped, never a fixed sleep), then the test `send()`s keys.
 */

export const KEYS = {
  enter: '\r',
  ctrlC: '\x03',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  backspace: '\x7f',
  tab: '\t',
} as const;

/** True when util-linux `script` is installed (tests skip otherwise). */
export const hasScript: boolean = (() => {
  try {
    return spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  } catch {
    return false;
  }
})();

// CSI (with private markers), OSC (BEL or ST terminated) and two-character escapes.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '').replace(/\r/g, '');
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface PtyOptions {
  /** Extra environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** FB3CX_CONFIG_DIR; a fresh temp dir unless given. */
  configDir?: string;
  cwd?: string;
  /** Terminal size inside the pty. */
  columns?: number;
  rows?: number;
  /** Kills the session after this long (the test then fails on its exit). */
  overallTimeoutMs?: number;
  /** Default wait for expect(). */
  expectTimeoutMs?: number;
}

export interface PtySession {
  /** Everything printed so far, ANSI stripped. */
  output(): string;
  /** Output since the last match. */
  pending(): string;
  /** Waits for the pattern in the output after the previous match; returns the matched text. */
  expect(pattern: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Writes keys to the terminal (KEYS.enter, KEYS.ctrlC, plain text...). */
  send(keys: string): void;
  /** Types a line and presses Enter. */
  line(text: string): void;
  /** Resolves with the exit code once the command ended. */
  exit(timeoutMs?: number): Promise<number | null>;
  kill(): void;
  readonly configDir: string;
}

/**
 * Runs any command line in a pty. `argv[0]` is the program; arguments are shell-quoted for
 * `script -c`. The environment is the test runner's without FB3CX_*, CI and FORCE_COLOR.
 */
export function spawnPty(argv: string[], options: PtyOptions = {}): PtySession {
  const configDir = options.configDir ?? tempDir();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('FB3CX_') && key !== 'CI' && key !== 'FORCE_COLOR') env[key] = value;
  }
  Object.assign(env, { NO_COLOR: '1', TERM: 'xterm-256color', FB3CX_CONFIG_DIR: configDir, FB3CX_GRAPH_URL: 'http://127.0.0.1:9' });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const columns = options.columns ?? 160;
  const rows = options.rows ?? 50;
  const command = `stty cols ${columns} rows ${rows} 2>/dev/null; exec ${argv.map(shellQuote).join(' ')}`;
  const child: ChildProcessWithoutNullStreams = spawn('script', ['-qfec', command, '/dev/null'], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });

  let raw = '';
  let mark = 0;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolve(exitCode);
      for (const listener of [...listeners]) listener();
    });
  });
  const overall = setTimeout(() => child.kill('SIGKILL'), options.overallTimeoutMs ?? 120_000);
  overall.unref();
  void exited.then(() => clearTimeout(overall));

  const text = () => stripAnsi(raw);
  const session: PtySession = {
    configDir,
    output: text,
    pending: () => text().slice(mark),
    expect(pattern, timeoutMs = options.expectTimeoutMs ?? 20_000) {
      const find = (): string | undefined => {
        const all = text();
        const rest = all.slice(mark);
        if (typeof pattern === 'string') {
          const at = rest.indexOf(pattern);
          if (at === -1) return undefined;
          mark += at + pattern.length;
          return pattern;
        }
        const flags = pattern.flags.replace('g', '');
        const match = new RegExp(pattern.source, flags).exec(rest);
        if (!match) return undefined;
        mark += match.index + match[0].length;
        return match[0];
      };
      return new Promise<string>((resolve, reject) => {
        const immediate = find();
        if (immediate !== undefined) return resolve(immediate);
        const fail = (why: string) => {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`${why} waiting for ${String(pattern)}.\n--- output since the last match ---\n${text().slice(mark)}\n--- end ---`));
        };
        const timer = setTimeout(() => fail(`Timed out after ${timeoutMs} ms`), timeoutMs);
        const check = () => {
          const found = find();
          if (found !== undefined) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          } else if (exitCode !== undefined) {
            fail(`The command exited (code ${exitCode})`);
          }
        };
        listeners.add(check);
      });
    },
    send(keys) {
      child.stdin.write(keys);
    },
    line(input) {
      child.stdin.write(`${input}${KEYS.enter}`);
    },
    exit(timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`The command did not exit within ${timeoutMs} ms.\n${text().slice(-3000)}`)), timeoutMs);
        void exited.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    },
    kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
    },
  };
  return session;
}

/** `fb3cx <args>` in a pty. */
export function spawnFb3cxPty(args: string[], options: PtyOptions = {}): PtySession {
  return spawnPty([process.execPath, BIN, ...args], options);
}
