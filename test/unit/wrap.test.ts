import { describe, expect, it } from 'vitest';
import { textWidth, wrapText } from '../../src/core/wrap.js';
import { terminalColumns } from '../../src/core/text.js';

describe('wrapText', () => {
  it('breaks at word boundaries and never inside a word', () => {
    const text = 'Check that the App Mode switch at the top of the app dashboard says Live before you test.';
    const lines = wrapText(text, 20);
    expect(lines.every((line) => textWidth(line) <= 20)).toBe(true);
    expect(lines.join(' ')).toBe(text);
  });

  it('gives the first line its own width', () => {
    const lines = wrapText('one two three four five six seven eight nine ten', 9, 20);
    expect(textWidth(lines[0] ?? '')).toBeLessThanOrEqual(9);
    expect(lines.slice(1).every((line) => textWidth(line) <= 20)).toBe(true);
    expect(lines.join(' ')).toBe('one two three four five six seven eight nine ten');
  });

  it('keeps a word longer than the line whole', () => {
    const url = 'https://developers.facebook.com/apps/123456789012345/messenger/settings/';
    expect(wrapText(`open ${url} now`, 30)).toEqual(['open', url, 'now']);
  });

  it('counts a Chinese character as two columns', () => {
    expect(textWidth('页面访问令牌')).toBe(12);
    const lines = wrapText('页面访问令牌 已过期 请在 Messenger API Settings 中重新生成', 14);
    expect(lines.every((line) => textWidth(line) <= 14 || !line.includes(' '))).toBe(true);
  });
});

describe('a terminal without a width (0 columns: stty cols 0, some docker exec -t and CI terminals)', () => {
  it('counts as no width, never as a width of 0 or 1', () => {
    expect(terminalColumns(0)).toBeUndefined();
    expect(terminalColumns(undefined)).toBeUndefined();
    expect(terminalColumns(Number.NaN)).toBeUndefined();
    expect(terminalColumns(-3)).toBeUndefined();
    expect(terminalColumns(80)).toBe(80);
  });

  it('wraps nothing when there is no width, instead of one word a line', () => {
    const text = 'the certificate of pbx.example.com is not accepted';
    expect(wrapText(text, 0)).toEqual([text]);
    expect(wrapText(text, -4, 0)).toEqual([text]);
    expect(wrapText(text, 10, Number.POSITIVE_INFINITY)).toEqual([text]);
    expect(wrapText(text, Number.NaN)).toEqual([text]);
  });
});
