import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appReviewUrl, PIECE_IDS, PIECES } from '../../src/core/review/catalogue.js';
import { isComplete, REQUIRED_INPUTS, resolveReviewInputs, type ReviewInputs, type ReviewLayer } from '../../src/core/review/inputs.js';
import { buildReviewPack, compileTemplates, reviewValues, type TemplateSet } from '../../src/core/review/pack.js';
import { indexText, reviewJson } from '../../src/core/review/present.js';
import { evaluateSettings, type AppSettingsEvidence } from '../../src/core/review/settings-check.js';
import { parseTemplate, PLACEHOLDER_PATTERN, renderTemplate } from '../../src/core/review/template.js';
import { validateTemplate, VARIABLE_NAMES, VARIABLES } from '../../src/core/review/variables.js';
import { builtinTemplatesDir, readBuiltinTemplates } from '../../src/io/templates.js';
import { useLanguage } from '../../src/i18n/index.js';

// The packs below are rendered while the tests are collected, before the setup file's beforeAll.
await useLanguage('en');

const GOLDEN_DIR = fileURLToPath(new URL('../fixtures/review/', import.meta.url));

function builtinTemplates(): TemplateSet {
  const { templates, problems } = compileTemplates(readBuiltinTemplates());
  expect(problems).toEqual([]);
  return templates;
}

/** The sample customer of the golden files: every optional value known, app settings read. */
const northwind: ReviewInputs = {
  company: 'Northwind Traders',
  pageName: 'Northwind Support',
  pageId: '222222222222222',
  webClientUrl: 'https://northwind.on3cx.com:5001/webclient',
  extension: '950',
  password: 'R3view-Only!2026',
  appId: '987654321012345',
  privacyUrl: 'https://northwind.com/privacy',
};
const northwindApp: AppSettingsEvidence = {
  kind: 'read',
  app: { supported_platforms: ['WEB'], website_url: 'https://northwind.on3cx.com/', icon_url: 'https://static.example/icon.png', category: 'Business', privacy_policy_url: 'https://northwind.com/privacy' },
};
/** The same customer with nothing optional: no page or app id, no privacy URL, no app secret. */
const minimal: ReviewInputs = { company: 'Northwind Traders', pageName: 'Northwind Support', webClientUrl: 'https://northwind.on3cx.com:5001/webclient', extension: '950', password: 'R3view-Only!2026' };

function renderAll(inputs: ReviewInputs, evidence: AppSettingsEvidence) {
  const checks = evaluateSettings(evidence, inputs);
  return buildReviewPack(builtinTemplates(), reviewValues(inputs, checks));
}

