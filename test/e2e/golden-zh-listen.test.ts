import { Chalk } from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/core/webhook/session.js';
import { textWidth } from '../../src/core/wrap.js';
import { useLanguage } from '../../src/i18n/index.js';
import { renderEventLine, renderRejectedLine } from '../../src/io/webhook-render.js';
import { englishLeft } from '../support/pseudo.js';
import { startListen, type ListenProcess } from '../support/listen-helpers.js';
import { runCli } from '../support/run-cli.js';

/**
 * fb3cx listen in Chinese, as an administrator sees it: the header, a handshake, a POST with a
 * wrong signature, a message sent by trigger, and the summary once --exit-after is met. The same
 * session in en-XA must leave no English line, and its --json lines must carry the same codes
 * in every language.
 */
const running: ListenProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});

interface Session {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** The port of the listener, from the ready line of --json or the header of the human mode. */
async function portOf(listener: ListenProcess, json: boolean): Promise<string> {
  if (json) return new URL(String((await listener.waitFor((line) => line.kind === 'ready')).url)).port;
  await listener.waitForStderr(/http:\/\/127\.0\.0\.1:\d+\/webhook/);
  return /http:\/\/127\.0\.0\.1:(\d+)\/webhook/.exec(listener.stderr())?.[1] ?? '';
}

/** One request after the other, each answered before the next, so the lines come in one order. */
async function session(lang: string, json = false): Promise<Session> {
  const env = { FB3CX_LANG: lang };
  const listener = startListen(['--sandbox', '--port', '0', '--verify-token', 'golden-verify-token', '--exit-after', '1', ...(json ? ['--json'] : [])], env);
  running.push(listener);
  const port = await portOf(listener, json);
  const url = `http://127.0.0.1:${port}/webhook`;
  const handshake = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=golden-verify-token&hub.challenge=4711`);
  expect(await handshake.text()).toBe('4711');
  const forged = await fetch(url, { method: 'POST', body: '{"object":"page","entry":[]}', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } });
  expect(forged.status).toBe(403);
  const trigger = await runCli(['trigger', 'message', '--sandbox', '--url', url]);
  expect(trigger.exitCode).toBe(0);
  const { exitCode } = await listener.exited;
  return { stdout: listener.stdout(), stderr: listener.stderr(), exitCode };
}

/** What changes from run to run: the clock, free ports, the sandbox's 3CX port, the duration. */
function steady(text: string): string {
  return text
    .replace(/\b\d\d:\d\d:\d\d\b/g, 'hh:mm:ss')
    .replace(/(127\.0\.0\.1|contoso\.3cx\.example):\d+/g, '$1:PORT')
    .replace(/ngrok http \d+/g, 'ngrok http PORT')
    .replace(/\d+(\.\d)? 秒。/g, 'N 秒。');
}

describe('listen in zh-CN', () => {
  it('a session with a handshake, a forged signature and a message', async () => {
    const { stdout, stderr, exitCode } = await session('zh-CN');
    expect(exitCode).toBe(0);
    expect(stdout).toContain('已拒绝 403');
    expect(stderr).toMatch(/完成（收到 1 个事件），用时 \d+(\.\d)? 秒。/);
    await expect(`${steady(stdout)}\n--- stderr ---\n${steady(stderr)}`).toMatchFileSnapshot('__golden__/listen-session.zh-CN.txt');
  });

  it('the same session in en-XA leaves no line in plain English', async () => {
    const { stdout, stderr, exitCode } = await session('en-XA');
    expect(exitCode).toBe(0);
    // The event line itself is what a Facebook user wrote: data, not fb3cx's words.
    const lines = `${stdout}\n${stderr}`.split('\n').filter((line) => !line.includes('"Hello from fb3cx trigger"'));
    expect(englishLeft(lines.join('\n'))).toEqual([]);
  });

  it('--json: the same lines and codes in English and Chinese, the sentences in the language', async () => {
    const [en, zh] = [await session('en', true), await session('zh-CN', true)];
    const parse = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const [enLines, zhLines] = [parse(en.stdout), parse(zh.stdout)];
    expect(zhLines.map((line) => [line.kind, line.code, line.status])).toEqual(enLines.map((line) => [line.kind, line.code, line.status]));
    const rejected = zhLines.find((line) => line.kind === 'rejected');
    expect(rejected).toMatchObject({ status: 403, code: 'signature_mismatch', method: 'POST', path: '/webhook' });
    expect(String(rejected?.reason)).toMatch(/签名与此应用密钥不符/);
    expect(enLines.find((line) => line.kind === 'rejected')?.reason).toMatch(/does not match this app secret/);
    expect(zhLines.at(-1)).toMatchObject({ kind: 'summary', exitCode: 0, code: 'exit_after', reason: '收到 1 个事件', events: 1, rejected: 1, handshakes: 1 });
    expect(enLines.at(-1)).toMatchObject({ kind: 'summary', code: 'exit_after', reason: '1 event received' });
  });
});

describe('listen lines in zh-CN, in process', () => {
  it('durations come from Intl, a space between number and unit', async () => {
    await useLanguage('zh-CN');
    try {
      expect(formatDuration(2.5)).toBe('2.5 秒');
      expect(formatDuration(42)).toBe('42 秒');
      expect(formatDuration(184)).toBe('3 分钟 4 秒');
      expect(formatDuration(3780)).toBe('1 小时 3 分钟');
    } finally {
      await useLanguage('en');
    }
    expect(formatDuration(184)).toBe('3m 04s');
  });

  it('columns line up by terminal width: Chinese labels, a Chinese sender name, Chinese text cut to fit', async () => {
    await useLanguage('zh-CN');
    try {
      const style = new Chalk({ level: 0 });
      const at = new Date(2026, 0, 1, 9, 5, 7).getTime();
      const event = { type: 'message' as const, pageId: '1', senderId: '2', recipientId: '1', timestamp: at, text: '你好'.repeat(100), standby: true, raw: null };
      const line = renderEventLine(event, { style, receivedAt: at, signature: 'none', senderName: '张伟张伟张伟张伟张伟张伟', columns: 100 });
      const rejected = renderRejectedLine(style, at, 403, '握手验证被拒绝');
      // The content column starts at the same terminal column on both lines, and the line fits.
      const contentAt = (text: string, marker: string) => textWidth(text.slice(0, text.indexOf(marker)));
      expect(contentAt(rejected, '握手验证被拒绝')).toBe(32);
      expect(textWidth(line.slice(0, line.indexOf('张伟')))).toBe(32);
      expect(contentAt(line, '"你好')).toBe(32 + 18 + 2);
      expect(line).toContain('message（待命）');
      expect(line).toContain('未验证');
      expect(textWidth(line)).toBeLessThanOrEqual(100);
    } finally {
      await useLanguage('en');
    }
  });
});
