import { describe, expect, it } from 'vitest';
import { jsonSafe, Output, terminalSafe } from '../../src/io/output.js';
import { wrapForTerminal } from '../../src/core/wrap.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import * as terminalWrap from '../../src/core/wrap.js';
import { textWidth } from '../../src/core/wrap.js';

const HOSTILE = 'a\u001b]0;pwned\u0007b\u009b31mc\u202ed\u2066e\r\u007f';

function capture(options: { tty?: boolean; columns?: number; env?: NodeJS.ProcessEnv; json?: boolean; secrets?: SecretRegistry } = {}) {
  const written = { stdout: '', stderr: '' };
  const stream = (key: 'stdout' | 'stderr') => ({ write: (text: string) => (written[key] += text), isTTY: options.tty, columns: options.columns });
  // cli.ts hands Output the wrapper when a stream is a terminal, as here when `tty` is set.
  const out = new Output({ stdout: stream('stdout'), stderr: stream('stderr'), env: options.env ?? { NO_COLOR: '1' }, json: options.json, secrets: options.secrets, wrap: options.tty ? terminalWrap : undefined });
  return { out, written };
}

describe('text for a terminal', () => {
  it('shows C0, C1, DEL and bidi controls as escapes, and keeps tab and line feed', () => {
    expect(terminalSafe(HOSTILE, false)).toBe('a\\u001b]0;pwned\\u0007b\\u009b31mc\\u202ed\\u2066e\\u000d\\u007f');
    expect(terminalSafe('one\ttwo\nthree', false)).toBe('one\ttwo\nthree');
  });

  it("keeps fb3cx's own colours where the stream has colour, never conceal or other sequences", () => {
    expect(terminalSafe('\u001b[31mred\u001b[39m', true)).toBe('\u001b[31mred\u001b[39m');
    expect(terminalSafe('\u001b[8mhidden', true)).toBe('\\u001b[8mhidden');
    expect(terminalSafe('\u001b]0;title\u0007', true)).toBe('\\u001b]0;title\\u0007');
    // Without colour, no escape character reaches the terminal at all.
    expect(terminalSafe('\u001b[31mred', false)).toBe('\\u001b[31mred');
  });

  it('every human write goes through it: info, warn, error, result, raw, debug and presenter lines', () => {
    const { out, written } = capture();
    const verbose = new Output({ stdout: { write: (t: string) => (written.stdout += t) }, stderr: { write: (t: string) => (written.stderr += t) }, env: { NO_COLOR: '1' }, verbose: true });
    out.info(HOSTILE);
    out.warn(HOSTILE);
    out.error(HOSTILE);
    out.result(HOSTILE);
    out.raw(HOSTILE);
    verbose.debug(HOSTILE);
    out.present({ json: () => ({ schemaVersion: 1 as const }), human: () => [HOSTILE, { stderr: HOSTILE }] }, null);
    for (const text of [written.stdout, written.stderr]) {
      expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text).toContain('\\u001b]0;pwned');
    }
  });

  it('a secret is scrubbed before the escaping, so a secret holding a control is still hidden', () => {
    const secrets = new SecretRegistry();
    secrets.add('EAAB\u001bsecretvalue123');
    const { out, written } = capture({ secrets });
    out.error('token EAAB\u001bsecretvalue123 refused');
    expect(written.stderr).not.toContain('secretvalue123');
  });

  it('JSON keeps its values: C1 and bidi become \\u escapes that every JSON reader decodes to the same text', () => {
    const value = { text: HOSTILE };
    const safe = jsonSafe(JSON.stringify(value));
    expect(safe).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2066]/);
    expect(JSON.parse(safe)).toEqual(value);
    const { out, written } = capture({ json: true });
    out.resultJson(value);
    out.present({ json: () => ({ schemaVersion: 1 as const, ...value }), human: () => [] }, null);
    for (const document of written.stdout.trim().split(/\n(?=\{)/)) expect(JSON.parse(document)).toMatchObject(value);
  });
});

describe('wrapping human text to the terminal', () => {
  const sentence = 'The page access token has expired; generate a new one under Messenger API Settings and paste it again.';

  it('wraps stderr lines at word boundaries on a terminal, with the marker and indent kept', () => {
    const { out, written } = capture({ tty: true, columns: 40 });
    out.warn(sentence);
    out.info(`  ${sentence}`);
    const lines = written.stderr.trimEnd().split('\n');
    expect(lines.every((line) => textWidth(line) <= 40)).toBe(true);
    expect(lines[0]?.startsWith('! The page')).toBe(true);
    // Continuation lines of the warning sit under its text, those of the info under its indent.
    const warnLines = lines.slice(0, lines.findIndex((line) => line.startsWith('  The page')));
    expect(warnLines.slice(1).every((line) => line.startsWith('  ') && !line.startsWith('   '))).toBe(true);
    expect(warnLines.map((line) => line.trim()).join(' ')).toBe(`! ${sentence}`);
  });

  it('leaves text alone in a pipe, on a terminal too narrow to help, and where it fits', () => {
    for (const options of [{ tty: false, columns: 40 }, { tty: true, columns: 0 }, { tty: true, columns: undefined }, { tty: true, columns: 200 }]) {
      const { out, written } = capture(options);
      out.info(sentence);
      expect(written.stderr).toBe(`${sentence}\n`);
    }
  });

  it('keeps a URL whole and counts CJK characters as two columns', () => {
    const url = 'https://developers.facebook.com/apps/123456789012345/messenger/settings/';
    expect(wrapForTerminal(`open ${url} now`, 30).split('\n')).toEqual(['open', url, 'now']);
    const wrapped = wrapForTerminal('页面 访问 令牌 已经 过期 了 请 在 设置 中 重新 生成 一个 新的', 20).split('\n');
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.every((line) => textWidth(line) <= 20)).toBe(true);
  });

  it('keeps the label of a line laid out in columns and continues under its value', () => {
    const wrapped = wrapForTerminal('  Verify token  JpXLo0lcPbpHWvofuvaw1H6a  generated for this run; keep one with --verify-token or FB3CX_VERIFY_TOKEN', 50).split('\n');
    expect(wrapped[0]?.startsWith('  Verify token  JpXLo0lcPbpHWvofuvaw1H6a')).toBe(true);
    expect(wrapped.slice(1).every((line) => line.startsWith(' '.repeat(16)) && !line.startsWith(' '.repeat(17)))).toBe(true);
    expect(wrapped.every((line) => textWidth(line) <= 50)).toBe(true);
  });

  it('continues a list item under its text', () => {
    const wrapped = wrapForTerminal('  1. My Apps > Create App > Other > Business. Name it, pick your business account.', 40).split('\n');
    expect(wrapped[0]?.startsWith('  1. My Apps')).toBe(true);
    expect(wrapped.slice(1).every((line) => line.startsWith('     ') && !line.startsWith('      '))).toBe(true);
  });

  it('leaves stdout to the presenters: results, raw text and JSON are never wrapped', () => {
    const { out, written } = capture({ tty: true, columns: 30 });
    out.result(sentence);
    out.raw(sentence);
    out.resultJson({ sentence });
    expect(written.stdout).toBe(`${sentence}\n${sentence}${JSON.stringify({ sentence }, null, 2)}\n`);
  });
});

describe('wrapForTerminal and long words', () => {
  it('gives a URL too long for its column a line of its own, whole', () => {
    const url = 'https://developers.facebook.com/apps/';
    const text = wrapForTerminal(`  Your apps:          ${url}`, 50);
    expect(text.split('\n')).toEqual(['  Your apps:', url]);
  });
});
