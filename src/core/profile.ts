/** What a profile holds: the stored settings of the table (src/settings/schema.ts) and init's progress. */
import { isSecret, isStoredKey, type StoredKey } from '../settings/schema.js';
import { t } from '../i18n/index.js';
import { quoted } from './text.js';

export interface InitProgress {
  /** Highest stage (1-4) finished. */
  completedStage: number;
  updatedAt: string;
}

export type Profile = { [K in StoredKey]?: string } & { init?: InitProgress };

/**
 * The config file as fb3cx reads and writes it. Keys fb3cx does not know (from a newer version,
 * from conf itself, or typed by hand) are kept as they are when the file is written again.
 */
export interface ConfigData {
  currentProfile?: string;
  profiles?: Record<string, Profile>;
  [other: string]: unknown;
}

export const DEFAULT_PROFILE = 'default';

export function validateProfileName(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)
    ? undefined
    : t('config.profileName', { value: quoted(name) });
}

/** Where a config file departs from the shape fb3cx writes, in words for the person who edits it. */
export interface ShapeProblem {
  /** The key's path in the file, such as `profiles.default.pageId`; ROOT_KEY for the whole file. */
  key: string;
  /** "text", "an object", "a whole number": what belongs there, in the active language. */
  expected: string;
  /** What is there instead, such as "a number". */
  found: string;
  /** Written in quotes, the number becomes the text it was meant to be: offered as the fix. */
  quoted?: string;
}

/** The key of a problem with the file as a whole. */
export const ROOT_KEY = '';

/**
 * The first place where parsed config data differs from the shape fb3cx writes, or undefined.
 * A small typed check of the few fields (the stored keys of the settings table, init's progress),
 * so reading a profile costs no schema compiler at start-up.
 */
export function configShapeProblem(data: unknown): ShapeProblem | undefined {
  if (!isPlainObject(data)) return { key: ROOT_KEY, expected: t('config.kind.jsonObject'), found: kindOf(data) };
  const current = data.currentProfile;
  if (current !== undefined && typeof current !== 'string') return { key: 'currentProfile', expected: t('config.kind.text'), found: kindOf(current) };
  const profiles = data.profiles;
  if (profiles === undefined) return undefined;
  if (!isPlainObject(profiles)) return { key: 'profiles', expected: t('config.kind.profiles'), found: kindOf(profiles) };
  for (const [name, profile] of Object.entries(profiles)) {
    const problem = profileShapeProblem(`profiles${keySuffix(name)}`, profile);
    if (problem) return problem;
  }
  return undefined;
}

/** Config data that passed `configShapeProblem`, typed without a cast. */
export function isConfigData(data: unknown): data is ConfigData {
  return configShapeProblem(data) === undefined;
}

function profileShapeProblem(path: string, profile: unknown): ShapeProblem | undefined {
  if (!isPlainObject(profile)) return { key: path, expected: t('config.kind.settings'), found: kindOf(profile) };
  for (const [key, value] of Object.entries(profile)) {
    if (key === 'init') {
      const problem = progressShapeProblem(`${path}.init`, value);
      if (problem) return problem;
    } else if (isStoredKey(key) && typeof value !== 'string') {
      // A secret's value is never repeated, not even as the suggested fix.
      const quoted = typeof value === 'number' && Number.isSafeInteger(value) && !isSecret(key) ? String(value) : undefined;
      return { key: `${path}.${key}`, expected: t('config.kind.text'), found: kindOf(value), ...(quoted ? { quoted } : {}) };
    }
  }
  return undefined;
}

function progressShapeProblem(path: string, progress: unknown): ShapeProblem | undefined {
  if (!isPlainObject(progress)) return { key: path, expected: t('config.kind.object'), found: kindOf(progress) };
  const { completedStage, updatedAt } = progress;
  if (typeof completedStage !== 'number' || !Number.isInteger(completedStage)) return { key: `${path}.completedStage`, expected: t('config.kind.wholeNumber'), found: kindOf(completedStage) };
  if (typeof updatedAt !== 'string') return { key: `${path}.updatedAt`, expected: t('config.kind.text'), found: kindOf(updatedAt) };
  return undefined;
}

/** `.name`, or `["odd name"]` for a name that is not a plain word (escaped, so no control character reaches the terminal). */
function keySuffix(name: string): string {
  return /^[A-Za-z0-9_-]+$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, in words for the person who edits the file. */
function kindOf(value: unknown): string {
  if (value === undefined) return t('config.kind.missing');
  if (value === null) return 'null';
  if (Array.isArray(value)) return t('config.kind.list');
  if (typeof value === 'string') return t('config.kind.text');
  if (typeof value === 'number') return Number.isInteger(value) ? t('config.kind.number') : t('config.kind.decimal');
  if (typeof value === 'boolean') return 'true/false';
  return t('config.kind.object');
}

/** The keys whose values differ between two versions of a profile (progress included). */
export function profileDifferences(a: Profile | undefined, b: Profile | undefined): string[] {
  const left = new Map<string, unknown>(Object.entries(a ?? {}));
  const right = new Map<string, unknown>(Object.entries(b ?? {}));
  const keys = new Set([...left.keys(), ...right.keys()]);
  return [...keys].filter((key) => JSON.stringify(left.get(key)) !== JSON.stringify(right.get(key)));
}
