import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/run-cli.js';

/**
 * review-text in zh-CN: the headings, places, warnings and reminder in Chinese around the App
 * Review texts, which stay English (Meta's reviewers read English). Each text's Chinese gloss
 * goes to stderr only, marked as not for pasting, and never into --json or --piece.
 */
const ZH = { FB3CX_LANG: 'zh-CN' };
const GLOSS_MARK = '仅供参考，请勿粘贴';

describe('review-text in Chinese', () => {
  it('--sandbox: Chinese around the English texts, a gloss of each on stderr', async () => {
    const [zh, en] = await Promise.all([runCli(['review-text', '--sandbox'], { env: ZH }), runCli(['review-text', '--sandbox'], { env: { FB3CX_LANG: 'en' } })]);
    expect(zh.exitCode).toBe(0);
    expect(zh.stdout).toContain('粘贴位置：');
    expect(zh.stdout).not.toContain(GLOSS_MARK);
    expect(zh.stderr.match(new RegExp(GLOSS_MARK, 'g'))).toHaveLength(6);
    // The texts to paste are the English ones, word for word.
    const texts = (JSON.parse((await runCli(['review-text', '--sandbox', '--json'], { env: ZH })).stdout) as { pieces: Array<{ text: string }> }).pieces;
    for (const { text } of texts) {
      expect(zh.stdout).toContain(text);
      expect(en.stdout).toContain(text);
    }
    await expect(`── stdout\n${zh.stdout}\n── stderr\n${zh.stderr}`).toMatchFileSnapshot('__golden__/zh-CN/review-text-sandbox.txt');
  });

  it('--json and --piece carry no gloss; --json keeps its keys and codes', async () => {
    const [zh, en, piece] = await Promise.all([
      runCli(['review-text', '--sandbox', 'review-incomplete', '--json'], { env: ZH }),
      runCli(['review-text', '--sandbox', 'review-incomplete', '--json'], { env: { FB3CX_LANG: 'en' } }),
      runCli(['review-text', '--sandbox', '--piece', 'pages-messaging'], { env: ZH }),
    ]);
    expect(zh.stdout).not.toContain(GLOSS_MARK);
    expect(zh.stderr).not.toContain(GLOSS_MARK);
    expect(piece.stderr).not.toContain(GLOSS_MARK);
    expect(piece.stdout).not.toMatch(/[\u4e00-\u9fff]/);
    type Doc = { pieces: Array<{ id: string; title: string; text: string }>; warningCodes: string[]; settings: Array<{ id: string; status: string; code?: string; detail?: string }> };
    const [zhDoc, enDoc] = [JSON.parse(zh.stdout) as Doc, JSON.parse(en.stdout) as Doc];
    expect(zhDoc.pieces.map((p) => [p.id, p.text])).toEqual(enDoc.pieces.map((p) => [p.id, p.text]));
    expect(zhDoc.pieces[0]?.title).toBe('应用验证摘要');
    expect(zhDoc.warningCodes).toEqual(enDoc.warningCodes);
    // The checklist's ids, statuses and codes are the same; only its sentences follow the language.
    const withoutSentence = (doc: Doc) => doc.settings.map(({ detail: _detail, ...rest }) => rest);
    expect(withoutSentence(zhDoc)).toEqual(withoutSentence(enDoc));
    expect(zhDoc.settings.filter((entry) => entry.detail !== undefined).every((entry) => entry.code !== undefined && /[\u4e00-\u9fff]/.test(entry.detail ?? ''))).toBe(true);
  });

  it('--out writes index.txt in Chinese and says so in Chinese', async () => {
    const out = join(tempDir(), 'pack');
    const result = await runCli(['review-text', '--sandbox', '--out', out], { env: ZH });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('个文本项和 index.txt 写入');
    const index = readFileSync(join(out, 'index.txt'), 'utf8');
    expect(index).toContain('粘贴位置：');
    expect(readFileSync(join(out, 'pages-messaging.txt'), 'utf8')).not.toMatch(/[\u4e00-\u9fff]/);
    await expect(index.replaceAll(out, '<out>')).toMatchFileSnapshot('__golden__/zh-CN/review-text-index.txt');
  });
});
