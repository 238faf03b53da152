import i18next, { type i18n, type TFunction } from 'i18next';
import { INTL_LOCALE, PSEUDO_LANGUAGE, type Language } from './languages.js';
import type { catalogue as English } from './locales/en.js';
import type { Catalogue } from './pseudo.js';

/**
 * Every sentence a person reads comes from the catalogues through `t`, with i18next doing the
 * interpolation and the plurals (Intl.PluralRules). Only the active language's catalogue is
 * loaded: each is its own chunk of the bundle.
 */
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof English };
    returnNull: false;
  }
}

const LOADERS: Record<Language, () => Promise<Catalogue>> = {
  en: async () => (await import('./locales/en.js')).catalogue,
  'zh-CN': async () => (await import('./locales/zh-CN.js')).catalogue,
  [PSEUDO_LANGUAGE]: async () => {
    const [{ catalogue }, { pseudoCatalogue }] = await Promise.all([import('./locales/en.js'), import('./pseudo.js')]);
    return pseudoCatalogue(catalogue);
  },
};

let instance: i18n | undefined;
let active: Language = 'en';

/** Loads the language's catalogue and makes it the one `t` speaks. */
export async function useLanguage(language: Language): Promise<void> {
  if (instance !== undefined && active === language) return;
  const resources = await LOADERS[language]();
  const next = i18next.createInstance();
  // initAsync false: the resources are here already, so init completes before it returns.
  void next.init({
    lng: language,
    fallbackLng: false,
    resources: { [language]: { translation: resources } },
    initAsync: false,
    // Output goes to a terminal or JSON, never HTML.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  instance = next;
  active = language;
}

export function currentLanguage(): Language {
  return active;
}

/** The `Intl` locale of the active language. */
export function intlLocale(): string {
  return INTL_LOCALE[active];
}

/** The translation of a key in the active language. */
export const t = ((...args: Parameters<TFunction>) => {
  if (instance === undefined) throw new Error('fb3cx: a message was asked for before a language was chosen');
  return (instance.t as (...a: Parameters<TFunction>) => string)(...args);
}) as TFunction;
