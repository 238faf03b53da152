import { Cancelled, UsageError } from '../errors.js';
import chalk from 'chalk';
import { t } from '../i18n/index.js';

export interface Choice<T extends string> {
  value: T;
  name: string;
  description?: string;
}

/** Everything fb3cx ever asks a person. Tests pass a scripted fake; the real one wraps inquirer. */
export interface Prompter {
  readonly interactive: boolean;
  input(options: { message: string; default?: string; validate?: (value: string) => string | true }): Promise<string>;
  password(options: { message: string; validate?: (value: string) => string | true }): Promise<string>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
  select<T extends string>(options: { message: string; choices: Array<Choice<T>>; default?: T }): Promise<T>;
}

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** A prompter that refuses: used without a TTY, with --yes/--json, or under CI. */
export function nonInteractivePrompter(reason: string): Prompter {
  const refuse = (message: string): never => {
    throw new UsageError(`fb3cx needs an answer to "${message}" but cannot ask (${reason}).`);
  };
  return {
    interactive: false,
    input: async ({ message }) => refuse(message),
    password: async ({ message }) => refuse(message),
    confirm: async ({ message }) => refuse(message),
    select: async ({ message }) => refuse(message),
  };
}

function mapPromptError(error: unknown): never {
  if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
    throw new Cancelled();
  }
  throw error;
}

/** The action words @inquirer shows beside its keys, in the chosen language; others as they are. */
function keyAction(action: string): string {
  switch (action) {
    case 'navigate':
      return t('cli.prompt.navigate');
    case 'select':
      return t('cli.prompt.select');
    default:
      return action;
  }
}

/**
 * The real prompter over @inquirer/prompts, loaded on first use. Prompts are drawn on stderr so
 * stdout stays clean for results.
 */
export function inquirerPrompter(streams: PromptStreams, signal?: AbortSignal): Prompter {
  const context = { input: streams.input, output: streams.output, ...(signal ? { signal } : {}) };
  const load = () => import('@inquirer/prompts');
  return {
    interactive: true,
    async input(options) {
      const { input } = await load();
      return input(
        {
          message: options.message,
          ...(options.default !== undefined ? { default: options.default } : {}),
          ...(options.validate ? { validate: options.validate } : {}),
        },
        context,
      ).catch(mapPromptError);
    },
    async password(options) {
      const { password } = await load();
      return password(
        { message: options.message, mask: '*', ...(options.validate ? { validate: options.validate } : {}) },
        context,
      ).catch(mapPromptError);
    },
    async confirm(options) {
      const { confirm } = await load();
      // The answer shown after the question ("Yes"/"No") in the chosen language.
      return confirm({ message: options.message, default: options.default ?? true, transformer: (answer: boolean) => (answer ? t('cli.prompt.yes') : t('cli.prompt.no')) }, context).catch(mapPromptError);
    },
    async select(options) {
      const { select } = await load();
      return select(
        {
          message: options.message,
          choices: options.choices.map((c) => ({ value: c.value, name: c.name, ...(c.description ? { description: c.description } : {}) })),
          ...(options.default !== undefined ? { default: options.default } : {}),
          // The key hints under the choices ("↑↓ navigate • ⏎ select") speak the chosen language too.
          theme: { style: { keysHelpTip: (keys: [string, string][]) => keys.map(([key, action]) => `${chalk.bold(key)} ${chalk.dim(keyAction(action))}`).join(chalk.dim(' • ')) } },
        },
        context,
      ).catch(mapPromptError) as Promise<typeof options.default & string>;
    },
  };
}
