import { Chalk, type ChalkInstance } from 'chalk';
import { SecretRegistry } from '../core/secrets.js';
import type { JsonDocument, Presenter, Screen } from '../commands/types.js';

export interface WritableLike {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface OutputOptions {
  stdout: WritableLike;
  stderr: WritableLike;
  env: NodeJS.ProcessEnv;
  /** false when --no-color was given. */
  colorFlag?: boolean | undefined;
  json?: boolean | undefined;
  verbose?: boolean | undefined;
  secrets?: SecretRegistry | undefined;
}

/**
 * Colour follows the usual conventions: --no-color, NO_COLOR (any non-empty value) and TERM=dumb
 * switch it off; FORCE_COLOR (other than 0) switches it on; otherwise only a TTY gets colour.
 */
export function decideColor(stream: WritableLike, env: NodeJS.ProcessEnv, colorFlag?: boolean): boolean {
  if (colorFlag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * The one place that writes. stdout carries results (text or JSON), stderr carries everything
 * meant for people. Every write is scrubbed of known secrets (`raw` by its producer).
 */
export class Output {
  readonly style: ChalkInstance;
  readonly errStyle: ChalkInstance;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly secrets: SecretRegistry;
  readonly stdout: WritableLike;
  readonly stderr: WritableLike;

  constructor(options: OutputOptions) {
    this.stdout = options.stdout;
    this.stderr = options.stderr;
    this.json = options.json ?? false;
    this.verbose = options.verbose ?? false;
    this.secrets = options.secrets ?? new SecretRegistry();
    this.style = new Chalk({ level: decideColor(options.stdout, options.env, options.colorFlag) ? 1 : 0 });
    this.errStyle = new Chalk({ level: decideColor(options.stderr, options.env, options.colorFlag) ? 1 : 0 });
  }

  get stderrIsTTY(): boolean {
    return this.stderr.isTTY === true;
  }

  get screen(): Screen {
    return { style: this.style, errStyle: this.errStyle, columns: this.stdout.isTTY ? (this.stdout.columns ?? 100) : undefined };
  }

  /**
   * A command's result through its presenter: the JSON document under --json, the human lines
   * otherwise, then the notes. Only cli.ts calls this, once per run.
   */
  present<R, D extends JsonDocument>(presenter: Presenter<R, D>, result: R): void {
    const screen = this.screen;
    const secrets = presenter.shows ? this.secrets.except(presenter.shows(result)) : this.secrets;
    if (this.json) {
      this.stdout.write(`${JSON.stringify(presenter.json(result), secrets.jsonReplacer, 2)}\n`);
    } else {
      for (const line of presenter.human(result, screen)) {
        if (typeof line === 'string') this.stdout.write(`${secrets.scrub(line)}\n`);
        else this.info(line.stderr);
      }
    }
    for (const note of presenter.notes?.(result, screen) ?? []) this.info(note);
  }

  /** A line (or block) of result text on stdout. */
  result(text: string): void {
    this.stdout.write(`${this.secrets.scrub(text)}\n`);
  }

  /** One JSON document on stdout. */
  resultJson(value: unknown, pretty = true): void {
    this.stdout.write(`${JSON.stringify(value, this.secrets.jsonReplacer, pretty ? 2 : undefined)}\n`);
  }

  /**
   * Text on stdout exactly as given, without a trailing newline being added: its producer has
   * scrubbed fb3cx's secrets from it already, value by value (listen's lines, whose events hold
   * what a Facebook user wrote and must not be rewritten).
   */
  raw(text: string): void {
    this.stdout.write(text);
  }

  info(text: string): void {
    this.stderr.write(`${this.secrets.scrub(text)}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`${this.errStyle.yellow('!')} ${this.secrets.scrub(text)}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${this.errStyle.red('✖')} ${this.secrets.scrub(text)}\n`);
  }

  debug(text: string): void {
    if (this.verbose) this.stderr.write(`${this.errStyle.dim(`[debug] ${this.secrets.scrub(text)}`)}\n`);
  }
}
