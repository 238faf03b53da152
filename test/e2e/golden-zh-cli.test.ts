import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/core/wrap.js';
import { HELP_WIDTH } from '../../src/cli.js';
import { runCli, tempDir } from '../support/run-cli.js';

/**
 * The CLI frame in Chinese, as an administrator reads it: the help of the overview and of each
 * command, commander's refusals of a command line, a refused value, a secret given as an
 * argument, and fb3cx config from an empty folder to a saved, listed and removed value.
 */
const ZH = { FB3CX_LANG: 'zh-CN' };
const help = JSON.parse(readFileSync(new URL('../../dist/help.zh-CN.json', import.meta.url), 'utf8')) as Record<string, string>;

/** A temporary folder differs from run to run. */
function steady(text: string, dir: string): string {
  return text.split(dir).join('<配置目录>');
}

describe('fb3cx in Chinese: the CLI frame', () => {
  it('the help of the overview and of every command', async () => {
    const text = Object.entries(help)
      .map(([topic, body]) => `$ fb3cx ${topic === '' ? '' : `${topic} `}--help\n${body}`)
      .join('\n');
    await expect(text).toMatchFileSnapshot('__golden__/help.zh-CN.txt');
    // Commander's own words are Chinese too; only the flags, names and examples stay as they are.
    expect(help['']).toMatch(/^用法： fb3cx \[选项\] \[命令\]\n/);
    expect(help['']).toContain('\n选项：\n');
    expect(help['']).toContain('\n命令：\n');
    expect(help['']).toContain('显示命令的帮助');
    expect(help['']).not.toMatch(/display help|Usage:|Options:|Commands:|\(default:/);
  });

  it('lays the help out by display width: a Chinese character is two columns', () => {
    for (const [topic, body] of Object.entries(help)) {
      for (const line of body.split('\n')) {
        // Example command lines are typed as they are, however long.
        if (/^\s+(\$|--)/.test(line)) continue;
        expect(textWidth(line), `fb3cx ${topic} --help: ${line}`).toBeLessThanOrEqual(HELP_WIDTH);
      }
    }
    // The descriptions start in one column: the padding counts the width of <名称>, not its length.
    const options = help['']?.split('\n').filter((line) => /^ {2}-/.test(line)) ?? [];
    const columns = new Set(options.map((line) => textWidth(/^ {2}\S.*?\S {2,}/.exec(line)?.[0] ?? '')));
    expect(columns.size).toBe(1);
  });

  it('refusals of the command line and of a value', async () => {
    const runs: string[][] = [
      ['verfy'],
      ['help', 'nonsense'],
      ['verify', '--bogus'],
      ['verify', '--page-tokn=EAAsecret'],
      ['verify', '--page-token', 'EAAsecret'],
      ['verify', '--page-id', 'abc'],
      ['verify', '--sandbox', 'helthy'],
      ['listen', '--port', '99999'],
      ['listen', '--port'],
      ['trigger', '--signature', 'md5'],
      ['config', 'get'],
      ['config', 'get', 'a', 'b'],
      ['--lang', 'fr', 'verify'],
    ];
    const out: string[] = [];
    for (const args of runs) {
      const result = await runCli(args, { env: ZH });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain('EAAsecret');
      out.push(`$ fb3cx ${args.join(' ')}\n${result.stderr}`);
    }
    await expect(out.join('\n')).toMatchFileSnapshot('__golden__/cli-errors.zh-CN.txt');
  });

  it('fb3cx config from an empty folder to a saved, listed and removed value', async () => {
    const configDir = tempDir();
    const runs: string[][] = [
      ['config', 'list'],
      ['config', 'set', 'pageId', '123456789012345'],
      ['config', 'set', 'lang', 'xx'],
      ['config', 'set', 'pageToken', 'EAAsecret'],
      ['config', 'get', 'appId'],
      ['config', 'get', 'nope'],
      ['config', 'list'],
      ['config', 'unset', 'pageId'],
      ['config', 'unset', 'pageId'],
      ['config', 'use', 'ghost'],
      ['config', 'list', '--sandbox'],
    ];
    const out: string[] = [];
    for (const args of runs) {
      const result = await runCli(args, { env: ZH, configDir });
      expect(result.stderr).not.toContain('EAAsecret');
      out.push(`$ fb3cx ${args.join(' ')}  (退出码 ${result.exitCode})\n${result.stdout}${result.stderr}`);
    }
    await expect(steady(out.join('\n'), configDir)).toMatchFileSnapshot('__golden__/config.zh-CN.txt');
  });
});
