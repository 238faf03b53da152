import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIO_NAMES } from '../../src/sandbox/scenario-names.js';
import { englishLeft } from '../support/pseudo.js';
import { savedLines, writeSaved } from '../support/replay.js';
import { runCli, tempDir, type CliResult } from '../support/run-cli.js';

/**
 * Every command, run in the pseudo-locale en-XA: a line a person reads that is still plain
 * English is a sentence that escaped the catalogues. The JSON documents keep their keys and
 * codes; their human sentences follow the language too.
 */
const PSEUDO = { FB3CX_LANG: 'en-XA' };

function leaks(result: CliResult, json = false, pasted: ReadonlySet<string> = new Set()): string[] {
  const stdout = result.stdout.split('\n').filter((line) => !pasted.has(line)).join('\n');
  const human = json ? result.stderr : `${stdout}\n${result.stderr}`;
  return englishLeft(human);
}

/**
 * The App Review texts stay English in every language (Meta's reviewers read English): their
 * lines, taken from the --json document of the same run, are set aside on stdout, and only there.
 */
async function appReviewTextLines(args: string[]): Promise<Set<string>> {
  const result = await runCli([...args, '--json'], { env: PSEUDO, timeoutMs: 30_000 });
  const doc = JSON.parse(result.stdout) as { pieces: Array<{ text: string }> };
  return new Set(doc.pieces.flatMap((piece) => piece.text.split('\n')).filter((line) => line.trim() !== ''));
}

/** The human sentences of a JSON document: the values of the keys that carry sentences. */
function jsonSentences(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) jsonSentences(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && ['title', 'detail', 'fix', 'message', 'hint', 'text', 'summary', 'note'].includes(key)) out.push(item);
      else jsonSentences(item, out);
    }
  }
  return out;
}

const HUMAN_RUNS: Array<{ name: string; args: string[]; input?: string; appReviewTexts?: boolean }> = [
  ...SCENARIO_NAMES.map((scenario) => ({ name: `verify --sandbox ${scenario}`, args: ['verify', '--sandbox', scenario] })),
  { name: 'verify --sandbox --strict', args: ['verify', '--sandbox', 'dev-mode', '--strict'] },
  { name: 'subscribe --sandbox not-subscribed --dry-run', args: ['subscribe', '--sandbox', 'not-subscribed', '--dry-run'] },
  { name: 'subscribe --sandbox missing-fields', args: ['subscribe', '--sandbox', 'missing-fields'] },
  { name: 'subscribe --sandbox', args: ['subscribe', '--sandbox'] },
  { name: 'review-text --sandbox', args: ['review-text', '--sandbox'], appReviewTexts: true },
  { name: 'token inspect --sandbox', args: ['token', 'inspect', '--sandbox'] },
  { name: 'token inspect --sandbox short-lived-token', args: ['token', 'inspect', '--sandbox', 'short-lived-token'] },
  { name: 'token exchange --sandbox short-lived-token --yes', args: ['token', 'exchange', '--sandbox', 'short-lived-token', '--yes'] },
  { name: 'trigger message --sandbox --dry-run', args: ['trigger', 'message', '--sandbox', '--dry-run'] },
  { name: 'trigger message --sandbox', args: ['trigger', 'message', '--sandbox'] },
  { name: 'trigger sticker --sandbox', args: ['trigger', 'sticker', '--sandbox'] },
  { name: 'listen --sandbox --timeout 1', args: ['listen', '--sandbox', '--timeout', '1'] },
  { name: 'config path', args: ['config', 'path'] },
  { name: 'config list (empty)', args: ['config', 'list'] },
  { name: 'config get pageId (unset)', args: ['config', 'get', 'pageId'] },
  { name: 'config use ghost', args: ['config', 'use', 'ghost'] },
  { name: 'config set pageToken (refused)', args: ['config', 'set', 'pageToken', 'EAAsecret'] },
  { name: 'verify without settings', args: ['verify'] },
  { name: 'verify --page-id abc', args: ['verify', '--page-id', 'abc'] },
  { name: 'verify --bogus', args: ['verify', '--bogus'] },
  { name: 'verify --only tokn', args: ['verify', '--sandbox', '--only', 'tokn'] },
  { name: 'a misspelt command', args: ['verfy'] },
  { name: 'a misspelt trigger type', args: ['trigger', 'stiker'] },
  { name: 'help on an unknown command', args: ['help', 'nonsense'] },
  { name: 'a secret as an argument', args: ['verify', '--page-token', 'EAAsecret'] },
];

