import { outranks, resolveSettings, type ResolvedSettings, type SettingValues, type SettingsLayers } from '../../settings/resolve.js';
import { howToGiveLine, setting, type SettingKey, type Source } from '../../settings/schema.js';
import { t } from '../../i18n/index.js';
import type { ReviewWarning } from './pack.js';
import { reachabilityProblems, webClientUrlFromHost } from './urls.js';

/**
 * What the person supplies for the App Review texts. The values come from the one resolver
 * (src/settings/resolve.ts); this module adds the review's own rules: which values are required,
 * and that the web client URL and the 3CX host are one setting.
 */
export const REVIEW_KEYS = ['company', 'pageName', 'pageId', 'webClientUrl', 'pbxHost', 'extension', 'password', 'appId', 'privacyUrl'] as const satisfies readonly SettingKey[];
export type ReviewKey = (typeof REVIEW_KEYS)[number];
export type ReviewLayer = Partial<Record<ReviewKey, string | undefined>>;

export const REQUIRED_INPUTS = ['company', 'pageName', 'webClientUrl', 'extension', 'password'] as const;
export type RequiredInput = (typeof REQUIRED_INPUTS)[number];

/** Every input the texts can use, once resolved; the optional ones may be absent. */
export interface ReviewInputs {
  company: string;
  pageName: string;
  webClientUrl: string;
  extension: string;
  password: string;
  pageId?: string | undefined;
  appId?: string | undefined;
  privacyUrl?: string | undefined;
}

export interface ResolvedInputs {
  /** The values found, each trimmed; required ones may be missing. */
  values: Partial<ReviewInputs>;
  sources: Partial<Record<keyof ReviewInputs, Source>>;
  missing: RequiredInput[];
  /** Values that are present but unusable; each one sentence, all shown together (exit 2). */
  problems: string[];
}

/** How to give each missing required value, one line each. */
export function howToGiveInput(key: RequiredInput): string {
  if (key !== 'webClientUrl') return howToGiveLine(key);
  const url = setting('webClientUrl');
  const host = setting('pbxHost');
  return t('review.url.howToGive', { urlFlag: url.flag, hostFlag: host.flag, urlEnv: url.env, hostEnv: host.env, label: url.label });
}

/**
 * The review inputs from resolved settings. The web client URL and the 3CX host are one setting:
 * the one from the stronger layer wins, and from the same layer an explicit URL beats a host.
 */
export function reviewInputsFrom(resolved: ResolvedSettings): ResolvedInputs {
  const { values, sources } = resolved;
  const inputs: Partial<ReviewInputs> = {};
  const inputSources: ResolvedInputs['sources'] = {};
  for (const key of ['company', 'pageName', 'pageId', 'extension', 'password', 'appId', 'privacyUrl'] as const) {
    const value = values[key];
    if (value === undefined) continue;
    inputs[key] = value;
    inputSources[key] = sources[key];
  }
  const host = values.pbxHost;
  if (host !== undefined && outranks(sources.pbxHost, sources.webClientUrl)) {
    const built = webClientUrlFromHost(host);
    if ('url' in built) {
      inputs.webClientUrl = built.url;
      inputSources.webClientUrl = sources.pbxHost;
    }
  } else if (values.webClientUrl !== undefined) {
    inputs.webClientUrl = values.webClientUrl;
    inputSources.webClientUrl = sources.webClientUrl;
  }
  // An unusable value is reported as a problem, not also as missing.
  const refused = (key: RequiredInput) => resolved.invalid.includes(key) || (key === 'webClientUrl' && resolved.invalid.includes('pbxHost'));
  const missing = REQUIRED_INPUTS.filter((key) => inputs[key] === undefined && !refused(key));
  return { values: inputs, sources: inputSources, missing, problems: resolved.problems };
}

/** Resolves review inputs from named layers, strongest first (for tests and callers without a session). */
export function resolveReviewInputs(layers: Array<[Extract<Source, 'flag' | 'env' | 'graph' | 'profile' | 'sandbox'>, ReviewLayer]>): ResolvedInputs {
  const settingsLayers: SettingsLayers = {};
  for (const [name, layer] of layers) {
    const values: SettingValues = {};
    for (const key of REVIEW_KEYS) {
      const value = layer[key];
      if (value !== undefined) values[key] = value;
    }
    if (name === 'env') settingsLayers.env = Object.fromEntries(REVIEW_KEYS.map((key) => [setting(key).env, values[key]]));
    else if (name === 'profile') settingsLayers.profile = values;
    else settingsLayers[name] = values;
  }
  return reviewInputsFrom(resolveSettings(settingsLayers, REVIEW_KEYS));
}

/** Warnings about URLs reviewers must open, each with the input it is about; empty when they look fine. */
export function inputWarnings(inputs: Pick<ReviewInputs, 'webClientUrl' | 'privacyUrl'>): Array<ReviewWarning & { about: 'webClientUrl' | 'privacyUrl' }> {
  return [
    ...reachabilityProblems(t('review.url.webClientLabel'), inputs.webClientUrl).map((warning) => ({ ...warning, code: `webClientUrl.${warning.code}`, about: 'webClientUrl' as const })),
    ...(inputs.privacyUrl ? reachabilityProblems(t('review.url.privacyLabel'), inputs.privacyUrl).map((warning) => ({ ...warning, code: `privacyUrl.${warning.code}`, about: 'privacyUrl' as const })) : []),
  ];
}

/** True once every required value is present. */
export function isComplete(values: Partial<ReviewInputs>): values is ReviewInputs {
  return REQUIRED_INPUTS.every((key) => values[key] !== undefined && values[key] !== '');
}
