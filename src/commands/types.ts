import type { ChalkInstance } from 'chalk';
import type { Command } from 'commander';
import type { AppContext, GlobalOptions } from '../context.js';
import type { ExitCodeValue } from '../errors.js';
import type { TerminalWrap } from '../core/wrap-types.js';

/**
 * The command contract. A command's `run` takes the context and its own typed options (commander's
 * `optsWithGlobals()`, typed once in cli.ts from the command's declared options) and returns a
 * result; cli.ts, the one exit boundary, hands the result to the command's presenter. Errors a
 * command throws are turned into exit codes by cli.ts as well.
 */
export type CommandSpec<O extends object, R = never, D extends JsonDocument = JsonDocument> = ResultCommand<O, R, D> | StreamingCommand<O>;

/** A command that collects, then prints: one result, drawn as `--json` or as text by its presenter. */
export interface ResultCommand<O extends object, R, D extends JsonDocument> {
  readonly kind: 'result';
  run(ctx: AppContext, options: O & GlobalOptions, args: string[]): Promise<Outcome<R>>;
  readonly present: Presenter<R, D>;
}

/**
 * A command that prints as it goes (listen's events, init's wizard) and returns only its exit
 * code. `json` says what `--json` prints: JSON lines (so an error document is one line too) or
 * one pretty document.
 */
export interface StreamingCommand<O extends object> {
  readonly kind: 'streaming';
  readonly json: 'lines' | 'document';
  run(ctx: AppContext, options: O & GlobalOptions, args: string[]): Promise<ExitCodeValue>;
}

export interface Outcome<R> {
  readonly result: R;
  readonly exitCode: ExitCodeValue;
}

/**
 * The options of the connection settings, named as commander names the flags the settings table
 * gives them (`--page-id` is `pageId`, `--page-token-stdin` is `pageTokenStdin`).
 */
export interface ConnectionOptions {
  pageId?: string;
  appId?: string;
  webhookUrl?: string;
  webClientUrl?: string;
  pageTokenStdin?: boolean;
  appSecretStdin?: boolean;
}

/** Every `--json` document carries its schema version. */
export interface JsonDocument {
  schemaVersion: 1;
}

/** One line of the human rendering: a result line on stdout, or a line for people on stderr. */
export type HumanLine = string | { readonly stderr: string };

/** What a human renderer may know about where it draws. */
export interface Screen {
  /** Colours for stdout. */
  readonly style: ChalkInstance;
  /** Colours for stderr. */
  readonly errStyle: ChalkInstance;
  /** Columns of the terminal on stdout; undefined when stdout is not a terminal. */
  readonly columns: number | undefined;
  /** Wraps text to columns at word boundaries; there only when a terminal is there to wrap for. */
  readonly wrap?: TerminalWrap['wrapText'] | undefined;
}

/**
 * Two renderers of the same result, so `--json` and the text cannot disagree. cli.ts prints
 * `json(result)` under --json and `human(result)` otherwise, then the notes in either mode.
 */
export interface Presenter<R, D extends JsonDocument> {
  json(result: R): D;
  human(result: R, screen: Screen): HumanLine[];
  /** Lines for people on stderr after the result, whatever the mode (a confirmation, a reminder). */
  notes?(result: R, screen: Screen): string[];
  /**
   * Secret values this result shows on purpose (review-text's test password in its own piece);
   * every other secret is masked in the result as everywhere else.
   */
  shows?(result: R): readonly string[];
}

/** Loads a command's spec when the command runs, so `fb3cx --help` stays fast. */
export type CommandLoader<O extends object, R, D extends JsonDocument> = () => Promise<CommandSpec<O, R, D>>;

/** Turns a lazily loaded command into a commander action. Provided by cli.ts. */
export type ActionFactory = <O extends object, R, D extends JsonDocument>(load: CommandLoader<O, R, D>) => (this: Command, ...args: unknown[]) => Promise<void>;
