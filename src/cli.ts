import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Command as CommandClass, CommanderError, Option } from 'commander';
import type { AppContext, GlobalOptions } from './context.js';
import { Cancelled, CliError, errorDocument, ExitCode, InternalError, UsageError, isCliError, type ExitCodeValue } from './errors.js';
import type { ActionFactory, CommandLoader, JsonDocument } from './commands/types.js';
import { defineCommands, GROUP_COMMANDS } from './commands/definitions/index.js';
import { secretNamedBy, secretOnCommandLine } from './commands/definitions/options.js';
import { SCENARIO_NAMES, unknownScenario } from './sandbox/scenario-names.js';
import { closestMatch } from './core/did-you-mean.js';
import { environmentHelp } from './settings/schema.js';
import { DEFAULT_GRAPH_VERSION } from './graph/versions.js';
import { capitalise, quoted } from './core/text.js';
import { chooseLanguage, langFlag, LANGUAGES, parseLanguage, type Language, type LanguageChoice } from './i18n/languages.js';
import { t, useLanguage } from './i18n/index.js';

/** For bin/fb3cx.js, which hands the exit code to the process. */
export { ExitCode };

export interface MainIo {
  stdin?: AppContext['stdin'];
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  /** Installs SIGINT/SIGTERM handlers; off in in-process tests. */
  handleSignals?: boolean;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The command line as commander should see it, and what reportError needs to know about it. */
export interface NormalisedArgv {
  argv: string[];
  /** The word after a bare `--sandbox` that is not a scenario (a command, or a misspelt scenario). */
  wordAfterSandbox: string | undefined;
}

/**
 * `--sandbox` takes an optional scenario. A bare `--sandbox` followed by anything that is not a
 * scenario name (a command, another flag) must not swallow it, so it becomes `--sandbox=healthy`.
 */
export function normaliseArgv(args: string[]): NormalisedArgv {
  let wordAfterSandbox: string | undefined;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (arg === '--sandbox') {
      const next = args[i + 1];
      if (next !== undefined && (SCENARIO_NAMES as readonly string[]).includes(next)) {
        out.push(`--sandbox=${next}`);
        i++;
      } else {
        if (next !== undefined && !next.startsWith('-')) wordAfterSandbox = next;
        out.push('--sandbox=healthy');
      }
      continue;
    }
    out.push(arg);
  }
  return { argv: out, wordAfterSandbox };
}

interface RunState {
  ctx?: AppContext;
  globals: GlobalOptions;
  /** What --json prints for the running command; a JSON-lines command's error document is one line too. */
  json: 'lines' | 'document';
  wordAfterSandbox: string | undefined;
  /** The command and subcommand commander went into ([config, set]), for its refusals. */
  commandPath: Command[];
  /** A command that drains and summarises on Ctrl-C registers here; others are cut short. */
  interruptHandler?: () => void;
}

/** A signal this soon after the first is that one delivered again, not a second Ctrl-C. */
const REPEATED_SIGNAL_MS = 150;

