import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { textWidth } from '../../src/core/wrap.js';
import { runCli, tempDir, type CliResult } from '../support/run-cli.js';
import { savedLines, writeSaved } from '../support/replay.js';

/**
 * trigger, subscribe, token and replay in Chinese, as an administrator sees them. What changes
 * from run to run is set to a marker first: the sandbox's dates (it counts from today), message
 * IDs, timestamps and signatures of built events, free ports, temporary paths and durations.
 */
const ZH = { FB3CX_LANG: 'zh-CN', TZ: 'UTC' };

function steady(text: string): string {
  return text
    .replace(/\d{4}年\d{1,2}月\d{1,2}日/g, 'YYYY年M月D日')
    .replace(/\b20\d\d-\d\d-\d\d\b/g, 'YYYY-MM-DD')
    .replace(/m_fb3cx_[A-Za-z0-9]{22}/g, 'm_fb3cx_MID')
    .replace(/\b1\d{12}\b/g, 'TIMESTAMP')
    .replace(/sha256=[0-9a-f]{64}/g, 'sha256=SIGNATURE')
    .replace(/(127\.0\.0\.1|contoso\.3cx\.example):\d+/g, '$1:PORT')
    .replace(/\/tmp\/[\w./-]+/g, 'TMP/events.jsonl')
    .replace(/用时 [\d.]+ 秒/g, '用时 N 秒');
}

function transcript(result: CliResult): string {
  return `${steady(result.stdout)}\n--- stderr ---\n${steady(result.stderr)}`;
}

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A local webhook endpoint answering every POST with `status`. */
async function endpoint(status: number, body: string): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = status;
      res.end(body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
}

describe('trigger, subscribe and token in zh-CN', () => {
  it('trigger message --sandbox --dry-run', async () => {
    const result = await runCli(['trigger', 'message', '--sandbox', '--dry-run'], { env: ZH });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('将向 http://127.0.0.1:8080/webhook POST 1 个 message 事件');
    await expect(transcript(result)).toMatchFileSnapshot('__golden__/trigger-dry-run.zh-CN.txt');
  });

  it('subscribe --sandbox not-subscribed --dry-run: the labels line up in terminal columns', async () => {
    const result = await runCli(['subscribe', '--sandbox', 'not-subscribed', '--dry-run'], { env: ZH });
    expect(result.exitCode).toBe(0);
    const rows = result.stdout.split('\n').filter((line) => /^ {2}(之前|将变为)/.test(line));
    expect(rows).toHaveLength(2);
    // Both field lists start in the same terminal column, after labels two columns a character.
    expect(new Set(rows.map((line) => textWidth(line.slice(0, line.search(/[（a-z]/)))))).toEqual(new Set([10]));
    await expect(transcript(result)).toMatchFileSnapshot('__golden__/subscribe-dry-run.zh-CN.txt');
  });

  it('subscribe --sandbox missing-fields', async () => {
    const result = await runCli(['subscribe', '--sandbox', 'missing-fields'], { env: ZH });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('✔ 已添加 messaging_pre_checkouts, messaging_customer_information（已回读确认）');
    await expect(transcript(result)).toMatchFileSnapshot('__golden__/subscribe-missing-fields.zh-CN.txt');
  });

  it('token inspect --sandbox short-lived-token: dates and "in 1 hour" from Intl', async () => {
    const result = await runCli(['token', 'inspect', '--sandbox', 'short-lived-token'], { env: ZH });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^ {2}过期时间 {5}\d{4}年\d{1,2}月\d{1,2}日（1 小时后）$/m);
    expect(result.stderr).toMatch(/^! 它将于 \d{4}年\d{1,2}月\d{1,2}日过期（1 小时后），届时 3CX 将收不到消息。/m);
    await expect(transcript(result)).toMatchFileSnapshot('__golden__/token-inspect-short-lived.zh-CN.txt');
  });

  it('token inspect --sandbox data-access-expiring', async () => {
    const result = await runCli(['token', 'inspect', '--sandbox', 'data-access-expiring'], { env: ZH });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^ {2}数据访问权限 至 \d{4}年\d{1,2}月\d{1,2}日（3 天后）$/m);
    expect(result.stdout).toContain('✔ 3CX 可以一直使用的页面访问令牌');
    await expect(transcript(result)).toMatchFileSnapshot('__golden__/token-inspect-data-access.zh-CN.txt');
  });
});

describe('trigger --replay in zh-CN', () => {
  function savedFile(count: number): string {
    return writeSaved(join(tempDir(), 'events.jsonl'), savedLines(count));
  }

  it('a small saved file replayed to a local endpoint that accepts it', async () => {
    const url = await endpoint(200, 'EVENT_RECEIVED');
    const result = await runCli(['trigger', '--replay', savedFile(3), '--url', url, '--signature', 'none'], { env: ZH });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^✔ 已从 \S+ 向 http:\/\/127\.0\.0\.1:\d+\/webhook 重放 3 个事件，用时 [\d.]+ 秒。$/m);
    await expect(transcript(result)).toMatchFileSnapshot('__golden__/replay-delivered.zh-CN.txt');
  });

  it('the same file to an endpoint that answers 400: each failure said, nothing recorded', async () => {
    const url = await endpoint(400, 'bad request');
    const result = await runCli(['trigger', '--replay', savedFile(2), '--url', url, '--signature', 'none'], { env: ZH });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('端点返回 400：bad request；这种响应不会改变，因此不重试。');
    expect(result.stdout).toContain('未送达：2 个失败。');
    expect(result.stderr).toContain('失败的事件不会记为已送达');
    await expect(transcript(result)).toMatchFileSnapshot('__golden__/replay-refused.zh-CN.txt');
  });
});
