/**
 * The languages fb3cx speaks, and how a run picks one. Pure: bin/fb3cx.js (through the built
 * dist/lang.js) and the CLI both use it, so help and output always agree.
 */
export const LANGUAGES = ['en', 'zh-CN'] as const;
/**
 * Accented, lengthened English (the technique Android and Chromium use): any sentence that
 * escaped the catalogues shows up as plain English among it. For tests and translators; not
 * listed in the help.
 */
export const PSEUDO_LANGUAGE = 'en-XA';
export type Language = (typeof LANGUAGES)[number] | typeof PSEUDO_LANGUAGE;

/** The `Intl` locale of each language. */
export const INTL_LOCALE: Record<Language, string> = { en: 'en', 'zh-CN': 'zh-CN', 'en-XA': 'en' };

/** `--lang` and FB3CX_LANG and a profile's `lang`: exact names, in any case. */
export function parseLanguage(value: string): Language | undefined {
  const wanted = value.trim().toLowerCase();
  if (wanted === PSEUDO_LANGUAGE.toLowerCase()) return PSEUDO_LANGUAGE;
  return LANGUAGES.find((language) => language.toLowerCase() === wanted) ?? fromLocale(value);
}

/**
 * A POSIX locale (`zh_CN.UTF-8`, `zh_CN`, `zh-Hans`, `zh`, `en_US.UTF-8`) as a language;
 * undefined for `C`, `POSIX` and anything else we do not speak.
 */
export function fromLocale(locale: string): Language | undefined {
  const base = locale.trim().split(/[.@]/)[0]?.replace(/_/g, '-').toLowerCase() ?? '';
  if (base === '' || base === 'c' || base === 'posix') return undefined;
  const [language, region] = base.split('-');
  if (language === 'zh') {
    // Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not simplified Chinese: English is the honest fallback.
    if (region === undefined || region === 'cn' || region === 'sg' || region === 'hans') return 'zh-CN';
    return undefined;
  }
  if (language === 'en') return 'en';
  return undefined;
}

export type LanguageSource = 'flag' | 'env' | 'profile' | 'locale' | 'default';

export interface LanguageChoice {
  language: Language;
  source: LanguageSource;
}

/** The first locale variable that is set, as POSIX orders them: LC_ALL, LC_MESSAGES, LANG. */
function localeOf(env: Record<string, string | undefined>): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/**
 * --lang, then FB3CX_LANG, then the profile's `lang`, then the POSIX locale, then English. A
 * value of --lang that is not a language is the caller's usage error (it comes back as
 * `invalid`; without a flag there is always a language); an unknown FB3CX_LANG, profile value or locale quietly falls through.
 */
export function chooseLanguage(input: { flag?: undefined; env: Record<string, string | undefined>; profile?: string | undefined }): LanguageChoice;
export function chooseLanguage(input: { flag?: string | undefined; env: Record<string, string | undefined>; profile?: string | undefined }): LanguageChoice | { invalid: string };
export function chooseLanguage(input: { flag?: string | undefined; env: Record<string, string | undefined>; profile?: string | undefined }): LanguageChoice | { invalid: string } {
  if (input.flag !== undefined) {
    const language = parseLanguage(input.flag);
    return language === undefined ? { invalid: input.flag } : { language, source: 'flag' };
  }
  const fromEnv = input.env.FB3CX_LANG ? parseLanguage(input.env.FB3CX_LANG) : undefined;
  if (fromEnv) return { language: fromEnv, source: 'env' };
  const fromProfile = input.profile ? parseLanguage(input.profile) : undefined;
  if (fromProfile) return { language: fromProfile, source: 'profile' };
  const locale = localeOf(input.env);
  const fromPosix = locale === undefined ? undefined : fromLocale(locale);
  if (fromPosix) return { language: fromPosix, source: 'locale' };
  return { language: 'en', source: 'default' };
}

/**
 * The value of `--lang` on a command line (`--lang zh-CN`, `--lang=zh-CN`), before a `--`;
 * undefined when absent. A `--lang` with nothing after it is the empty string. `rest` is the
 * command line without it (bin/fb3cx.js reads the help topic from that).
 */
export function splitLangFlag(argv: readonly string[]): { flag: string | undefined; rest: string[] } {
  let flag: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang') flag = argv[++i] ?? '';
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
    else rest.push(arg);
  }
  return { flag, rest };
}

export function langFlag(argv: readonly string[]): string | undefined {
  return splitLangFlag(argv).flag;
}