function golden(name: string, actual: string): void {
  const path = `${GOLDEN_DIR}${name}`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('golden texts for a sample customer', () => {
  const full = renderAll(northwind, northwindApp);
  const bare = renderAll(minimal, { kind: 'no-credentials' });

  it('renders every piece, in catalogue order, without problems or warnings', () => {
    expect(full.pieces.map((piece) => piece.id)).toEqual([...PIECE_IDS]);
    expect(full.problems).toEqual([]);
    expect(full.warnings).toEqual([]);
    expect(bare.problems).toEqual([]);
    expect(bare.warnings).toEqual([]);
  });

  for (const id of PIECE_IDS) {
    it(`${id} (all values known)`, () => {
      golden(`full/${id}.txt`, `${full.pieces.find((piece) => piece.id === id)?.text}\n`);
    });
    it(`${id} (optional values absent)`, () => {
      golden(`minimal/${id}.txt`, `${bare.pieces.find((piece) => piece.id === id)?.text}\n`);
    });
  }

  it('index.txt', () => {
    golden('full/index.txt', indexText(full.pieces, northwind));
  });

  it('names the customer, the page and the 3CX address in every text a reviewer reads', () => {
    for (const id of ['verification-summary', 'pages-messaging', 'profile-access', 'test-instructions'] as const) {
      const text = full.pieces.find((piece) => piece.id === id)?.text ?? '';
      expect(text, id).toContain('Northwind Traders');
      expect(text, id).toContain('Northwind Support');
      expect(text, id).toContain('northwind.on3cx.com');
    }
  });

  it('states the facts the reviewer needs: own app per customer, no Facebook Login, name and picture', () => {
    const text = (id: string) => full.pieces.find((piece) => piece.id === id)?.text ?? '';
    expect(text('verification-summary')).toMatch(/each 3CX customer creates its own Meta app for its own Page/);
    expect(text('verification-summary')).toMatch(/does not use Facebook Login/);
    expect(text('pages-messaging')).toMatch(/Receive:[\s\S]*Reply:/);
    expect(text('profile-access')).toMatch(/name and profile picture/);
    expect(text('test-instructions')).toContain('Password: R3view-Only!2026');
  });

  it('keeps each text within its length budget', () => {
    for (const piece of full.pieces) {
      const info = PIECES.find((p) => p.id === piece.id);
      expect(piece.text.length, piece.id).toBeLessThanOrEqual(info?.budget ?? 0);
    }
  });
});

describe('the built-in templates', () => {
  it('ship one file per piece in the package templates folder', () => {
    expect(builtinTemplatesDir()).toMatch(/templates[\\/]$/);
    expect(readBuiltinTemplates().map((t) => t.file)).toEqual(PIECES.map((p) => `templates/${p.file}`));
  });

  it('pass validation and use the password only in test-instructions', () => {
    for (const source of readBuiltinTemplates()) {
      const parsed = parseTemplate(source.file, source.source);
      expect(validateTemplate(parsed, source.piece), source.file).toEqual([]);
      expect(source.source.includes('{{password}}'), source.file).toBe(source.piece === 'test-instructions');
    }
  });
});

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWKWARD = ['$&', '$1', "O'Brien & Söhne", 'Café "Zürich"', '100%', '\\n', '{', '}', '<b>', 'Ⅻ 東京', '  spaced  ', 'a'.repeat(150)];

function randomText(random: () => number): string {
  const pick = AWKWARD[Math.floor(random() * AWKWARD.length)] as string;
  return random() < 0.5 ? pick : `${pick} ${Math.floor(random() * 1e6)}`;
}

function randomLayer(random: () => number, index: number): ReviewLayer {
  const layer: ReviewLayer = {};
  const maybe = () => random() < 0.6;
  if (maybe()) layer.company = randomText(random);
  if (maybe()) layer.pageName = randomText(random);
  if (maybe()) layer.extension = String(Math.floor(random() * 1e5));
  // A marker no other value can contain, so "appears only in test-instructions" is exact.
  if (maybe()) layer.password = `PW${index}~${Math.floor(random() * 1e9)}#`;
  if (maybe()) {
    if (random() < 0.5) layer.pbxHost = random() < 0.5 ? 'pbx.contoso.net' : 'pbx.contoso.net:443';
    else layer.webClientUrl = random() < 0.5 ? 'https://pbx.contoso.net:5001/webclient' : 'http://10.1.2.3:5001/webclient';
  }
  if (maybe()) layer.pageId = String(10_000 + Math.floor(random() * 1e9));
  if (maybe()) layer.appId = String(10_000 + Math.floor(random() * 1e9));
  if (maybe()) layer.privacyUrl = random() < 0.5 ? 'https://contoso.net/privacy?a=1&b=$&' : 'http://localhost/p';
  return layer;
}

function randomEvidence(random: () => number): AppSettingsEvidence {
  const r = random();
  if (r < 0.25) return { kind: 'no-credentials' };
  if (r < 0.4) return { kind: 'failed' };
  const maybe = (value: string) => (random() < 0.5 ? value : undefined);
  const app: Record<string, unknown> = {};
  const website = maybe('https://pbx.contoso.net/');
  if (website) app.website_url = website;
  if (random() < 0.5) app.supported_platforms = random() < 0.5 ? ['WEB'] : [];
  const icon = maybe('https://x.example/i.png');
  if (icon) app.icon_url = icon;
  const category = maybe(random() < 0.5 ? 'Messaging' : 'Business');
  if (category) app.category = category;
  const privacy = maybe('https://contoso.net/privacy');
  if (privacy) app.privacy_policy_url = privacy;
  return { kind: 'read', app };
}

describe('property: no placeholder survives, the password stays in test-instructions', () => {
  it('holds for every subset of provided values (1500 seeded cases)', () => {
    const templates = builtinTemplates();
    const random = prng(20261125);
    let rendered = 0;
    for (let index = 0; index < 1500; index++) {
      const layer = randomLayer(random, index);
      const resolved = resolveReviewInputs([['flag', layer]]);
      expect(resolved.problems).toEqual([]);
      const absent = REQUIRED_INPUTS.filter((key) => (key === 'webClientUrl' ? !layer.webClientUrl && !layer.pbxHost : !layer[key]));
      // Either a usage error names exactly the absent required values ...
      expect(resolved.missing).toEqual(absent);
      if (!isComplete(resolved.values)) continue;
      // ... or every piece renders with no placeholder and the password only where it belongs.
      const inputs = resolved.values;
      const pack = buildReviewPack(templates, reviewValues(inputs, evaluateSettings(randomEvidence(random), inputs)));
      expect(pack.problems).toEqual([]);
      for (const piece of pack.pieces) {
        expect(PLACEHOLDER_PATTERN.test(piece.text), `${index} ${piece.id}`).toBe(false);
        expect(piece.text.trim()).not.toBe('');
        expect(piece.text.includes(inputs.password), `${index} ${piece.id}`).toBe(piece.id === 'test-instructions');
      }
      rendered++;
    }
    // Guard against a generator that never reaches the rendering branch.
    expect(rendered).toBeGreaterThan(50);
  });

  it('covers all 8 combinations of the optional values explicitly', () => {
    const templates = builtinTemplates();
    const optional = ['pageId', 'appId', 'privacyUrl'] as const;
    for (let mask = 0; mask < 8; mask++) {
      const inputs: ReviewInputs = { ...minimal };
      optional.forEach((key, bit) => {
        if (mask & (1 << bit)) inputs[key] = northwind[key];
      });
      for (const evidence of [northwindApp, { kind: 'failed' } as const, { kind: 'no-credentials' } as const]) {
        const pack = buildReviewPack(templates, reviewValues(inputs, evaluateSettings(evidence, inputs)));
        expect(pack.problems).toEqual([]);
        for (const piece of pack.pieces) expect(PLACEHOLDER_PATTERN.test(piece.text)).toBe(false);
        const summary = pack.pieces[0]?.text ?? '';
        expect(summary.includes('Privacy policy:')).toBe(inputs.privacyUrl !== undefined);
      }
    }
  });

  it('holds for any template that passes validation (random templates, random value subsets)', () => {
    const random = prng(7);
    const always = VARIABLE_NAMES.filter((name) => VARIABLES[name].always && name !== 'password');
    const optional = VARIABLE_NAMES.filter((name) => !VARIABLES[name].always);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const fragment = (depth: number): string => {
      const r = random();
      if (r < 0.3) return pick(['text ', '\n', '  line\n', '{ ', ' }']);
      if (r < 0.55) return `{{${pick(always)}}}`;
      if (r < 0.7 || depth > 2) return `{{#if ${pick(optional)}}}x{{/if}}`;
      const name = pick(optional);
      const inner = Array.from({ length: 3 }, () => fragment(depth + 1)).join('');
      return random() < 0.5 ? `{{#if ${name}}}\n{{${name}}}${inner}\n{{/if}}\n` : `{{#if ${name}}}${inner}{{else}}${fragment(depth + 1)}{{/if}}`;
    };
    let checked = 0;
    for (let index = 0; index < 400; index++) {
      const source = Array.from({ length: 6 }, () => fragment(0)).join('');
      const parsed = parseTemplate('random.txt', source);
      if (validateTemplate(parsed, 'screencast').length > 0) continue;
      const values: Record<string, string> = {};
      for (const name of always) values[name] = `v-${name}`;
      for (const name of optional) if (random() < 0.5) values[name] = `o-${name}`;
      const text = renderTemplate(parsed, values);
      expect(PLACEHOLDER_PATTERN.test(text), source).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('what the command prints', () => {
  it('builds the JSON document of schema version 1', () => {
    const pack = renderAll(northwind, northwindApp);
    const checks = evaluateSettings(northwindApp, northwind);
    const json = reviewJson(pack.pieces, checks, [{ code: 'review.over-budget', message: 'w' }]);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'pieces', 'settings', 'warnings', 'warningCodes']);
    expect(json.warnings).toEqual(['w']);
    expect(json.warningCodes).toEqual(['review.over-budget']);
    expect(json.schemaVersion).toBe(1);
    expect(Object.keys(json.pieces[0] ?? {})).toEqual(['id', 'title', 'pasteInto', 'text']);
    expect(json.settings.find((s) => s.id === 'category')).toEqual({ id: 'category', status: 'todo', code: 'meta_has', detail: 'Meta has "Business"' });
  });

  it('the index never holds the password', () => {
    const pack = renderAll(northwind, northwindApp);
    expect(indexText(pack.pieces, northwind)).not.toContain(northwind.password);
  });

  it('refuses a pack where the password hides inside another value', () => {
    const inputs = { ...minimal, company: 'Acme R3view-Only!2026 Ltd' };
    const pack = buildReviewPack(builtinTemplates(), reviewValues(inputs, evaluateSettings({ kind: 'no-credentials' }, inputs)));
    expect(pack.problems.join(' ')).toContain('The test password also appears in the verification-summary text');
  });

  it('warns when a text runs over its budget', () => {
    const { templates } = compileTemplates([{ piece: 'pages-messaging', file: 'mine.txt', source: `${'word '.repeat(400)}{{company}}` }]);
    const pack = buildReviewPack(templates, reviewValues(minimal, []), 'pages-messaging');
    expect(pack.warnings[0]?.message).toContain('The pages-messaging text is 2017 characters');
    expect(pack.warnings[0]?.code).toBe('review.over-budget');
  });

  it('links the App Review page of the app, or the list of apps without an id', () => {
    expect(appReviewUrl('987654321012345')).toBe('https://developers.facebook.com/apps/987654321012345/app-review/permissions/');
    expect(appReviewUrl(undefined)).toBe('https://developers.facebook.com/apps/');
  });

  it('the --piece help lists exactly the catalogue', () => {
    const def = readFileSync(fileURLToPath(new URL('../../src/commands/definitions/review-text.ts', import.meta.url)), 'utf8');
    expect(def).toContain(`const PIECE_LIST = '${PIECE_IDS.join(', ')}';`);
  });
});
