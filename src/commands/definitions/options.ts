import { Option } from 'commander';
import { quoted } from '../../core/text.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
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
      throw new InvalidOptionValue(t('cli.option.integer', { name, min, max, value: quoted(value) }));
    }
    return parsed;
  };
}

/** Parses an option that takes one of a few words, refused in one sentence that lists them. */
export function choiceOption<T extends string>(name: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    const choice = choices.find((candidate) => candidate === value);
    if (choice === undefined) throw new InvalidOptionValue(t('cli.option.choice', { name, choices: choices.slice(0, -1).join(', '), last: choices.at(-1) ?? '', value: quoted(value) }));
    return choice;
  };
}

export class InvalidOptionValue extends Error {
  readonly code = 'commander.invalidArgument';
}

/**
 * The option for a setting, with the flag and env var from the settings table: a secret gets its
 * `--x-stdin` flag, never one that takes the value. `describe` gives this command's description
 * (one catalogue message, handed the env var's name); without it, the table's words.
 */
export function settingOption(key: SettingKey, describe?: (env: string) => string): Option {
  const spec = setting(key);
  const description = describe?.(spec.env);
  if (spec.stdinFlag !== undefined) return new Option(spec.stdinFlag, description ?? t('help.setting.stdin', { label: spec.label, env: spec.env }));
  if (spec.flag === undefined) throw new Error(`The setting "${key}" has no flag.`);
  return new Option(spec.flag, description ?? t('help.setting.flag', { description: spec.description, env: spec.env }));
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
  const piped = spec.stdinFlag !== undefined && stdinFlags.includes(spec.stdinFlag);
  const values = { label: spec.label, env: spec.env, stdinFlag: spec.stdinFlag, key };
  const message = command === undefined ? t('cli.secret.refused', values) : t('cli.secret.refusedBy', { ...values, command });
  // The ways to give it instead: one whole sentence for each combination the table allows.
  const hint =
    spec.stdinFlag === undefined
      ? spec.stored
        ? t('cli.secret.waysEnvConfig', values)
        : t('cli.secret.waysEnv', values)
      : piped
        ? t('cli.secret.waysPipeEnvAsk', values)
        : t('cli.secret.waysEnvAsk', values);
  return new UsageError(message, hint);
}
