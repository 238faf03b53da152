import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HELP_WIDTH } from '../../src/cli.js';
import { SUMMARIES } from '../../src/commands/definitions/index.js';
import { commanderOutput, HELP_LANGUAGES, renderHelpTexts } from '../../src/help-texts.js';
import { runCli, tempDir } from '../support/run-cli.js';

const topics = ['', ...Object.keys(SUMMARIES)];
const helpFile = (language = 'en') => new URL(`../../dist/help.${language}.json`, import.meta.url);

/**
 * The package with the written help but without the CLI bundle: what prints there did not need
 * the CLI, and anything that needs it says that fb3cx is not built.
 */
function packageWithoutCli(): string {
  const root = tempDir('fb3cx-help-only-');
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist'));
  const from = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
  for (const path of ['package.json', 'bin/fb3cx.js', 'dist/lang.js', ...HELP_LANGUAGES.map((language) => `dist/help.${language}.json`)]) copyFileSync(from(path), join(root, path));
  return join(root, 'bin', 'fb3cx.js');
}

function runWithoutCli(args: string[]): { exitCode: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FB3CX_CONFIG_DIR: tempDir() };
  delete env.CI;
  const result = spawnSync(process.execPath, [packageWithoutCli(), ...args], { env, encoding: 'utf8', timeout: 20_000 });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('help', () => {
  it.each(HELP_LANGUAGES)('the built dist/help.%s.json is what commander prints now, for the overview and every command', async (language) => {
    const written = JSON.parse(readFileSync(helpFile(language), 'utf8')) as Record<string, string>;
    expect(Object.keys(written).sort()).toEqual([...topics].sort());
    expect(written).toEqual(await renderHelpTexts(language));
    for (const [topic, text] of Object.entries(written)) {
      // The placeholders of the usage line ([options], [command]) are in the help's language too.
      expect(text).toMatch(topic === '' ? /^\S+ fb3cx \[[^\]\s]+\] \[[^\]\s]+\]\n/ : new RegExp(`^\\S+ fb3cx ${topic} `));
    }
  });

  it('does not depend on the terminal, which is what makes writing it out once right', async () => {
    const stdout = process.stdout as { isTTY?: boolean; columns?: number };
    const saved = { isTTY: stdout.isTTY, columns: stdout.columns };
    const texts: Array<Record<string, string>> = [];
    try {
      for (const columns of [40, HELP_WIDTH, 200]) {
        Object.defineProperty(stdout, 'isTTY', { value: true, configurable: true, writable: true });
        Object.defineProperty(stdout, 'columns', { value: columns, configurable: true, writable: true });
        texts.push(await renderHelpTexts());
      }
    } finally {
      Object.defineProperty(stdout, 'isTTY', { value: saved.isTTY, configurable: true, writable: true });
      Object.defineProperty(stdout, 'columns', { value: saved.columns, configurable: true, writable: true });
    }
    expect(texts[0]).toEqual(texts[1]);
    expect(texts[2]).toEqual(texts[1]);
    // Commander's own text is wrapped at the width: the option lines of the overview fit in it.
    const overview = texts[1]?.[''] ?? '';
    const options = overview.slice(overview.indexOf('Options:'), overview.indexOf('Quick start'));
    expect(options.split('\n').every((line) => line.length <= HELP_WIDTH)).toBe(true);
  });

  it.each([
    [[], ''],
    [['--help'], ''],
    [['-h'], ''],
    [['help'], ''],
    [['verify', '--help'], 'verify'],
    [['listen', '-h'], 'listen'],
    [['help', 'trigger'], 'trigger'],
    [['config', '--help'], 'config'],
  ])('fb3cx %j prints the same help as commander, without loading the CLI', async (args, topic) => {
    const live = await commanderOutput(args);
    expect(live.code).toBe(0);
    const result = await runCli(args);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toBe(live.stdout);
    expect(result.stdout).toBe(await renderHelpTexts().then((texts) => texts[topic]));
    expect(runWithoutCli(args)).toMatchObject({ exitCode: 0, stdout: live.stdout, stderr: '' });
  });

  it('other words still go through the CLI', async () => {
    const subcommand = await runCli(['config', 'set', '--help']);
    expect(subcommand.exitCode).toBe(0);
    expect(subcommand.stdout).toMatch(/^Usage: fb3cx config set/);
    // Help on a command that does not exist is a usage error, not the overview with exit 0.
    const unknown = await runCli(['help', 'nonsense']);
    expect(unknown).toMatchObject({ exitCode: 2, stdout: '' });
    expect(unknown.stderr.split('\n')[0]).toBe('✖ fb3cx has no command "nonsense".');
    // Without the bundle, the same words cannot be answered.
    for (const args of [['config', 'set', '--help'], ['help', 'nonsense'], ['verify', '--help', '--json']]) {
      const result = runWithoutCli(args);
      expect(result).toMatchObject({ exitCode: 3, stdout: '' });
      expect(result.stderr).toMatch(/fb3cx is not built/);
    }
  });

  it('help on a misspelt command names the closest one, exit 2', async () => {
    const result = await runCli(['help', 'verfy']);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toMatch(/^✖ fb3cx has no command "verfy"\.\n  Did you mean "verify"\? Commands: init, verify,/);
    const json = await runCli(['help', 'nope', '--json']);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'usage' } });
  });

  it.each([['-v'], ['-V'], ['--version']])('%s prints the version, with and without the parser', async (flag) => {
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    // Alone it is answered by bin/fb3cx.js without loading the CLI; after a command, by commander.
    for (const args of [[flag], ['verify', flag], ['--no-color', flag]]) {
      const result = await runCli(args);
      expect(result, args.join(' ')).toMatchObject({ exitCode: 0, stdout: `${version}\n`, stderr: '' });
    }
    expect(runWithoutCli([flag])).toMatchObject({ exitCode: 0, stdout: `${version}\n` });
  });
});

describe('help in the chosen language', () => {
  it.each([
    [['--lang', 'zh-CN', '--help'], {}],
    [['verify', '--help', '--lang=zh-CN'], {}],
    [['help', 'listen'], { FB3CX_LANG: 'zh-CN' }],
    [['--help'], { LANG: 'zh_CN.UTF-8' }],
    [['trigger', '-h'], { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }],
  ])('fb3cx %j with %j prints the Chinese help, with and without the parser', async (args, env) => {
    const topic = args.find((word) => !word.startsWith('-') && word !== 'help' && word !== 'zh-CN') ?? '';
    const chinese = JSON.parse(readFileSync(helpFile('zh-CN'), 'utf8')) as Record<string, string>;
    const result = await runCli(args, { env });
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toBe(chinese[topic]);
    expect(result.stdout).not.toBe((JSON.parse(readFileSync(helpFile('en'), 'utf8')) as Record<string, string>)[topic]);
  });

  it('an unknown --lang is a usage error that lists the languages, even for help', async () => {
    const result = await runCli(['--lang', 'fr', '--help']);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toBe('✖ fb3cx does not speak "fr".\n  Languages: en, zh-CN.\n');
  });

  it('an unknown locale falls back to English quietly', async () => {
    const result = await runCli(['--help'], { env: { LANG: 'de_DE.UTF-8', FB3CX_LANG: 'klingon' } });
    expect(result.stdout).toBe((JSON.parse(readFileSync(helpFile('en'), 'utf8')) as Record<string, string>)['']);
  });
});
