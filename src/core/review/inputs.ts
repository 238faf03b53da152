import { checkUrl, reachabilityWarnings, webClientUrlFromHost } from './urls.js';

/**
 * What the person supplies for the App Review texts, and where each value may come from.
 * Layers are searched in order: flags (and the password from stdin), env, what the Graph API
 * told us (the page name), the profile; under --sandbox the sandbox's fictional customer takes
 * the place of env and profile.
 */
export interface ReviewLayer {
  company?: string | undefined;
  pageName?: string | undefined;
  pageId?: string | undefined;
  webClientUrl?: string | undefined;
  pbxHost?: string | undefined;
  extension?: string | undefined;
  password?: string | undefined;
  appId?: string | undefined;
  privacyUrl?: string | undefined;
}

export type LayerName = 'flag' | 'env' | 'graph' | 'profile' | 'sandbox' | 'prompt';

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

/** Environment variables for each input (the page and app ids are shared with other commands). */
export const REVIEW_ENV = {
  company: 'FB3CX_COMPANY',
  pageName: 'FB3CX_PAGE_NAME',
  pageId: 'FB3CX_PAGE_ID',
  webClientUrl: 'FB3CX_WEB_CLIENT_URL',
  pbxHost: 'FB3CX_PBX_HOST',
  extension: 'FB3CX_TEST_EXTENSION',
  password: 'FB3CX_TEST_PASSWORD',
  appId: 'FB3CX_APP_ID',
  privacyUrl: 'FB3CX_PRIVACY_URL',
} as const satisfies Record<keyof ReviewLayer, string>;

/** How to give each required value, for the one usage error that lists all missing ones. */
export const HOW_TO_GIVE: Record<RequiredInput, string> = {
  company: '--company <name> (or FB3CX_COMPANY)',
  pageName: '--page-name <name> (or FB3CX_PAGE_NAME; read from the Graph API when the page ID and page token are known)',
  webClientUrl: '--web-client-url <url> or --pbx-host <fqdn> (or FB3CX_WEB_CLIENT_URL, FB3CX_PBX_HOST)',
  extension: '--extension <number> (or FB3CX_TEST_EXTENSION)',
  password: 'the test password: --password-stdin (or FB3CX_TEST_PASSWORD)',
};

/** The flag named in messages about a value. */
export const INPUT_FLAGS: Record<keyof ReviewLayer, string> = {
  company: '--company',
  pageName: '--page-name',
  pageId: '--page-id',
  webClientUrl: '--web-client-url',
  pbxHost: '--pbx-host',
  extension: '--extension',
  password: 'The test password',
  appId: '--app-id',
  privacyUrl: '--privacy-url',
};

export interface ResolvedInputs {
  /** The values found, each trimmed; required ones may be missing. */
  values: Partial<ReviewInputs>;
  sources: Partial<Record<keyof ReviewInputs, LayerName>>;
  missing: RequiredInput[];
  /** Values that are present but unusable; each one sentence, all shown together (exit 2). */
  problems: string[];
}

function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, '');
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Checks one value as the person typed it; undefined when it is fine. Shared by resolution and
 * by the prompts, so a typed answer meets the same rules as a flag.
 */
export function inputProblem(key: keyof ReviewLayer, value: string): string | undefined {
  const label = INPUT_FLAGS[key];
  if (/[\r\n]/.test(value)) return `${label} must be a single line.`;
  // No text may ever show something that looks like a placeholder, so values cannot bring one in.
  if (value.includes('{{') || value.includes('}}')) return `${label} must not contain "{{" or "}}".`;
  switch (key) {
    case 'company':
    case 'pageName':
      return value.length > 200 ? `${label} is longer than 200 characters; use the short name people know.` : undefined;
    case 'extension':
      return /^\d{1,12}$/.test(value) ? undefined : `${label} takes the number of the 3CX test extension (digits only), got "${value}".`;
    case 'webClientUrl':
    case 'privacyUrl': {
      const checked = checkUrl(label, value);
      return 'problem' in checked ? checked.problem : undefined;
    }
    case 'pbxHost': {
      const built = webClientUrlFromHost(value);
      return 'problem' in built ? built.problem : undefined;
    }
    case 'pageId':
    case 'appId':
      return /^\d{5,25}$/.test(value) ? undefined : `${label} must be the numeric ID shown in Meta's dashboard (5 to 25 digits), got "${value}".`;
    case 'password':
      return undefined;
  }
}

/**
 * Resolves the inputs through the layers. The web client URL and the 3CX host are one setting:
 * the first layer that has either wins, and inside a layer an explicit URL beats a host.
 */
export function resolveReviewInputs(layers: Array<[LayerName, ReviewLayer]>): ResolvedInputs {
  const values: Partial<ReviewInputs> = {};
  const sources: ResolvedInputs['sources'] = {};
  const problems: string[] = [];
  const unusable = new Set<keyof ReviewInputs>();

  const simpleKeys = ['company', 'pageName', 'pageId', 'extension', 'password', 'appId', 'privacyUrl'] as const;
  for (const key of simpleKeys) {
    for (const [name, layer] of layers) {
      const value = clean(layer[key]);
      if (value === undefined) continue;
      const problem = inputProblem(key, value);
      if (problem) {
        problems.push(name === 'flag' || key === 'password' ? problem : `${problem.replace(/\.$/, '')} (from ${describeLayer(name, key)}).`);
        unusable.add(key);
      } else {
        values[key] = value;
        sources[key] = name;
      }
      break;
    }
  }

  for (const [name, layer] of layers) {
    const url = clean(layer.webClientUrl);
    const host = clean(layer.pbxHost);
    if (url === undefined && host === undefined) continue;
    const key = url !== undefined ? 'webClientUrl' : 'pbxHost';
    const problem = inputProblem(key, (url ?? host) as string);
    if (problem) {
      problems.push(name === 'flag' ? problem : `${problem.replace(/\.$/, '')} (from ${describeLayer(name, key)}).`);
      unusable.add('webClientUrl');
    } else {
      values.webClientUrl = url ?? (webClientUrlFromHost(host as string) as { url: string }).url;
      sources.webClientUrl = name;
    }
    break;
  }

  const missing = REQUIRED_INPUTS.filter((key) => values[key] === undefined && !unusable.has(key));
  return { values, sources, missing, problems };
}

function describeLayer(layer: LayerName, key: keyof ReviewLayer): string {
  switch (layer) {
    case 'env':
      return REVIEW_ENV[key];
    case 'profile':
      return `the profile's ${key}`;
    case 'graph':
      return 'the Graph API';
    case 'sandbox':
      return 'the sandbox';
    default:
      return INPUT_FLAGS[key];
  }
}

/** Warnings about URLs reviewers must open; empty when they look fine. */
export function inputWarnings(inputs: Pick<ReviewInputs, 'webClientUrl' | 'privacyUrl'>): string[] {
  return [
    ...reachabilityWarnings('The web client URL', inputs.webClientUrl),
    ...(inputs.privacyUrl ? reachabilityWarnings('The privacy policy URL', inputs.privacyUrl) : []),
  ];
}

/** True once every required value is present. */
export function isComplete(values: Partial<ReviewInputs>): values is ReviewInputs {
  return REQUIRED_INPUTS.every((key) => values[key] !== undefined && values[key] !== '');
}
