import { describe, expect, it } from 'vitest';
import { textWidth, wrapForTerminal, wrapText } from '../../src/core/wrap.js';
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

describe('wrapping Chinese', () => {
  it('breaks between Chinese words, counting each character as two columns', () => {
    const text = '页面访问令牌已过期：3CX 收不到消息。请在 Meta 开发者后台重新生成令牌，然后在 3CX 中保存。';
    const lines = wrapText(text, 30);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(30);
    // Nothing is lost or added but the spaces around Latin words, which stay.
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    expect(lines.join('\n')).toContain('Meta');
  });

  it('never starts a line with closing punctuation nor ends one with opening punctuation', () => {
    for (let width = 8; width <= 40; width++) {
      const lines = wrapText('请点击“Generate token”按钮（在 Messenger API Settings 页面中），复制页面访问令牌。然后运行 fb3cx verify。', width);
      for (const line of lines.slice(1)) expect(line, `width ${width}: ${lines.join(' | ')}`).not.toMatch(/^[，。）」”：；]/);
      for (const line of lines) expect(line, `width ${width}`).not.toMatch(/[（「“]$/);
    }
  });

  it('keeps a URL or command whole and a colour code with its text', () => {
    const lines = wrapText('打开 https://developers.facebook.com/apps/1234567890/messenger/settings/ 然后\u001b[33m重新生成令牌\u001b[39m。', 20);
    expect(lines).toContain('https://developers.facebook.com/apps/1234567890/messenger/settings/');
    const joined = lines.join('');
    expect(joined).toContain('\u001b[33m');
    for (const line of lines) expect(line).not.toMatch(/\u001b$|\u001b\[[0-9;]*$/);
  });

  it('lays out a check line in columns, Chinese continuing under its value', () => {
    const out = wrapForTerminal('  ✔ token.valid   页面访问令牌有效，属于页面 Contoso Coffee，永不过期；3CX 可以一直使用它接收消息。', 50);
    const lines = out.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(50);
    const hang = /^ */.exec(lines[1] ?? '')?.[0].length;
    expect(hang).toBe(textWidth('  ✔ token.valid   '));
  });
});

describe('wrapping Chinese next to a URL', () => {
  it('keeps a URL whole when Chinese touches it without a space', () => {
    const url = 'https://contoso.3cx.example:44659/facebook/webhook/3f9c2a7e';
    for (let width = 20; width <= 60; width += 5) {
      const lines = wrapText(`完成后，把回调 URL 改回 3CX（${url}）并点击 "Verify and save"，否则 3CX 收不到消息。`, width);
      expect(lines.some((line) => line.includes(url)), `width ${width}: ${lines.join(' | ')}`).toBe(true);
    }
  });
});
