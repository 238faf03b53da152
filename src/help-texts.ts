import { main } from './cli.js';
import { SUMMARIES } from './commands/definitions/index.js';
import { LANGUAGES, PSEUDO_LANGUAGE, type Language } from './i18n/languages.js';

/** Every language the help is written out in: those fb3cx speaks, and the pseudo-locale for the tests. */
export const HELP_LANGUAGES: readonly Language[] = [...LANGUAGES, PSEUDO_LANGUAGE];

/**
 * Help is the same text on every run (commander wraps it at a fixed width, see buildProgram), so
 * the build (scripts/build.mjs) writes it to dist/help.<language>.json and bin/fb3cx.js prints it from there
 * for the plain help requests, without loading the CLI. Anything else on the command line goes
 * through commander as always. A test holds the file equal to what commander prints for every
 * command.
 *
 * One file per language, dist/help.<language>.json. Keys: "" for the overview, else the command name.
 */
export async function renderHelpTexts(language: Language = 'en'): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const topic of ['', ...Object.keys(SUMMARIES)]) {
    const { code, stdout, stderr } = await commanderOutput(['--lang', language, ...(topic === '' ? ['--help'] : [topic, '--help'])]);
    if (code !== 0 || stderr !== '') throw new Error(`fb3cx ${topic} --help exited with ${code}: ${stderr}`);
    texts[topic] = stdout;
  }
  return texts;
}

/** What the CLI prints for these words, through commander, in this process. */
export async function commanderOutput(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = { stdout: '', stderr: '' };
  const capture = (key: 'stdout' | 'stderr') => ({ write: (chunk: string) => ((output[key] += chunk), true) }) as unknown as NodeJS.WritableStream;
  const code = await main(args, { stdout: capture('stdout'), stderr: capture('stderr'), env: {}, handleSignals: false });
  return { code, ...output };
}
