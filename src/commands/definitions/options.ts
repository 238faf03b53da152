import { Option } from 'commander';
import { setting, type SettingKey } from '../../settings/schema.js';

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

/**
 * The option for a setting, with the flag and env var from the settings table: a secret gets its
 * `--x-stdin` flag, never one that takes the value. `purpose` says what this command uses it for.
 */
export function settingOption(key: SettingKey, purpose?: string): Option {
  const spec = setting(key);
  if (spec.stdinFlag !== undefined) {
    const [why, aside] = splitAside(purpose ?? '');
    return new Option(spec.stdinFlag, `read the ${spec.label} from standard input${why ? ` ${why}` : ''} (or env ${spec.env}${aside ? `; ${aside}` : ''})`);
  }
  if (spec.flag === undefined) throw new Error(`The setting "${key}" has no flag.`);
  // A purpose that ends in its own parenthesis ("(optional)") keeps it after the env var.
  const [what, aside] = splitAside(purpose ?? spec.description);
  return new Option(spec.flag, `${what} (env ${spec.env}${aside ? `; ${aside}` : ''})`);
}

function splitAside(text: string): [string, string | undefined] {
  const match = /^(.*?) ?\(([^()]*)\)$/.exec(text);
  return match ? [match[1] as string, match[2]] : [text, undefined];
}