describe('every human line in the pseudo-locale comes from the catalogues', () => {
  it.each(HUMAN_RUNS)('$name', async ({ args, input, appReviewTexts }) => {
    const result = await runCli(args, { env: PSEUDO, ...(input === undefined ? {} : { input }), timeoutMs: 30_000 });
    expect(result.signal).toBeNull();
    const pasted = appReviewTexts ? await appReviewTextLines(args) : new Set<string>();
    // The texts set aside are really printed: the headings and notes around them are what is checked.
    for (const line of pasted) expect(result.stdout).toContain(line);
    expect(leaks(result, false, pasted), `${result.stdout}\n${result.stderr}`).toEqual([]);
  });

  it('init --sandbox --yes, and a saved profile with config list and get', async () => {
    const configDir = tempDir();
    const out = join(tempDir(), 'pack');
    const init = await runCli(['init', '--sandbox', '--yes', '--out', out], { env: PSEUDO, configDir });
    expect(leaks(init), `${init.stdout}\n${init.stderr}`).toEqual([]);
    for (const args of [['config', 'set', 'pageId', '123456789012345'], ['config', 'list'], ['config', 'get', 'pageId'], ['config', 'unset', 'pageId'], ['config', 'set', 'lang', 'xx']]) {
      const result = await runCli(args, { env: PSEUDO, configDir });
      expect(leaks(result), `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toEqual([]);
    }
  });

  it('trigger --replay: a dry run, a delivery and a refusal, with a line that is not an event', async () => {
    const file = join(tempDir(), 'events.jsonl');
    writeSaved(file, ['{"kind":"ready"}', ...savedLines(2)]);
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = (req.url ?? '').includes('refuse') ? 400 : 200;
        res.end('bad request');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const args of [
        ['trigger', '--replay', file, '--url', `${base}/webhook`, '--dry-run'],
        ['trigger', '--replay', file, '--url', `${base}/webhook`],
        ['trigger', '--replay', file, '--url', `${base}/webhook`],
        ['trigger', '--replay', file, '--url', `${base}/refuse`, '--signature', 'none'],
        ['trigger', '--replay', join(tempDir(), 'missing.jsonl'), '--url', `${base}/webhook`],
      ]) {
        const result = await runCli(args, { env: PSEUDO });
        // The saved events' own words ("event 0") are data, not fb3cx's.
        const lines = leaks(result).filter((line) => !/"event \d+"/.test(line));
        expect(lines, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toEqual([]);
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('every written help text', () => {
    const help = JSON.parse(readFileSync(new URL('../../dist/help.en-XA.json', import.meta.url), 'utf8')) as Record<string, string>;
    for (const [topic, text] of Object.entries(help)) expect(englishLeft(text), `fb3cx ${topic} --help`).toEqual([]);
  });

  it.each([
    ['verify', '--sandbox', 'expired-token', '--json'],
    ['verify', '--sandbox', 'graph-down', '--json'],
    ['subscribe', '--sandbox', 'not-subscribed', '--dry-run', '--json'],
    ['token', 'inspect', '--sandbox', '--json'],
    ['verify', '--page-id', 'abc', '--json'],
  ])('the human sentences in %s %s %s %s', async (...args) => {
    const result = await runCli(args, { env: PSEUDO });
    const sentences = jsonSentences(JSON.parse(result.stdout));
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.flatMap((sentence) => englishLeft(sentence))).toEqual([]);
    expect(leaks(result, true)).toEqual([]);
  });
});

/**
 * The figure: in zh-CN, every line a person reads is Chinese, but for lines that are only
 * data (a URL, a command, an ID, a quoted label, JSON). The same commands as above, in Chinese:
 * each human line either has Chinese in it or nothing that englishLeft takes for English.
 */
describe('in zh-CN every human line is Chinese (or only data)', () => {
  const ZH = { FB3CX_LANG: 'zh-CN' };
  const counts = { lines: 0, chinese: 0 };
  it.each(HUMAN_RUNS.filter((run) => !run.appReviewTexts))('$name', async ({ args, input }) => {
    const result = await runCli(args, { env: ZH, ...(input === undefined ? {} : { input }), timeoutMs: 30_000 });
    const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
    const english = englishLeft(lines.filter((line) => !/[\u4e00-\u9fff]/.test(line)).join('\n'));
    counts.lines += lines.length;
    counts.chinese += lines.filter((line) => /[\u4e00-\u9fff]/.test(line)).length;
    expect(english, `${result.stdout}\n${result.stderr}`).toEqual([]);
  });
  afterAll(() => {
    // Printed for the closing note: how many of the lines read are Chinese, the rest being data.
    process.stdout.write(`zh-CN human lines: ${counts.chinese} of ${counts.lines} have Chinese in them; the others are data only\n`);
  });
});
