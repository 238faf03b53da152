#!/usr/bin/env node
// The fb3cx command: check the Node version, load the bundled CLI, exit with its exit code.
// A reader that closes early (fb3cx --help | head) is not an error.
import { readFileSync } from 'node:fs';
import module from 'node:module';

// ExitCode.usage and ExitCode.cannotRun of src/errors.ts (a unit test holds them equal): here the
// compiled CLI may be missing, or this Node too old to load it, so they cannot come from it.
const EXIT_USAGE = 2;
const EXIT_CANNOT_RUN = 3;

process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const args = process.argv.slice(2);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`fb3cx needs Node.js 20.19 or newer; this is ${process.version}. Install a current LTS from nodejs.org.\n`);
  process.exitCode = EXIT_USAGE;
} else if (args.length === 1 && (args[0] === '--version' || args[0] === '-V' || args[0] === '-v')) {
  // Answers that need no parser skip loading the CLI at all: the version, and the help texts.
  process.stdout.write(`${readJson('../package.json').version}\n`);
} else {
  const help = await writtenHelp(args);
  if (help !== undefined) process.stdout.write(help);
  else runCli();
}

function runCli() {
  enableCompileCache();
  import('../dist/cli.js')
    .then(({ main }) => main(args))
    .then(exitOnceFlushed)
    .catch((error) => {
      const missing = error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist');
      process.stderr.write(
        missing
          ? 'fb3cx is not built: run "npm run build" in its folder (or install it from the package).\n'
          : `fb3cx failed to start: ${error && error.message ? error.message : String(error)}\n`,
      );
      process.exitCode = EXIT_CANNOT_RUN;
    });
}

/**
 * Node 22.1+ keeps V8's compiled code of the bundle between runs, in the folder Node picks under
 * the OS's temporary directory (or NODE_COMPILE_CACHE). Node 20 has no such cache. A cache that
 * cannot be used only costs the compilation it would have saved, never the run.
 */
function enableCompileCache() {
  try {
    module.enableCompileCache?.();
  } catch {
    // Compiling as usual is the fallback.
  }
}

/**
 * main() has returned: the command's work is over. Exit as soon as what it wrote has left the
 * process, rather than when Node runs out of work: undici's WebAssembly parser is still being
 * optimised on a background thread after a few requests, keep-alive sockets and the sandbox's
 * servers may still be open, and on Ctrl-C (130) a command may have been cut short mid-request.
 */
function exitOnceFlushed(code) {
  process.exitCode = code;
  let pending = 2;
  const flushed = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

/**
 * The help for `fb3cx`, `fb3cx --help`, `fb3cx help`, `fb3cx <command> --help` and
 * `fb3cx help <command>`, with or without `--lang <language>`, as the build wrote it out from
 * commander (dist/help.<language>.json, see src/help-texts.ts), in the language the CLI would
 * speak (dist/lang.js: --lang, FB3CX_LANG, the locale); undefined for anything else, for a
 * language fb3cx does not speak (the CLI refuses it), and when the files are missing.
 */
async function writtenHelp(args) {
  const isHelpFlag = (word) => word === '--help' || word === '-h';
  // Only a help request pays for reading how the language was chosen.
  if (args.length > 0 && !args.some((word) => isHelpFlag(word) || word === 'help')) return undefined;
  try {
    const { chooseLanguage, splitLangFlag } = await import('../dist/lang.js');
    const { flag, rest: words } = splitLangFlag(args);
    let topic;
    if (words.length === 0 || (words.length === 1 && (isHelpFlag(words[0]) || words[0] === 'help'))) topic = '';
    else if (words.length === 2 && isHelpFlag(words[1]) && !words[0].startsWith('-')) topic = words[0];
    else if (words.length === 2 && words[0] === 'help') topic = words[1];
    else return undefined;
    const choice = chooseLanguage({ flag, env: process.env });
    if (choice.invalid !== undefined) return undefined;
    const text = readJson(`../dist/help.${choice.language}.json`)[topic];
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

function readJson(relativePath) {
  return JSON.parse(readFileSync(new URL(relativePath, import.meta.url), 'utf8'));
}
