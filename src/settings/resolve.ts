/**
 * The one resolver: flags, then standard input, then the environment, then what the Graph API
 * said (the page name), then the profile, then the sandbox, then the table's default. Under
 * --sandbox the session passes no env and no profile layer, so the sandbox stands in for Meta
 * and 3CX completely while explicit flags still win. Prompting for what is still missing is the
 * session's job (it needs a terminal).
 */
import { cleanPasted } from '../core/secrets.js';
import { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION } from '../graph/versions.js';
import type { Profile } from '../core/profile.js';
import { isStoredKey, setting, settingProblem, SETTING_KEYS, type SettingKey, type Source } from './schema.js';

export type SettingValues = Partial<Record<SettingKey, string>>;

/** Resolved values; the Graph URL and version always have one (their table default). */
export type ResolvedValues = SettingValues & { graphUrl: string; graphVersion: string };

export interface SettingsLayers {
  flag?: SettingValues;
  stdin?: SettingValues;
  /** Keyed by the environment variable names of the table. */
  env?: NodeJS.ProcessEnv;
  graph?: SettingValues;
  profile?: Profile | undefined;
  sandbox?: SettingValues;
}

export interface ResolvedSettings {
  values: ResolvedValues;
  sources: Partial<Record<SettingKey, Source>>;
  /** One sentence per unusable value, naming where it came from; empty when all is well. */
  problems: string[];
  /** The keys whose value was refused (kept in `values` so nobody calls them missing). */
  invalid: SettingKey[];
}

/** Precedence of the layers, first wins; used to compare two settings' sources. */
export const LAYER_ORDER: readonly Source[] = ['flag', 'stdin', 'prompt', 'env', 'graph', 'profile', 'sandbox', 'default'];

export function resolveSettings(layers: SettingsLayers, keys: readonly SettingKey[] = SETTING_KEYS): ResolvedSettings {
  const values: SettingValues = {};
  const sources: Partial<Record<SettingKey, Source>> = {};
  const problems: string[] = [];
  const invalid: SettingKey[] = [];
  for (const key of keys) {
    const spec = setting(key);
    const candidates: Array<[Source, string | undefined]> = [
      ['flag', layers.flag?.[key]],
      ['stdin', layers.stdin?.[key]],
      ['env', layers.env?.[spec.env]],
      ['graph', layers.graph?.[key]],
      ['profile', isStoredKey(key) ? layers.profile?.[key] : undefined],
      ['sandbox', layers.sandbox?.[key]],
      ['default', spec.default],
    ];
    for (const [source, raw] of candidates) {
      const value = cleanPasted(raw);
      if (value === undefined) continue;
      values[key] = value;
      sources[key] = source;
      const problem = settingProblem(key, value, source);
      if (problem) {
        problems.push(problem);
        invalid.push(key);
      }
      break;
    }
  }
  return {
    values: { ...values, graphUrl: values.graphUrl ?? DEFAULT_GRAPH_URL, graphVersion: values.graphVersion ?? DEFAULT_GRAPH_VERSION },
    sources,
    problems,
    invalid,
  };
}

/** True when a value from `a` beats one from `b`. */
export function outranks(a: Source | undefined, b: Source | undefined): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  return LAYER_ORDER.indexOf(a) < LAYER_ORDER.indexOf(b);
}
