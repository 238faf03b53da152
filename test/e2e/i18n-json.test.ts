import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/run-cli.js';

/**
 * --json is for scripts: keys, check ids, statuses and codes are the same in every language,
 * and every human sentence sits beside a stable code (or a check id) that a script can match on.
 */
const HUMAN_KEYS = new Set(['title', 'detail', 'fix', 'message', 'hint', 'text', 'summary', 'note', 'event']);

/** What differs from one run to the next in any language: timings, clocks, random message IDs, signatures of bodies that hold them. */
const VOLATILE = /duration|^ms$|Ms$|time|At$|expires$|^mid$|signature|^body$|^headers$/i;

/** The document with every human sentence replaced by a marker; what is left must not depend on the language. */
function withoutSentences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSentences);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, HUMAN_KEYS.has(key) && typeof item === 'string' ? '<sentence>' : VOLATILE.test(key) ? '<volatile>' : withoutSentences(item)]),
    );
  }
  return value;
}

/** Objects that carry a sentence but no code or id beside it. */
function sentencesWithoutCode(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => sentencesWithoutCode(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  const entries = Object.entries(value);
  // A check's title is named by its id; any other sentence (a detail, a message) needs its own code.
  const sentence = entries.some(([key, item]) => HUMAN_KEYS.has(key) && key !== 'title' && typeof item === 'string');
  const titled = entries.some(([key, item]) => key === 'title' && typeof item === 'string');
  const own = (sentence && !entries.some(([key]) => key === 'code')) || (titled && !entries.some(([key]) => key === 'id' || key === 'code')) ? [path] : [];
  // A webhook body (trigger's `payload`) is Meta's shape and a person's words: data, not fb3cx's sentences.
  return [...own, ...entries.filter(([key]) => key !== 'payload').flatMap(([key, item]) => sentencesWithoutCode(item, `${path}.${key}`))];
}

const RUNS = [
  ['verify', '--sandbox', '--json'],
  ['verify', '--sandbox', 'expired-token', '--json'],
  ['verify', '--sandbox', 'review-incomplete', '--json'],
  ['verify', '--sandbox', 'graph-down', '--json'],
  ['subscribe', '--sandbox', 'missing-fields', '--dry-run', '--json'],
  ['token', 'inspect', '--sandbox', 'short-lived-token', '--json'],
  ['trigger', 'message', '--sandbox', '--dry-run', '--json'],
  ['verify', '--page-id', 'abc', '--json'],
  ['config', 'list', '--json'],
];

describe('--json in every language', () => {
  it.each(RUNS)('%s %s %s %s: the same document but for the sentences, each beside a code', async (...args) => {
    // One config folder for both, so a path in the document (config list) is the same.
    const configDir = tempDir();
    const [english, chinese] = await Promise.all([runCli(args, { env: { FB3CX_LANG: 'en' }, configDir }), runCli(args, { env: { FB3CX_LANG: 'zh-CN' }, configDir })]);
    expect(chinese.exitCode).toBe(english.exitCode);
    const en = JSON.parse(english.stdout) as unknown;
    const zh = JSON.parse(chinese.stdout) as unknown;
    expect(withoutSentences(zh)).toEqual(withoutSentences(en));
    expect(sentencesWithoutCode(en)).toEqual([]);
    // The sentences themselves do follow the language.
    if (JSON.stringify(en).match(/"(detail|message)":"[A-Za-z]/)) expect(JSON.stringify(zh)).toMatch(/[\u4e00-\u9fff]/);
  });
});