/** The one exit boundary: runs the program and returns the process exit code. */
export async function main(argv: string[], io: MainIo = {}): Promise<ExitCodeValue> {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const controller = new AbortController();
  const normalised = normaliseArgv(argv);
  const state: RunState = { globals: {}, json: 'document', wordAfterSandbox: normalised.wordAfterSandbox, commandPath: [] };
  // The language comes first: the help, commander's refusals and every message speak it.
  const chosen = chooseLanguage({ flag: langFlag(normalised.argv), env });
  const language: LanguageChoice = 'invalid' in chosen ? chooseLanguage({ env }) : chosen;
  await useLanguage(language.language);
  let interrupts = 0;
  let firstSignalAt = 0;
  let rejectInterrupted: ((error: Cancelled) => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    rejectInterrupted = reject;
  });
  interrupted.catch(() => {});
  const onSignal = (signal: NodeJS.Signals) => {
    // conf writes through atomically, whose exit hook (when-exit) catches the first SIGINT or
    // SIGTERM once and sends the same signal to the process again a moment later. That echo is
    // not a second Ctrl-C (a person cannot press twice within this window), so it must not cut
    // short the graceful stop the first one started.
    const now = performance.now();
    if (interrupts > 0 && now - firstSignalAt < REPEATED_SIGNAL_MS) return;
    if (interrupts === 0) firstSignalAt = now;
    interrupts++;
    if (!controller.signal.aborted) controller.abort(new Cancelled(signal === 'SIGTERM' ? t('cli.terminated') : t('cli.interrupted')));
    if (state.interruptHandler && interrupts === 1) {
      state.interruptHandler();
      return;
    }
    rejectInterrupted?.(new Cancelled(signal === 'SIGTERM' ? t('cli.terminated') : t('cli.interrupted')));
  };
  if (io.handleSignals ?? true) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  let exitCode: ExitCodeValue = ExitCode.ok;
  const action: ActionFactory = <O extends object, R, D extends JsonDocument>(load: CommandLoader<O, R, D>) =>
    async function (this: Command): Promise<void> {
      // The one place a command's options get their type: the one its spec declares.
      const options = this.optsWithGlobals<O & GlobalOptions>();
      state.globals = options;
      // Loaded here, not at the top: chalk and the prompt wrapper are not needed for --help.
      // The terminal wrapper's width tables cost start-up: loaded only when there is a terminal.
      const wrapping = stdout.isTTY === true || (stderr as { isTTY?: boolean }).isTTY === true;
      const [{ createProcessContext }, spec, wrap] = await Promise.all([import('./context.js'), load(), wrapping ? import('./core/wrap.js') : undefined]);
      if (spec.kind === 'streaming') state.json = spec.json;
      const ctx = createProcessContext({
        globals: options,
        signal: controller.signal,
        env,
        stdout,
        stderr,
        onInterrupt: (handler) => {
          state.interruptHandler = handler;
        },
        ...(io.stdin ? { stdin: io.stdin } : {}),
        wrap,
      });
      state.ctx = ctx;
      // A profile may keep a language (a partner's Chinese-speaking customer): it counts when
      // neither --lang nor FB3CX_LANG said otherwise, before the locale. The sandbox reads no profile.
      if ((language.source === 'locale' || language.source === 'default') && options.sandbox === undefined) {
        const fromProfile = await profileLanguage(ctx, options);
        if (fromProfile !== undefined) await useLanguage(fromProfile);
      }
      const processed: unknown[] = this.processedArgs;
      const positional = processed.flatMap((value) => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]));
      if (spec.kind === 'streaming') {
        exitCode = await Promise.race([spec.run(ctx, options, positional), interrupted]);
        return;
      }
      const outcome = await Promise.race([spec.run(ctx, options, positional), interrupted]);
      ctx.out.present(spec.present, outcome.result);
      exitCode = outcome.exitCode;
    };

  const layout = language.language === 'zh-CN' && mayShowHelp(normalised.argv) ? await import('./core/wrap.js') : undefined;
  const program = buildProgram(action, stdout, stderr, layout);
  for (const command of [program, ...program.commands]) {
    command.hook('preSubcommand', (_parent, subcommand) => {
      state.commandPath.push(subcommand);
    });
  }
  if (argv.length === 0) {
    // Plain `fb3cx`: the overview on stdout, not an error.
    program.outputHelp();
    return ExitCode.ok;
  }
  try {
    if ('invalid' in chosen) throw new UsageError(t('common.languageUnknown', { value: quoted(chosen.invalid) }), t('common.languageHint', { languages: LANGUAGES.join(', ') }));
    refuseHelpOnUnknownCommand(program, normalised.argv);
    await program.parseAsync(normalised.argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return await reportError(error, state, { argv: normalised.argv, env, stdout, stderr, jsonRequested: argv.includes('--json') });
  } finally {
    if (io.handleSignals ?? true) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }
}

/**
 * Whether commander may print help for these words: then Chinese help needs the CJK-aware
 * wrapper, which costs start-up and so is not loaded for anything else.
 */
function mayShowHelp(argv: readonly string[]): boolean {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  if (argv.includes('--help') || argv.includes('-h') || words[0] === 'help' || words.length === 0) return true;
  // A command that only groups others shows its help when given alone.
  return words.length === 1 && GROUP_COMMANDS.includes(words[0] ?? '');
}

/** The profile's `lang`, when it has a usable one; a config that cannot be read is the command's to report. */
async function profileLanguage(ctx: AppContext, options: GlobalOptions): Promise<Language | undefined> {
  try {
    const [store, { profileNameFrom }] = await Promise.all([ctx.configReader(), import('./session.js')]);
    const value = store.getProfile(profileNameFrom(options, ctx.env, store))?.lang;
    return value === undefined ? undefined : parseLanguage(value);
  } catch {
    return undefined;
  }
}

