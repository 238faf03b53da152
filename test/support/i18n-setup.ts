// Every test file starts in English, as a run without --lang, FB3CX_LANG or a locale does:
// already when the file is loaded (a help built at module level reads the catalogues), and again
// before its tests.
import { beforeAll } from 'vitest';
import { useLanguage } from '../../src/i18n/index.js';

await useLanguage('en');

beforeAll(async () => {
  await useLanguage('en');
});
