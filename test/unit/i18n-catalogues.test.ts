import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The catalogues cannot drift apart unnoticed: the same files and keys in every language, the
 * same placeholders in each message, and no key the code does not use.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const locales = join(root, 'src/i18n/locales');
type Tree = { [key: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix: string, out: Map<string, string[]>): Map<string, string[]> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') {
      const base = path.replace(PLURAL, '');
      out.set(base, [...(out.get(base) ?? []), value]);
    } else flatten(value, path, out);
  }
  return out;
}

function catalogue(language: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(join(locales, language)).filter((name) => name.endsWith('.json'))) {
    flatten(JSON.parse(readFileSync(join(locales, language, file), 'utf8')) as Tree, file.replace(/\.json$/, ''), out);
  }
  return out;
}

function placeholders(messages: string[]): string[] {
  const found = new Set<string>();
  for (const message of messages) for (const match of message.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|\$t\(([^),]+)/g)) found.add(match[1] ?? `$t(${match[2]})`);
  // `count` selects the plural form; a language with one form (Chinese) may leave it out of the text.
  found.delete('count');
  return [...found].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === locales ? [] : sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

const en = catalogue('en');
const zh = catalogue('zh-CN');

describe('the catalogues', () => {
  it('have the same files in every language, each imported by its language module', () => {
    const files = (language: string) => readdirSync(join(locales, language)).filter((name) => name.endsWith('.json')).sort();
    expect(files('zh-CN')).toEqual(files('en'));
    for (const language of ['en', 'zh-CN']) {
      const module = readFileSync(join(locales, `${language}.ts`), 'utf8');
      for (const file of files(language)) expect(module, `${language}.ts imports ${file}`).toContain(`./${language}/${file}'`);
    }
  });

  it('have the same keys in English and Chinese', () => {
    expect([...zh.keys()].filter((key) => !en.has(key)), 'keys only in zh-CN').toEqual([]);
    expect([...en.keys()].filter((key) => !zh.has(key)), 'keys only in en').toEqual([]);
  });

  it('have the same placeholders in each message', () => {
    const differing = [...en.keys()].filter((key) => zh.has(key) && placeholders(en.get(key) ?? []).join() !== placeholders(zh.get(key) ?? []).join());
    expect(differing.map((key) => `${key}: en ${placeholders(en.get(key) ?? [])} / zh-CN ${placeholders(zh.get(key) ?? [])}`)).toEqual([]);
  });

  it('have no empty message, and no English left in a Chinese one but for names, commands and quoted labels', () => {
    const empty = [...zh.entries(), ...en.entries()].filter(([, messages]) => messages.some((message) => message.trim() === ''));
    expect(empty.map(([key]) => key)).toEqual([]);
    const untranslated = [...zh.entries()].filter(([key, messages]) => messages.some((message) => message === (en.get(key) ?? [])[0] && /[a-z]{3,} [a-z]{3,}/i.test(message)));
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });

  it('have no key the code does not use: each key is written out whole somewhere in src/ or bin/', () => {
    const code = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'bin'))].map((file) => readFileSync(file, 'utf8')).join('\n');
    const unused = [...en.keys()].filter((key) => !code.includes(`'${key}'`) && !code.includes(`"${key}"`) && !code.includes(`\`${key}\``));
    expect(unused, `unused keys (write each key out whole where it is used, so this test and a reader can find it; see ${relative(root, locales)})`).toEqual([]);
  });
});
