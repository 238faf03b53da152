import { Chalk, type ChalkInstance } from 'chalk';
import { SecretRegistry } from '../core/secrets.js';
import { terminalColumns } from '../core/text.js';
import { MIN_WRAP_COLUMNS, type TerminalWrap } from '../core/wrap-types.js';
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
  /**
   * Wrapping to the terminal's width (core/wrap.ts, loaded only when a stream is a terminal, since
   * its width tables cost start-up); without it nothing is wrapped.
   */
  wrap?: TerminalWrap | undefined;
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
 * Characters that make a terminal do something instead of showing text: C0 controls but tab and
 * line feed (ESC starts cursor moves, title changes, clipboard writes; BEL rings; CR overwrites
 * the line), DEL, C1 controls (0x9B is a one-byte CSI on some terminals), and the bidi
 * formatting characters that make a line read differently from its bytes (U+202E and friends).
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * fb3cx's own colours (chalk's SGR sequences), left alone in a stream that has colour. Conceal
 * (8) is not among them, so nothing can hide the text around it.
 */
const OWN_SGR = /(\u001b\[(?:[0-79]|\d\d\d?)m)/;

/** `\u001b` for ESC: what the character is, in letters that cannot act on the terminal. */
function escapeCharacter(char: string): string {
  return `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/**
 * Text from input, Meta or a Facebook user, made safe to show on a terminal: every unsafe
 * character is shown as its escape, so a person sees what was there and nothing acts on the
 * terminal. Where the stream has colour, fb3cx's own colour codes pass.
 */
export function terminalSafe(text: string, colour: boolean): string {
  if (!colour) return text.replace(UNSAFE, escapeCharacter);
  return text
    .split(OWN_SGR)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(UNSAFE, escapeCharacter)))
    .join('');
}

/**
 * A JSON document made safe for a terminal without changing what it means: JSON.stringify
 * already escapes C0, and the others (DEL, C1, bidi) can only stand inside strings, where
 * `\u202e` is the same character to every JSON reader. So `fb3cx verify --json` shown raw in a
 * terminal cannot act on it, and `| jq` reads the same values.
 */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE, escapeCharacter);
}

/** Columns to wrap human text at on this stream; undefined when it is not a terminal. */
function wrapColumns(stream: WritableLike): number | undefined {
  if (stream.isTTY !== true || stream.columns === undefined || stream.columns < MIN_WRAP_COLUMNS) return undefined;
  return stream.columns;
}

/**
 * The one place that writes. stdout carries results (text or JSON), stderr carries everything
 * meant for people. Every write is scrubbed of known secrets (JSON value by value, `raw` by its
 * producer); human text is then made safe for a terminal (and messages on stderr wrapped to its
 * width), JSON made safe without changing its values.
 */
export class Output {
  readonly style: ChalkInstance;
  readonly errStyle: ChalkInstance;
  readonly json: boolean;
  readonly verbose: boolean;
  readonly secrets: SecretRegistry;
  readonly stdout: WritableLike;
  readonly stderr: WritableLike;
  private readonly wrap: TerminalWrap | undefined;

  constructor(options: OutputOptions) {
    this.stdout = options.stdout;
    this.stderr = options.stderr;
    this.json = options.json ?? false;
    this.verbose = options.verbose ?? false;
    this.secrets = options.secrets ?? new SecretRegistry();
    this.wrap = options.wrap;
    this.style = new Chalk({ level: decideColor(options.stdout, options.env, options.colorFlag) ? 1 : 0 });
    this.errStyle = new Chalk({ level: decideColor(options.stderr, options.env, options.colorFlag) ? 1 : 0 });
  }

  get stderrIsTTY(): boolean {
    return this.stderr.isTTY === true;
  }

  get screen(): Screen {
    // A terminal that reports 0 columns (some CI and `docker exec -t` ones) has no usable width.
    const columns = this.stdout.columns === undefined ? 100 : terminalColumns(this.stdout.columns);
    return { style: this.style, errStyle: this.errStyle, columns: this.stdout.isTTY ? columns : undefined, wrap: this.wrap?.wrapText };
  }

  /**
   * A command's result through its presenter: the JSON document under --json, the human lines
   * otherwise, then the notes. Only cli.ts calls this, once per run.
   */
  present<R, D extends JsonDocument>(presenter: Presenter<R, D>, result: R): void {
    const screen = this.screen;
    const secrets = presenter.shows ? this.secrets.except(presenter.shows(result)) : this.secrets;
    if (this.json) {
      this.stdout.write(`${jsonSafe(JSON.stringify(presenter.json(result), secrets.jsonReplacer, 2))}\n`);
    } else {
      for (const line of presenter.human(result, screen)) {
        if (typeof line === 'string') this.stdout.write(`${this.forStdout(secrets.scrub(line))}\n`);
        else this.info(line.stderr);
      }
    }
    for (const note of presenter.notes?.(result, screen) ?? []) this.info(note);
  }

  /** A line (or block) of result text on stdout. */
  result(text: string): void {
    this.stdout.write(`${this.forStdout(this.secrets.scrub(text))}\n`);
  }

  /** One JSON document on stdout. */
  resultJson(value: unknown, pretty = true): void {
    this.stdout.write(`${jsonSafe(JSON.stringify(value, this.secrets.jsonReplacer, pretty ? 2 : undefined))}\n`);
  }

  /**
   * Text on stdout as it is, without a newline added or wrapping: listen's lines (JSON or text),
   * whose producer has scrubbed fb3cx's secrets from them value by value (an event holds what a
   * Facebook user wrote and is never rewritten), and a review piece meant for copying. Made safe
   * for a terminal all the same; in JSON lines that changes no value (see jsonSafe).
   */
  raw(text: string): void {
    this.stdout.write(terminalSafe(text, this.style.level > 0));
  }

  info(text: string): void {
    this.stderr.write(`${this.forStderr(this.secrets.scrub(text))}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`${this.errStyle.yellow('!')} ${this.forStderr(this.secrets.scrub(text), 2)}\n`);
  }

  error(text: string): void {
    this.stderr.write(`${this.errStyle.red('✖')} ${this.forStderr(this.secrets.scrub(text), 2)}\n`);
  }

  debug(text: string): void {
    if (this.verbose) this.stderr.write(`${this.errStyle.dim(`[debug] ${terminalSafe(this.secrets.scrub(text), false)}`)}\n`);
  }

  /**
   * Result text for stdout, after scrubbing: safe for a terminal. Not wrapped here: a result is
   * laid out by its presenter (verify's report wraps to Screen.columns), and some are texts to
   * copy, where a line break of ours would be copied too.
   */
  private forStdout(text: string): string {
    return terminalSafe(text, this.style.level > 0);
  }

  /** Human text for stderr, after scrubbing; `markerWidth` columns of "! " or "✖ " come before it. */
  private forStderr(text: string, markerWidth = 0): string {
    const safe = terminalSafe(text, this.errStyle.level > 0);
    return this.wrap ? this.wrap.wrapForTerminal(safe, wrapColumns(this.stderr), markerWidth) : safe;
  }
}
