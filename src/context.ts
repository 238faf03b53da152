import { Output, type WritableLike } from './io/output.js';
import { inquirerPrompter, nonInteractivePrompter, type Prompter } from './io/prompts.js';
import { SecretRegistry } from './core/secrets.js';
import type { TerminalWrap } from './core/wrap-types.js';
import type { ConfigReader, ConfigStore } from './io/config.js';
import type { Session, SessionRequest } from './session.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface ReadableLike extends NodeJS.ReadableStream {
  isTTY?: boolean | undefined;
}

/**
 * Everything a command may touch outside its own logic comes through here, so tests pass plain
 * fakes instead of mocking modules.
 */
export interface AppContext {
  env: NodeJS.ProcessEnv;
  out: Output;
  stdin: ReadableLike;
  prompt: Prompter;
  clock: Clock;
  random: () => number;
  /** Cryptographically strong bytes (verify tokens). */
  randomBytes(size: number): Uint8Array;
  platform: NodeJS.Platform;
  /** The global options of this run (--profile, --sandbox, --graph-version, ...). */
  globals: GlobalOptions;
  /** The profiles on disk, to read and change, opened on first use and once. */
  configStore(): Promise<ConfigStore>;
  /** The profiles on disk, only to read (no writer library loaded). */
  configReader(): Promise<ConfigReader>;
  /**
   * Stdin secrets, the sandbox, the profile, the resolved settings and the Graph client, built
   * in one place (src/session.ts) on first use; one session per command run.
   */
  session(request: SessionRequest): Promise<Session>;
  /** Opens a URL in the browser; resolves false when no browser could be started. */
  openUrl(url: string): Promise<boolean>;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /**
   * A long-running command (listen) registers how to stop gracefully on the first Ctrl-C; a
   * command that registers nothing is cut short with exit 130.
   */
  onInterrupt(handler: () => void): void;
  cwd: string;
}

export interface GlobalOptions {
  profile?: string;
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
  sandbox?: string | boolean;
  graphVersion?: string;
  yes?: boolean;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Why prompting is impossible right now, or undefined when a person can be asked. */
export function whyNoPrompt(options: { env: NodeJS.ProcessEnv; stdin: ReadableLike; stderr: WritableLike; json?: boolean; yes?: boolean }): string | undefined {
  if (options.json) return '--json was given';
  if (options.yes) return '--yes was given';
  if (options.env.CI && options.env.CI !== 'false' && options.env.CI !== '0') return 'CI is set';
  if (!options.stdin.isTTY) return 'standard input is not a terminal';
  if (!options.stderr.isTTY) return 'the terminal is not interactive';
  return undefined;
}

export interface ProcessContextOptions {
  globals: GlobalOptions;
  signal: AbortSignal;
  stdin?: ReadableLike;
  stdout?: WritableLike;
  stderr?: WritableLike;
  env?: NodeJS.ProcessEnv;
  onInterrupt?: (handler: () => void) => void;
  /** The terminal wrapper (core/wrap.ts), when a stream is a terminal; see Output. */
  wrap?: TerminalWrap | undefined;
  /** Fakes for tests; the real ones otherwise. */
  prompt?: Prompter;
  clock?: Clock;
  random?: () => number;
  randomBytes?: (size: number) => Uint8Array;
  platform?: NodeJS.Platform;
  openUrl?: (url: string) => Promise<boolean>;
  cwd?: string;
}

export function createProcessContext(options: ProcessContextOptions): AppContext {
  const env = options.env ?? process.env;
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const out = new Output({
    stdout,
    stderr,
    env,
    colorFlag: options.globals.color,
    json: options.globals.json,
    verbose: options.globals.verbose,
    secrets: new SecretRegistry(),
    wrap: options.wrap,
  });
  const reason = whyNoPrompt({ env, stdin, stderr, json: options.globals.json, yes: options.globals.yes });
  const prompt =
    options.prompt ?? (reason ? nonInteractivePrompter(reason) : inquirerPrompter({ input: stdin, output: stderr as NodeJS.WritableStream }, options.signal));
  let store: Promise<ConfigStore> | undefined;
  let session: Promise<Session> | undefined;
  const ctx: AppContext = {
    env,
    out,
    stdin,
    prompt,
    clock: options.clock ?? realClock,
    random: options.random ?? Math.random,
    // Web Crypto is global in every supported Node; node:crypto would load on every run instead of on use.
    randomBytes: options.randomBytes ?? ((size) => crypto.getRandomValues(new Uint8Array(size))),
    platform: options.platform ?? process.platform,
    globals: options.globals,
    signal: options.signal,
    onInterrupt: options.onInterrupt ?? (() => {}),
    cwd: options.cwd ?? process.cwd(),
    openUrl: options.openUrl ?? openInBrowser,
    configStore: () => (store ??= import('./io/config.js').then(({ openConfigStore }) => openConfigStore(env))),
    // Once the store is open, it reads as well; otherwise reading needs no writer.
    configReader: () => store ?? import('./io/config.js').then(({ openConfigReader }) => openConfigReader(env)),
    session: (request) => (session ??= import('./session.js').then(({ openSession }) => openSession(ctx, request))),
  };
  return ctx;
}

async function openInBrowser(url: string): Promise<boolean> {
  try {
    const { default: open } = await import('open');
    const child = await open(url, { wait: false });
    child.on('error', () => {});
    return true;
  } catch {
    return false;
  }
}
