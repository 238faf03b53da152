import { describe, expect, it } from 'vitest';
import { chooseLanguage, fromLocale, langFlag, parseLanguage, splitLangFlag } from '../../src/i18n/languages.js';
import { currentLanguage, t, useLanguage } from '../../src/i18n/index.js';
import { pseudoLocalise } from '../../src/i18n/pseudo.js';

describe('choosing the language', () => {
  it.each([
    ['zh_CN.UTF-8', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh_SG.UTF-8', 'zh-CN'],
    ['en_US.UTF-8', 'en'],
    ['en_GB', 'en'],
  ])('reads the locale %s as %s', (locale, language) => {
    expect(fromLocale(locale)).toBe(language);
  });

  it.each(['C', 'POSIX', 'C.UTF-8', 'de_DE.UTF-8', 'zh_TW.UTF-8', 'zh-Hant', ''])('does not read %j as a language fb3cx speaks', (locale) => {
    expect(fromLocale(locale)).toBeUndefined();
  });

  it('takes --lang, then FB3CX_LANG, then the profile, then LC_ALL, LC_MESSAGES and LANG, then English', () => {
    const env = { FB3CX_LANG: 'en', LC_ALL: 'zh_CN.UTF-8' };
    expect(chooseLanguage({ flag: 'zh-CN', env })).toEqual({ language: 'zh-CN', source: 'flag' });
    expect(chooseLanguage({ env: { ...env, FB3CX_LANG: 'zh-cn' } })).toEqual({ language: 'zh-CN', source: 'env' });
    expect(chooseLanguage({ env, profile: 'zh-CN' })).toEqual({ language: 'en', source: 'env' });
    expect(chooseLanguage({ env: { LC_ALL: 'en_US.UTF-8' }, profile: 'zh-CN' })).toEqual({ language: 'zh-CN', source: 'profile' });
    expect(chooseLanguage({ env: { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' } })).toEqual({ language: 'zh-CN', source: 'locale' });
    expect(chooseLanguage({ env: { LC_MESSAGES: 'zh_CN', LANG: 'en_US.UTF-8' } })).toEqual({ language: 'zh-CN', source: 'locale' });
    expect(chooseLanguage({ env: { LC_ALL: '', LANG: 'zh_CN.UTF-8' } })).toEqual({ language: 'zh-CN', source: 'locale' });
    expect(chooseLanguage({ env: { LANG: 'C' } })).toEqual({ language: 'en', source: 'default' });
    expect(chooseLanguage({ env: {} })).toEqual({ language: 'en', source: 'default' });
  });

  it('refuses an unknown --lang but quietly passes over an unknown FB3CX_LANG, profile value or locale', () => {
    expect(chooseLanguage({ flag: 'fr', env: {} })).toEqual({ invalid: 'fr' });
    expect(chooseLanguage({ env: { FB3CX_LANG: 'fr', LANG: 'zh_CN.UTF-8' }, profile: 'klingon' })).toEqual({ language: 'zh-CN', source: 'locale' });
    expect(parseLanguage('ZH-cn')).toBe('zh-CN');
    expect(parseLanguage('zh_CN.UTF-8')).toBe('zh-CN');
  });

  it('finds --lang before or after the command, and not after --', () => {
    expect(langFlag(['--lang', 'zh-CN', 'verify'])).toBe('zh-CN');
    expect(langFlag(['verify', '--lang=zh-CN', '--json'])).toBe('zh-CN');
    expect(langFlag(['verify', '--', '--lang', 'zh-CN'])).toBeUndefined();
    expect(langFlag(['verify', '--lang'])).toBe('');
    // What is left is the command line the help topic is read from; after -- nothing is taken.
    expect(splitLangFlag(['--lang', 'zh-CN', 'verify', '--help'])).toEqual({ flag: 'zh-CN', rest: ['verify', '--help'] });
    expect(splitLangFlag(['help', '--', '--lang=zh-CN'])).toEqual({ flag: undefined, rest: ['help', '--', '--lang=zh-CN'] });
  });
});

describe('the catalogues at run time', () => {
  it('speaks the language it was given, and Chinese plurals come from Intl', async () => {
    await useLanguage('zh-CN');
    expect(currentLanguage()).toBe('zh-CN');
    expect(t('common.languageUnknown', { value: 'fr' })).toBe('fb3cx 不支持语言 fr。');
    await useLanguage('en');
    expect(t('common.languageUnknown', { value: 'fr' })).toBe('fb3cx does not speak fr.');
  });

  it('pseudo-localises every letter but placeholders, URLs, flags, env names and the program name', () => {
    const out = pseudoLocalise('Run fb3cx verify --sandbox or set FB3CX_PAGE_ID; see https://example.com/x. {{count}} left');
    expect(out.startsWith('⟦')).toBe(true);
    expect(out.endsWith('⟧')).toBe(true);
    expect(out).toContain('fb3cx');
    expect(out).toContain('--sandbox');
    expect(out).toContain('FB3CX_PAGE_ID');
    expect(out).toContain('https://example.com/x.');
    expect(out).toContain('{{count}}');
    expect(out).not.toMatch(/\bRun\b|\bverify\b|\bleft\b/);
  });
});
