import { cleanPasted } from './secrets.js';
import { NUMERIC_ID, type Profile } from './profile.js';
import { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, isWellFormedVersion } from '../graph/versions.js';

export type Source = 'flag' | 'env' | 'stdin' | 'prompt' | 'profile' | 'sandbox' | 'default';

export interface ConnectionSettings {
  pageId?: string | undefined;
  pageToken?: string | undefined;
  appId?: string | undefined;
  appSecret?: string | undefined;
  webhookUrl?: string | undefined;
  webClientUrl?: string | undefined;
  graphUrl: string;
  graphVersion: string;
}

export type SettingKey = keyof ConnectionSettings;

export interface ResolvedSettings {
  values: ConnectionSettings;
  sources: Partial<Record<SettingKey, Source>>;
}

export interface SettingsLayers {
  flags: Partial<Record<SettingKey, string | undefined>>;
  stdin?: Partial<Record<SettingKey, string | undefined>>;
  env: NodeJS.ProcessEnv;
  profile?: Profile | undefined;
}

export const ENV_NAMES: Record<SettingKey, string> = {
  pageId: 'FB3CX_PAGE_ID',
  pageToken: 'FB3CX_PAGE_TOKEN',
  appId: 'FB3CX_APP_ID',
  appSecret: 'FB3CX_APP_SECRET',
  webhookUrl: 'FB3CX_WEBHOOK_URL',
  webClientUrl: 'FB3CX_WEB_CLIENT_URL',
  graphUrl: 'FB3CX_GRAPH_URL',
  graphVersion: 'FB3CX_GRAPH_VERSION',
};

export const FLAG_NAMES: Partial<Record<SettingKey, string>> = {
  pageId: '--page-id',
  pageToken: '--page-token-stdin',
  appId: '--app-id',
  appSecret: '--app-secret-stdin',
  webhookUrl: '--webhook-url',
  webClientUrl: '--web-client-url',
  graphVersion: '--graph-version',
};

const PROFILE_KEYS: Partial<Record<SettingKey, keyof Profile>> = {
  pageId: 'pageId',
  pageToken: 'pageToken',
  appId: 'appId',
  appSecret: 'appSecret',
  webhookUrl: 'webhookUrl',
  webClientUrl: 'webClientUrl',
};

/** Flags, then stdin, then env, then the profile; pasted values are trimmed on the way in. */
export function resolveSettings(layers: SettingsLayers): ResolvedSettings {
  const sources: Partial<Record<SettingKey, Source>> = {};
  const pick = (key: SettingKey): string | undefined => {
    const candidates: Array<[Source, string | undefined]> = [
      ['flag', layers.flags[key]],
      ['stdin', layers.stdin?.[key]],
      ['env', layers.env[ENV_NAMES[key]]],
      ['profile', PROFILE_KEYS[key] ? (layers.profile?.[PROFILE_KEYS[key]] as string | undefined) : undefined],
    ];
    for (const [source, raw] of candidates) {
      const value = cleanPasted(raw);
      if (value !== undefined) {
        sources[key] = source;
        return value;
      }
    }
    return undefined;
  };
  const values: ConnectionSettings = {
    pageId: pick('pageId'),
    pageToken: pick('pageToken'),
    appId: pick('appId'),
    appSecret: pick('appSecret'),
    webhookUrl: pick('webhookUrl'),
    webClientUrl: pick('webClientUrl'),
    graphUrl: pick('graphUrl') ?? DEFAULT_GRAPH_URL,
    graphVersion: pick('graphVersion') ?? DEFAULT_GRAPH_VERSION,
  };
  sources.graphUrl ??= 'default';
  sources.graphVersion ??= 'default';
  return { values, sources };
}

/** Where a value came from, in words for an error message ("FB3CX_PAGE_ID", "--page-id"). */
export function describeSource(key: SettingKey, source: Source | undefined): string {
  switch (source) {
    case 'flag':
      return FLAG_NAMES[key] ?? key;
    case 'env':
      return ENV_NAMES[key];
    case 'profile':
      return `the profile's ${key}`;
    case 'stdin':
      return 'standard input';
    default:
      return key;
  }
}

/** Format problems with the resolved values, each one sentence; empty when all is well-formed. */
export function validateSettings(resolved: ResolvedSettings): string[] {
  const problems: string[] = [];
  const { values, sources } = resolved;
  if (values.pageId !== undefined && !NUMERIC_ID.test(values.pageId)) {
    problems.push(`The Page ID from ${describeSource('pageId', sources.pageId)} must be 5 to 25 digits (as shown under the page name in Messenger API Settings), got "${truncate(values.pageId)}".`);
  }
  if (values.appId !== undefined && !NUMERIC_ID.test(values.appId)) {
    problems.push(`The App ID from ${describeSource('appId', sources.appId)} must be 5 to 25 digits (App Settings > Basic), got "${truncate(values.appId)}".`);
  }
  if (values.pageToken !== undefined && /\s/.test(values.pageToken)) {
    problems.push(`The page token from ${describeSource('pageToken', sources.pageToken)} contains spaces or line breaks inside it; paste it again as one piece.`);
  }
  for (const key of ['webhookUrl', 'webClientUrl', 'graphUrl'] as const) {
    const value = values[key];
    if (value === undefined) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push(`The ${key === 'graphUrl' ? 'Graph URL' : key === 'webhookUrl' ? '3CX webhook URL' : 'web client URL'} from ${describeSource(key, sources[key])} is not a valid http(s) URL: "${truncate(value)}".`);
    }
  }
  if (!isWellFormedVersion(values.graphVersion)) {
    problems.push(`The Graph API version from ${describeSource('graphVersion', sources.graphVersion)} must look like v25.0, got "${truncate(values.graphVersion)}".`);
  }
  return problems;
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
