// Every test file starts in English, as a run without --lang, FB3CX_LANG or a locale does.
import { beforeAll } from 'vitest';
import { useLanguage } from '../../src/i18n/index.js';

beforeAll(async () => {
  await useLanguage('en');
});
