// Every test file starts in English, as a run without --lang, FB3CX_LANG or a locale does. The
// language is chosen before the file is collected too, since a describe block may build its
// fixtures (token facts, Graph errors) from sentences.
import { beforeAll } from 'vitest';
import { useLanguage } from '../../src/i18n/index.js';

await useLanguage('en');

beforeAll(async () => {
  await useLanguage('en');
});