/** Help is wrapped at this width, on a terminal as in a pipe. */
export const HELP_WIDTH = 80;

/**
 * How the help measures and wraps text in a language whose characters take two columns: the
 * terminal wrapper (string-width and Intl.Segmenter), loaded only when Chinese help may be shown.
 */
export interface HelpLayout {
  textWidth(text: string): number;
  wrapText(text: string, first: number, rest?: number): string[];
}

/** Commander's titles in the active language; any other title passes as it is. */
function helpTitle(title: string): string {
  switch (title) {
    case 'Usage:':
      return t('help.title.usage');
    case 'Options:':
      return t('help.title.options');
    case 'Commands:':
      return t('help.title.commands');
    case 'Arguments:':
      return t('help.title.arguments');
    case 'Global Options:':
      return t('help.title.globalOptions');
    default:
      return title;
  }
}

/** The word inside `<...>` or `[...]` in a usage line or an option's flags, in the active language. */
function placeholderWord(word: string): string {
  switch (word) {
    case 'options':
      return t('help.term.options');
    case 'command':
      return t('help.term.command');
    case 'name':
      return t('help.term.name');
    case 'names':
      return t('help.term.names');
    case 'language':
      return t('help.term.language');
    case 'scenario':
      return t('help.term.scenario');
    case 'version':
      return t('help.term.version');
    case 'dir':
      return t('help.term.dir');
    case 'number':
      return t('help.term.number');
    case 'address':
      return t('help.term.address');
    case 'path':
      return t('help.term.path');
    case 'token':
      return t('help.term.token');
    case 'types':
      return t('help.term.types');
    case 'seconds':
      return t('help.term.seconds');
    case 'minutes':
      return t('help.term.minutes');
    case 'file':
      return t('help.term.file');
    case 'text':
      return t('help.term.text');
    case 'size':
      return t('help.term.size');
    case 'list':
      return t('help.term.list');
    case 'form':
      return t('help.term.form');
    case 'kind':
      return t('help.term.kind');
    case 'time':
      return t('help.term.time');
    case 'fqdn':
      return t('help.term.fqdn');
    case 'key':
      return t('help.term.key');
    case 'value':
      return t('help.term.value');
    case 'profile':
      return t('help.term.profile');
    case 'type':
      return t('help.term.type');
    default:
      // id, ids, url, n, i/n, psid: names and letters that read the same in every language.
      return word;
  }
}

/** "[options] <key>" in the active language: only the placeholders change, never a flag. */
function helpTerm(term: string): string {
  return term.replace(/([<[])([\w/]+)(\.\.\.)?([>\]])/g, (_, open: string, word: string, dots: string | undefined, close: string) => `${open}${placeholderWord(word)}${dots ?? ''}${close}`);
}

