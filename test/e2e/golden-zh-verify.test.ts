import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/core/wrap.js';
import { runCli, type CliResult } from '../support/run-cli.js';

/**
 * fb3cx verify in Chinese, as an administrator reads it: the report of each sandbox scenario
 * that touches the report itself, the 3CX webhook and the 3CX API, and a fleet run of the
 * example inventory. What moves from run to run (free ports, the clock's dates and times, a
 * fleet's duration) is replaced by a marker before the comparison.
 */
const EXAMPLE = fileURLToPath(new URL('../../examples/fleet.csv', import.meta.url));
const ZH = { FB3CX_LANG: 'zh-CN' };

function steady(text: string): string {
  return text
    .replace(/(127\.0\.0\.1|contoso\.3cx\.example):\d+/g, '$1:PORT')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d UTC/g, '<时间>')
    .replace(/\d{4}-\d\d-\d\d/g, '<date>')
    .replace(/\d{4}年\d{1,2}月\d{1,2}日/g, '<日期>')
    .replace(/用时 \d+(\.\d)? 秒/g, '用时 N 秒');
}

function transcript(result: CliResult): string {
  return `${steady(result.stdout)}\n--- stderr ---\n${steady(result.stderr)}\n--- exit ${result.exitCode} ---\n`;
}

const SCENARIOS: Array<{ scenario: string; exitCode: number; shows: RegExp }> = [
  { scenario: 'healthy', exitCode: 0, shows: /✔ 通过 {2}20 项通过，0 项警告，0 项失败，0 项跳过，1 项需人工确认/ },
  { scenario: 'webhook-broken', exitCode: 1, shows: /✖ webhook\.handshake +返回 HTTP 404，没有原样返回 challenge/ },
  { scenario: 'webhook-inactive', exitCode: 1, shows: /✖ 未通过/ },
  { scenario: 'graph-down', exitCode: 3, shows: /检查无法运行：/ },
  { scenario: 'pbx-bad-key', exitCode: 1, shows: /获取 3CX API 令牌失败：contoso\.3cx\.example:\d+ 拒绝了 API 客户端 ID 或密钥（invalid_client）。/ },
  { scenario: 'pbx-no-licence', exitCode: 1, shows: /拒绝访问 Configuration API（HTTP 403）。/ },
  { scenario: 'delivery-gap', exitCode: 1, shows: /✖ delivery\.gap +消息到达了页面，却没有到达 3CX：/ },
  { scenario: 'conversations-forbidden', exitCode: 0, shows: /- delivery\.gap +已跳过：Meta 拒绝列出页面的会话（代码 200）/ },
];

describe('verify --sandbox in zh-CN', () => {
  it.each(SCENARIOS)('$scenario', async ({ scenario, exitCode, shows }) => {
    const result = await runCli(['verify', '--sandbox', scenario], { env: ZH, timeoutMs: 30_000 });
    expect(result.exitCode).toBe(exitCode);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(shows);
    // The group headings and the summary are Chinese whatever the checks found.
    if (exitCode !== 3) expect(result.stdout).toMatch(/^fb3cx verify {2}页面 \d+ · 应用 \d+ · Graph v[\d.]+ · 沙盒场景 /);
    await expect(transcript(result)).toMatchFileSnapshot(`__golden__/verify-${scenario}.zh-CN.txt`);
  });
});

describe('verify --sandbox --inventory in zh-CN', () => {
  it('examples/fleet.csv: a line per customer, the summary in Chinese word order', async () => {
    const result = await runCli(['verify', '--sandbox', '--inventory', EXAMPLE], { env: ZH, timeoutMs: 60_000 });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/^✖ 未通过 {2}13 个客户：通过 4 个，有警告 1 个，失败 7 个，无法连接 1 个（用时 \d+\.\d 秒）$/m);
    expect(result.stderr).toMatch(/^已检查 13\/13 个客户，目前 \d+ 个失败$/m);
    // The status column lines up in terminal columns: each status word starts at the same column
    // after the status symbol (terminals draw ✔ and ! alike, one column, whatever width tables say).
    const customerLines = result.stdout.split('\n').filter((line) => /^[✔!✖] /.test(line) && !line.includes('未通过'));
    expect(customerLines).toHaveLength(13);
    const statusAt = customerLines.map((line) => {
      const status = /  (通过|有警告|失败|无法连接|无效)( |$)/.exec(line);
      return status ? textWidth(line.slice(2, status.index)) : -1;
    });
    expect(new Set(statusAt)).toEqual(new Set([statusAt[0]]));
    expect(statusAt[0]).toBeGreaterThan(0);
    // Progress lines arrive as customers finish, in an order that varies: only the last one is kept.
    const stderr = result.stderr
      .split('\n')
      .filter((line) => !/^已检查 \d+\/13 个客户/.test(line) || line.startsWith('已检查 13/13'))
      .map((line) => line.replace(/目前 \d+ 个失败/, '目前 N 个失败'))
      .join('\n');
    await expect(transcript({ ...result, stderr })).toMatchFileSnapshot('__golden__/verify-fleet.zh-CN.txt');
  });
});
