// Every test file starts in English, as a run without --lang, FB3CX_LANG or a locale does.
// Chosen before the file is collected, so a test that renders at module or describe level
// (fixtures drawn once for many assertions) has its messages too.
import { beforeAll } from 'vitest';
import { useLanguage } from '../../src/i18n/index.js';

await useLanguage('en');

beforeAll(async () => {
  await useLanguage('en');
});