/** Commander's "(default: 8080)" after an option's description, in the active language; same rule as commander's own. */
function optionDescription(option: Option): string {
  const shown = option.defaultValue !== undefined && (option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean'));
  if (!shown) return option.description ?? '';
  const value = option.defaultValueDescription ?? JSON.stringify(option.defaultValue);
  return t('help.option.withDefault', { description: option.description ?? '', value });
}

export function buildProgram(action: ActionFactory, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream, layout?: HelpLayout): Command {
  const program = new CommandClass('fb3cx');
  const measure = layout ? (text: string) => layout.textWidth(text) : undefined;
  program
    .description(t('help.program.description'))
    .version(packageVersion(), '-V, --version', t('help.option.version'))
    // Commander's version option takes one short flag; -v is the other spelling people try.
    .addOption(new Option('-v').hideHelp())
    .on('option:v', () => {
      stdout.write(`${packageVersion()}\n`);
      throw new CommanderError(ExitCode.ok, 'commander.version', packageVersion());
    })
    .helpOption('-h, --help', t('help.option.help'))
    .helpCommand('help [command]', t('help.helpCommand'))
    .option('--profile <name>', t('help.option.profile'))
    .option('--json', t('help.option.json'))
    .option('--no-color', t('help.option.noColor'))
    .option('--verbose', t('help.option.verbose'))
    .option('--lang <language>', t('help.option.lang'))
    .addOption(new Option('--sandbox [scenario]', t('help.option.sandbox', { scenarios: SCENARIO_NAMES.join(', ') })))
    .option('--graph-version <version>', t('help.option.graphVersion', { version: DEFAULT_GRAPH_VERSION }))
    .showSuggestionAfterError(true)
    // One width on every terminal, so the build can write the help out once (src/help-texts.ts).
    // The titles, placeholders and "(default: ...)" are commander's words, given in the active language.
    .configureHelp({
      helpWidth: HELP_WIDTH,
      styleTitle: helpTitle,
      styleUsage: helpTerm,
      styleOptionTerm: helpTerm,
      styleSubcommandTerm: helpTerm,
      // An argument's own line names it bare ("key"), without the brackets of the usage line.
      styleArgumentTerm: (term: string) => (/^\w+$/.test(term) ? placeholderWord(term) : helpTerm(term)),
      optionDescription,
      ...(layout
        ? {
            displayWidth: (text: string) => layout.textWidth(text),
            boxWrap: (text: string, width: number) =>
              text
                .split('\n')
                .map((line) => (line.trim() === '' ? line : layout.wrapText(line, width).join('\n')))
                .join('\n'),
          }
        : {}),
    })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
      outputError: () => {},
    })
    .addHelpText('after', `\n${t('help.program.quickStart')}\n\n${environmentHelp(HELP_WIDTH, measure)}`);
  defineCommands(program, action, measure);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
      outputError: () => {},
    });
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput({ writeOut: (text) => stdout.write(text), writeErr: (text) => stderr.write(text), outputError: () => {} });
    }
  }
  return program;
}

/**
 * `fb3cx help nope`: commander would print the overview and exit 0, which a script takes for
 * success. A topic that is not a command is a usage error, with the closest command.
 */
function refuseHelpOnUnknownCommand(program: Command, argv: readonly string[]): void {
  if (argv[0] !== 'help' || argv[1] === undefined) return;
  const topic = argv[1];
  const names = program.commands.map((command) => command.name());
  if (names.includes(topic)) return;
  const match = closestMatch(topic, names);
  const commands = names.join(', ');
  throw new UsageError(
    t('cli.helpTopic.unknown', { word: quoted(topic) }),
    match === undefined ? t('cli.helpTopic.commands', { commands }) : t('cli.helpTopic.commandsSuggestion', { word: quoted(match), commands }),
  );
}

/** The flag commander names in an unknown-option error, as the person typed it. */
function unknownFlag(message: string, argv: readonly string[]): string {
  // The argument itself, when one matches: a value after "=" may hold quotes or line breaks.
  const typed = argv.filter((arg) => message.startsWith(`error: unknown option '${arg}'`)).sort((a, b) => b.length - a.length)[0];
  return typed ?? /^error: unknown option '([^'\n]*)/.exec(message)?.[1] ?? '';
}

/**
 * The hint after a refused command line: commander's suggestion ("(Did you mean verify?)" on
 * its second line, a real command or flag, never a value), then where to read the options.
 */
function commandLineHint(message: string | undefined): string {
  const suggestion = message === undefined ? undefined : /\n\(Did you mean (one of )?([^)\n]*?)\?\)/.exec(message);
  if (suggestion === null || suggestion === undefined) return t('cli.hint.help');
  const words = suggestion[2] ?? '';
  return suggestion[1] ? t('cli.hint.helpSuggestions', { words }) : t('cli.hint.helpSuggestion', { word: words });
}

/**
 * Commander's own refusal of the command line, as one usage error. The value of an unknown
 * `--flag=value` is never repeated (it may be a pasted token), and a flag named for a secret is
 * refused as a secret on the command line is.
 */
