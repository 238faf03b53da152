/** What a profile may hold, and how its keys are described to the user. */
export interface InitProgress {
  /** Highest stage (1-4) finished. */
  completedStage: number;
  updatedAt: string;
}

export interface Profile {
  pageId?: string;
  appId?: string;
  webhookUrl?: string;
  webClientUrl?: string;
  pageToken?: string;
  appSecret?: string;
  company?: string;
  pageName?: string;
  pbxHost?: string;
  extension?: string;
  privacyUrl?: string;
  verifyToken?: string;
  init?: InitProgress;
}

export interface ProfileKeyInfo {
  key: keyof Profile;
  secret: boolean;
  description: string;
  validate?: (value: string) => string | undefined;
}

export const NUMERIC_ID = /^\d{5,25}$/;

export function validateNumericId(label: string): (value: string) => string | undefined {
  return (value) => (NUMERIC_ID.test(value) ? undefined : `${label} must be the numeric ID shown in Meta's dashboard (5 to 25 digits), got "${value}".`);
}

export function validateHttpUrl(label: string): (value: string) => string | undefined {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return `${label} is not a valid URL: "${value}".`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${label} must start with https://, got "${value}".`;
    return undefined;
  };
}

/** The keys `fb3cx config set` accepts. Secrets are never accepted as command-line arguments. */
export const PROFILE_KEYS: ProfileKeyInfo[] = [
  { key: 'pageId', secret: false, description: 'Facebook Page ID', validate: validateNumericId('The Page ID') },
  { key: 'appId', secret: false, description: 'Meta App ID', validate: validateNumericId('The App ID') },
  { key: 'webhookUrl', secret: false, description: '3CX webhook URL (Callback URL)', validate: validateHttpUrl('The 3CX webhook URL') },
  { key: 'webClientUrl', secret: false, description: '3CX web client URL', validate: validateHttpUrl('The web client URL') },
  { key: 'pageToken', secret: true, description: 'Page access token' },
  { key: 'appSecret', secret: true, description: 'App secret' },
  { key: 'company', secret: false, description: 'Company name (App Review texts)' },
  { key: 'pageName', secret: false, description: 'Page name (App Review texts)' },
  { key: 'pbxHost', secret: false, description: '3CX host name (FQDN)' },
  { key: 'extension', secret: false, description: 'Temporary test extension for App Review' },
  { key: 'privacyUrl', secret: false, description: 'Privacy policy URL', validate: validateHttpUrl('The privacy policy URL') },
  { key: 'verifyToken', secret: true, description: 'Webhook verify token' },
];

export function profileKeyInfo(key: string): ProfileKeyInfo | undefined {
  return PROFILE_KEYS.find((info) => info.key === key);
}

export const DEFAULT_PROFILE = 'default';

export function validateProfileName(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)
    ? undefined
    : `Profile names use letters, digits, "-" and "_" (at most 64), got "${name}".`;
}
