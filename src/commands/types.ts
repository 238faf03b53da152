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

/** Parses a comma-separated option value into a list, ignoring blanks. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter((item) => item !== '')];
}

/** Parses an integer option value; commander turns the thrown error into a usage error. */
export function integerOption(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidOptionValue(`${name} takes a whole number from ${min} to ${max}, got "${value}".`);
    }
    return parsed;
  };
}

export class InvalidOptionValue extends Error {
  readonly code = 'commander.invalidArgument';
}
