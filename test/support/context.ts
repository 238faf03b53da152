import { Readable } from 'node:stream';
import { createProcessContext, type AppContext, type Clock, type GlobalOptions } from '../../src/context.js';
import { nonInteractivePrompter, type Prompter } from '../../src/io/prompts.js';
import { tempDir } from './run-cli.js';

export interface FakeContextOptions {
  env?: NodeJS.ProcessEnv;
  globals?: GlobalOptions;
  prompter?: Prompter;
  openResult?: boolean;
  /** Text piped to standard input (not a terminal). */
  stdin?: string;
  clock?: Clock;
  randomBytes?: (size: number) => Uint8Array;
  platform?: NodeJS.Platform;
}

export interface FakeContext {
  ctx: AppContext;
  env: NodeJS.ProcessEnv;
  opened: string[];
  stdout(): string;
  stderr(): string;
}

/**
 * A command's context in-process, with plain fakes for the terminal, the browser and the prompts;
 * the session and config store are the real ones (over a temporary config folder).
 */
export function fakeContext(options: FakeContextOptions = {}): FakeContext {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const opened: string[] = [];
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', FB3CX_CONFIG_DIR: tempDir(), FB3CX_GRAPH_URL: 'http://127.0.0.1:9', ...options.env };
  const ctx = createProcessContext({
    globals: options.globals ?? {},
    signal: new AbortController().signal,
    env,
    stdin: Object.assign(Readable.from(options.stdin === undefined ? [] : [options.stdin]), { isTTY: false }),
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    prompt: options.prompter ?? nonInteractivePrompter('standard input is not a terminal'),
    random: () => 0.5,
    openUrl: async (url) => {
      opened.push(url);
      return options.openResult ?? true;
    },
    cwd: tempDir(),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.randomBytes ? { randomBytes: options.randomBytes } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
  });
  return { ctx, env, opened, stdout: () => stdout.join(''), stderr: () => stderr.join('') };
}

/** A prompter that answers from a script and records what it was asked. */
export function scriptedPrompter(answers: string[]) {
  const asked: Array<{ kind: string; message: string; rejected: string[] }> = [];
  const next = (kind: string, message: string, validate?: (value: string) => string | true) => {
    const entry = { kind, message, rejected: [] as string[] };
    asked.push(entry);
    for (;;) {
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`no scripted answer for "${message}"`);
      const verdict = validate ? validate(answer) : true;
      if (verdict === true) return answer;
      entry.rejected.push(verdict);
    }
  };
  const prompter: Prompter = {
    interactive: true,
    input: async ({ message, validate }) => next('input', message, validate),
    password: async ({ message, validate }) => next('password', message, validate),
    confirm: async () => true,
    select: async ({ choices }) => {
      const first = choices[0];
      if (!first) throw new Error('no choices');
      return first.value;
    },
  };
  return { prompter, asked };
}
