import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/core/wrap.js';
import { runCli } from '../support/run-cli.js';

/**
 * The Meta-side checks (token.*, page.*, app.*) in Chinese, scenario by scenario, as verify
 * --json reports them: id, status and code (the same in every language), then the title, the
 * detail and the fix in Chinese. The report around them (headings, "Fix:", the summary) is the
 * renderer's and has its own golden outputs; these files hold only what these checks say, so a
 * change to a sentence shows up here and nowhere else.
 */
const SCENARIOS = [
  'expired-token',
  'password-changed',
  'user-token',
  'wrong-page',
  'not-subscribed',
  'missing-fields',
  'other-app',
  'callback-elsewhere',
  'dev-mode',
  'standard-access-only',
  'review-incomplete',
  'expiring-token',
  'rate-limited',
  'short-lived-token',
  'data-access-expiring',
  'page-restricted',
] as const;

const META_CHECK = /^(token|page|app)\./;

interface Check {
  id: string;
  title: string;
  status: string;
  code?: string;
  detail: string;
  fix?: string;
}

async function checksOf(scenario: string, lang: string): Promise<Check[]> {
  const { stdout } = await runCli(['verify', '--sandbox', scenario, '--json'], { env: { FB3CX_LANG: lang, NO_COLOR: '1' } });
  const report = JSON.parse(stdout) as { checks: Check[] };
  return report.checks.filter((check) => META_CHECK.test(check.id));
}

/** What changes from run to run: the calendar dates (the sandbox's clock is the real one) and the port. */
function steady(text: string): string {
  return text
    .replace(/\d{4}年\d{1,2}月\d{1,2}日/g, 'YYYY年M月D日')
    .replace(/\d{4}-\d\d-\d\d(T[\d:.]+Z)?/g, 'YYYY-MM-DD')
    .replace(/(127\.0\.0\.1|contoso\.3cx\.example):\d+/g, '$1:PORT');
}

function render(checks: Check[]): string {
  const width = Math.max(...checks.map((check) => textWidth(check.id)));
  return checks
    .map((check) => {
      const lines = [`${check.id}${' '.repeat(width - textWidth(check.id))}  ${check.status}  ${check.code ?? '-'}`, `  ${check.title}`, `  ${check.detail}`];
      if (check.fix) lines.push(`  修复：${check.fix}`);
      return lines.join('\n');
    })
    .join('\n');
}

describe('verify --sandbox: the Meta-side checks in zh-CN', () => {
  it.each(SCENARIOS)('%s', async (scenario) => {
    const [zh, en] = await Promise.all([checksOf(scenario, 'zh-CN'), checksOf(scenario, 'en')]);
    // Ids, statuses and codes are for scripts: the same in both languages, and every outcome has a code.
    expect(zh.map(({ id, status, code }) => ({ id, status, code }))).toEqual(en.map(({ id, status, code }) => ({ id, status, code })));
    expect(zh.filter((check) => !check.code).map((check) => check.id)).toEqual([]);
    // Every title and every sentence-bearing detail is Chinese.
    for (const check of zh) {
      expect(check.title, check.id).toMatch(/[\u4e00-\u9fff]/);
      if (check.fix) expect(check.fix, check.id).toMatch(/[\u4e00-\u9fff]/);
    }
    await expect(steady(render(zh))).toMatchFileSnapshot(`__golden__/verify-meta-${scenario}.zh-CN.txt`);
  });
});