function commandLineError(error: CommanderError, state: RunState, argv: readonly string[]): CliError {
  // `--sandbox expird-token`: the scenario was not recognised, so commander saw an extra word.
  if (error.code === 'commander.excessArguments' && state.wordAfterSandbox !== undefined) return unknownScenario(state.wordAfterSandbox);
  // `fb3cx --sandbox expird-token verify`: the same misspelt scenario, taken for a command.
  const word = state.wordAfterSandbox;
  if (error.code === 'commander.unknownCommand' && word !== undefined && closestMatch(word, SCENARIO_NAMES) !== undefined) return unknownScenario(word);
  const path = state.commandPath.map((command) => command.name()).join(' ');
  if (error.code === 'commander.unknownOption') {
    const flag = unknownFlag(error.message, argv);
    const [name = ''] = flag.split('=');
    const secret = secretNamedBy(name);
    if (secret !== undefined) {
      const stdinFlags = (state.commandPath.at(-1)?.options ?? []).flatMap((option) => (option.long?.endsWith('-stdin') ? [option.long] : []));
      return secretOnCommandLine(secret, path === '' ? undefined : path, stdinFlags);
    }
    // With "=value" commander's suggestion is left out: the hint then names no flag at all.
    if (flag.includes('=')) return new UsageError(t('cli.commandLine.unknownOptionWithValue', { flag: `'${name}'` }), t('cli.hint.help'));
    return new UsageError(t('cli.commandLine.unknownOption', { flag: `'${name}'` }), commandLineHint(error.message));
  }
  if (error.code === 'commander.excessArguments') {
    // Commander's "too many arguments for 'get'. Expected 1 argument but got 2." is two sentences.
    const counts = /for '([^']+)'\. Expected (\d+) arguments? but got (\d+)/.exec(error.message);
    if (counts) {
      const [, name = '', expected = '0', got = '0'] = counts;
      const command = path === '' ? name : path;
      const count = Number(expected);
      return new UsageError(
        count === 0 ? t('cli.commandLine.noArguments', { command, got }) : t('cli.commandLine.tooManyArguments', { command, count, got }),
        t('cli.hint.help'),
      );
    }
  }
  if (error.code === 'commander.unknownCommand') {
    // The word itself, from the command line: it may be a pasted token, or hold a line break.
    const word = argv.find((arg) => error.message.startsWith(`error: unknown command '${arg}'`));
    if (word !== undefined) return new UsageError(t('cli.commandLine.unknownCommand', { word: quoted(word) }), commandLineHint(error.message));
  }
  if (error.code === 'commander.missingArgument') {
    const name = /argument '([^']*)'/.exec(error.message)?.[1];
    if (name !== undefined) return new UsageError(t('cli.commandLine.missingArgument', { name: `'${name}'` }), commandLineHint(error.message));
  }
  if (error.code === 'commander.optionMissingArgument') {
    const flags = /option '([^']*)'/.exec(error.message)?.[1];
    if (flags !== undefined) return new UsageError(t('cli.commandLine.optionMissingArgument', { flags: `'${flags}'` }), commandLineHint(error.message));
  }
  // A bad option value whose parser already names the flag ("--port takes a whole number ..."):
  // that sentence alone (ours, in the active language), without commander's "option '--port <number>' argument 'x' is invalid." before it.
  const message = error.message.replace(/^error: /, '').replace(/^option '[^']*' argument '[^\n]*' is invalid\. (?=--)/, '');
  const [first = '', ...rest] = message.split('\n');
  const sentence = `${capitalise(first.trim())}${/[.?!。？！]$/.test(first.trim()) ? '' : '.'}`;
  return new UsageError(sentence, commandLineHint(rest.length > 0 ? `\n${rest.join('\n')}` : undefined));
}

interface ReportIo {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  jsonRequested: boolean;
}

async function reportError(error: unknown, state: RunState, io: ReportIo): Promise<ExitCodeValue> {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
    return reportError(commandLineError(error, state, io.argv), state, io);
  }
  const cliError: CliError = isCliError(error)
    ? error
    : new InternalError(t('cli.unexpected', { error: error instanceof Error ? error.message : String(error) }), error);
  // Before a command ran (commander refused the command line) there is no context: the same
  // writer all the same, so an echoed word is made safe for the terminal too.
  // On a terminal the refusal is wrapped as a command's errors are (a Chinese line has no spaces to break at).
  const out =
    state.ctx?.out ??
    new (await import('./io/output.js')).Output({
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      colorFlag: io.argv.includes('--no-color') ? false : undefined,
      wrap: io.stderr.isTTY === true ? await import('./core/wrap.js') : undefined,
    });
  out.error(cliError.message);
  if (cliError.hint) out.info(`  ${cliError.hint}`);
  if (cliError instanceof InternalError && out.verbose && error instanceof Error && error.stack) out.debug(error.stack);
  if (state.globals.json ?? io.jsonRequested) out.resultJson(errorDocument(cliError), state.json === 'document');
  return cliError.exitCode;
}
