import { Option } from 'commander';
import { capitalise, quoted } from '../../core/text.js';
import { UsageError } from '../../errors.js';
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
      throw new InvalidOptionValue(`${name} takes a whole number from ${min} to ${max}, got ${quoted(value)}.`);
    }
    return parsed;
  };
}

/** Parses an option that takes one of a few words, refused in one sentence that lists them. */
export function choiceOption<T extends string>(name: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    const choice = choices.find((candidate) => candidate === value);
    if (choice === undefined) throw new InvalidOptionValue(`${name} takes ${choices.slice(0, -1).join(', ')} or ${choices.at(-1) ?? ''}, got ${quoted(value)}.`);
    return choice;
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

/** Secrets by the words a person might put in a flag's name for them, most specific first. */
const SECRET_WORDS: ReadonlyArray<readonly [RegExp, SettingKey]> = [
  [/verify.?token/, 'verifyToken'],
  [/(pbx|3cx).?(api.?|client.?)?(secret|key)/, 'pbxClientSecret'],
  [/secret/, 'appSecret'],
  [/passw|^pass$|^pwd$/, 'password'],
  [/user.?token/, 'userToken'],
  [/token/, 'pageToken'],
];

/**
 * The secret a flag's name asks for (`--page-token`, `--app_secret`, `--token`, `--password`),
 * or undefined for a flag that does not look like one. Secret settings are never flags that take
 * a value, so such a flag on the command line is a secret in the shell history.
 */
export function secretNamedBy(flag: string): SettingKey | undefined {
  const name = flag.replace(/^-+/, '').split('=')[0]?.toLowerCase() ?? '';
  return SECRET_WORDS.find(([words]) => words.test(name))?.[1];
}

/**
 * The refusal of a secret given on the command line; it never repeats the value. `command` is
 * the command it was given to, and `stdinFlags` the flags that command has for reading secrets.
 */
export function secretOnCommandLine(key: SettingKey, command: string | undefined, stdinFlags: readonly string[]): UsageError {
  const spec = setting(key);
  const ways = [
    ...(spec.stdinFlag !== undefined && stdinFlags.includes(spec.stdinFlag) ? [`pipe it in with ${spec.stdinFlag}`] : []),
    `set ${spec.env}`,
    ...(spec.stdinFlag !== undefined ? ['leave it out to be asked (masked) at a terminal'] : spec.stored ? [`save it with fb3cx config set ${key}`] : []),
  ];
  const listed = ways.length > 1 ? `${ways.slice(0, -1).join(', ')}, or ${ways.at(-1)}` : (ways[0] ?? '');
  return new UsageError(
    `fb3cx${command ? ` ${command}` : ''} does not take the ${spec.label} on the command line: it would stay in the shell history and show in the process list.`,
    `${capitalise(listed)}.`,
  );
}
