import type { Command } from 'commander';
import type { AppContext, GlobalOptions } from '../context.js';

/**
 * A command module: loaded only when its command runs, so `fb3cx --help` stays fast.
 * `run` returns the exit code; errors it throws are turned into exit codes by cli.ts.
 */
export interface CommandModule<O = Record<string, unknown>> {
  run(ctx: AppContext, options: O & GlobalOptions, args: string[], command: Command): Promise<number>;
}

export type CommandLoader = () => Promise<CommandModule<any>>;

/** Turns a lazily loaded module into a commander action. Provided by cli.ts. */
export type ActionFactory = (load: CommandLoader) => (...args: unknown[]) => Promise<void>;
