/**
 * The settings table: every value fb3cx reads from a flag, standard input, the environment, a
 * profile or a prompt is described here once. The env and flag names, the "how to give this"
 * hints, prompt labels, the keys of `fb3cx config` and the Environment section of the help are
 * all read from this table, so a new setting is one more row.
 *
 * Imported by the help builder: keep this module and its imports light.
 */
import { capitalise, quoted, shorten } from '../core/text.js';
import { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION } from '../graph/versions.js';
import { extensionNumber, graphVersion, hostName, httpsUrl, httpUrl, language, numericId, secretText, shortText, token, type Validator } from './validate.js';

export interface SettingSpec {
  readonly key: string;
  /** Lower-case unless a name ("Page ID"); sentences say "The <label>". */
  readonly label: string;
  /** The command-line flag with its argument, such as "--page-id <id>". */
  readonly flag?: string;
  /** For secrets: the flag that reads the value from standard input instead. */
  readonly stdinFlag?: string;
  readonly env: string;
  /** Saved in profiles (and so a key of fb3cx config set/get/unset). */
  readonly stored: boolean;
  /** Masked wherever fb3cx shows it; never echoed in an error message or taken as a config argument. */
  readonly secret: boolean;
  /**
   * A secret the person must copy from fb3cx's own output (the verify token listen and init
   * print for Meta's dashboard), so it is not scrubbed from that output.
   */
  readonly shown?: boolean;
  readonly validate: Validator;
  /** The question at a terminal, without the colon. */
  readonly prompt: string;
  /** One line for `fb3cx config` and the help. */
  readonly description: string;
  /** Extra words on how to give it, after the flag and env var. */
  readonly hint?: string;
  readonly default?: string;
}

export const SETTINGS = [
  { key: 'pageId', label: 'Page ID', flag: '--page-id <id>', env: 'FB3CX_PAGE_ID', stored: true, secret: false, validate: numericId, prompt: 'Page ID (Messenger API Settings, under the page name)', description: 'Facebook Page ID' },
  { key: 'appId', label: 'App ID', flag: '--app-id <id>', env: 'FB3CX_APP_ID', stored: true, secret: false, validate: numericId, prompt: 'App ID (App Settings > Basic)', description: 'Meta App ID' },
  { key: 'webhookUrl', label: '3CX webhook URL', flag: '--webhook-url <url>', env: 'FB3CX_WEBHOOK_URL', stored: true, secret: false, validate: httpsUrl, prompt: '3CX webhook URL (3CX Admin > Voice & Chat > your Facebook trunk)', description: '3CX webhook URL (Callback URL)' },
  { key: 'webClientUrl', label: '3CX web client URL', flag: '--web-client-url <url>', env: 'FB3CX_WEB_CLIENT_URL', stored: true, secret: false, validate: httpUrl, prompt: '3CX web client URL (for example https://pbx.example.com:5001/webclient)', description: '3CX web client URL' },
  { key: 'pageToken', label: 'page access token', stdinFlag: '--page-token-stdin', env: 'FB3CX_PAGE_TOKEN', stored: true, secret: true, validate: token, prompt: 'Page access token (Messenger API Settings > Generate token)', description: 'Page access token' },
  { key: 'appSecret', label: 'app secret', stdinFlag: '--app-secret-stdin', env: 'FB3CX_APP_SECRET', stored: true, secret: true, validate: token, prompt: 'App secret (App Settings > Basic > Show)', description: 'App secret' },
  { key: 'pbxUrl', label: '3CX address', flag: '--pbx-url <url>', env: 'FB3CX_PBX_URL', stored: true, secret: false, validate: httpsUrl, prompt: '3CX address for the API (such as https://pbx.example.com:5001)', description: '3CX address for the Configuration API', hint: "taken from the web client or webhook URL's host when not given" },
  { key: 'pbxClientId', label: '3CX API client ID', flag: '--pbx-client-id <id>', env: 'FB3CX_PBX_CLIENT_ID', stored: true, secret: false, validate: token, prompt: '3CX API client ID (Admin > Integrations > API)', description: '3CX Configuration API client ID' },
  { key: 'pbxClientSecret', label: '3CX API key', stdinFlag: '--pbx-secret-stdin', env: 'FB3CX_PBX_CLIENT_SECRET', stored: true, secret: true, validate: token, prompt: '3CX API key (shown once when the API client is added)', description: '3CX Configuration API key (client secret)' },
  { key: 'userToken', label: 'user access token', stdinFlag: '--user-token-stdin', env: 'FB3CX_USER_TOKEN', stored: false, secret: true, validate: token, prompt: 'User access token of a page admin (Graph API Explorer > your app > Generate Access Token; not stored)', description: 'User access token that fb3cx token exchange turns into a page token that does not expire', hint: 'never stored' },
  { key: 'company', label: 'company name', flag: '--company <name>', env: 'FB3CX_COMPANY', stored: true, secret: false, validate: shortText, prompt: 'Company name (as the reviewer should read it)', description: 'Company name (App Review texts)' },
  { key: 'pageName', label: 'Facebook Page name', flag: '--page-name <name>', env: 'FB3CX_PAGE_NAME', stored: true, secret: false, validate: shortText, prompt: 'Facebook Page name', description: 'Page name (App Review texts)', hint: 'read from the Graph API when the page ID and page token are known' },
  { key: 'pbxHost', label: '3CX host name', flag: '--pbx-host <fqdn>', env: 'FB3CX_PBX_HOST', stored: true, secret: false, validate: hostName, prompt: '3CX host name (such as pbx.example.com) or the full web client URL', description: '3CX host name (FQDN)' },
  { key: 'extension', label: 'test extension', flag: '--extension <number>', env: 'FB3CX_TEST_EXTENSION', stored: true, secret: false, validate: extensionNumber, prompt: 'Temporary test extension for the reviewer', description: 'Temporary test extension for App Review' },
  { key: 'privacyUrl', label: 'privacy policy URL', flag: '--privacy-url <url>', env: 'FB3CX_PRIVACY_URL', stored: true, secret: false, validate: httpUrl, prompt: 'Privacy policy URL', description: 'Privacy policy URL' },
  { key: 'verifyToken', label: 'verify token', flag: '--verify-token <token>', env: 'FB3CX_VERIFY_TOKEN', stored: true, secret: true, validate: token, prompt: 'Webhook verify token', description: 'Webhook verify token', shown: true },
  { key: 'password', label: "test extension's password", stdinFlag: '--password-stdin', env: 'FB3CX_TEST_PASSWORD', stored: false, secret: true, validate: secretText, prompt: "Test extension's password (not stored)", description: "Test extension's password for the reviewer", hint: 'never stored' },
  { key: 'lang', label: 'language', flag: '--lang <language>', env: 'FB3CX_LANG', stored: true, secret: false, validate: language, prompt: 'Language of fb3cx (en or zh-CN)', description: 'Language fb3cx speaks: en or zh-CN', hint: 'else LC_ALL, LC_MESSAGES or LANG' },
  { key: 'graphUrl', label: 'Graph URL', env: 'FB3CX_GRAPH_URL', stored: false, secret: false, validate: httpUrl, prompt: 'Graph API URL', description: 'Graph API base URL', default: DEFAULT_GRAPH_URL },
  { key: 'graphVersion', label: 'Graph API version', flag: '--graph-version <version>', env: 'FB3CX_GRAPH_VERSION', stored: false, secret: false, validate: graphVersion, prompt: 'Graph API version', description: 'Graph API version to pin', default: DEFAULT_GRAPH_VERSION },
] as const satisfies readonly SettingSpec[];

type Row = (typeof SETTINGS)[number];
export type SettingKey = Row['key'];
/** Keys a profile holds (fb3cx config set/get/unset). */
export type StoredKey = Extract<Row, { stored: true }>['key'];

export const SETTING_KEYS: readonly SettingKey[] = SETTINGS.map((row) => row.key);
export const STORED_KEYS: readonly StoredKey[] = SETTINGS.flatMap((row) => (row.stored ? [row.key] : []));

const BY_KEY = new Map<string, SettingSpec>(SETTINGS.map((row) => [row.key, row]));

export function setting(key: SettingKey): SettingSpec {
  const spec = BY_KEY.get(key);
  if (!spec) throw new Error(`No setting "${key}" in the table.`);
  return spec;
}

export function isSettingKey(key: string): key is SettingKey {
  return BY_KEY.has(key);
}

export function isStoredKey(key: string): key is StoredKey {
  return BY_KEY.get(key)?.stored === true;
}

export function isSecret(key: SettingKey): boolean {
  return setting(key).secret;
}

/** Secrets every output path scrubs: all but those fb3cx prints on purpose. */
export function isScrubbed(key: SettingKey): boolean {
  const spec = setting(key);
  return spec.secret && spec.shown !== true;
}

/** Where a value came from. */
export type Source = 'flag' | 'stdin' | 'sandbox' | 'env' | 'profile' | 'graph' | 'prompt' | 'default';
/** Where a value for `fb3cx config set` came from, besides the resolver's layers. */
export type Where = Source | 'argument';

/** "--page-id" from "--page-id <id>". */
export function flagName(key: SettingKey): string | undefined {
  const spec = setting(key);
  return spec.flag?.split(' ')[0] ?? spec.stdinFlag;
}

/** Where a value came from, in words for an error message; undefined when a person just typed it. */
export function describeSource(key: SettingKey, source: Where | undefined): string | undefined {
  switch (source) {
    case 'flag':
      return flagName(key) ?? key;
    case 'stdin':
      return 'standard input';
    case 'env':
      return setting(key).env;
    case 'profile':
      return `the profile's ${key}`;
    case 'sandbox':
      return 'the sandbox';
    case 'graph':
      return 'the Graph API';
    case 'argument':
      return 'the command line';
    case 'default':
      return 'the default';
    default:
      return undefined;
  }
}

/** The first letter up, for a sentence that starts with a label. */

/**
 * The one sentence every command uses to refuse a value: "The Page ID from --page-id must be 5 to
 * 25 digits, as shown in Meta's dashboard, got "abc"." Secrets are never repeated.
 */
export function settingProblem(key: SettingKey, value: string, source?: Where): string | undefined {
  const spec = setting(key);
  const reason = spec.validate(value);
  if (reason === undefined) return undefined;
  const where = describeSource(key, source);
  return `${capitalise(`the ${spec.label}`)}${where ? ` from ${where}` : ''} ${reason}${spec.secret ? '' : `, got ${quoted(value)}`}.`;
}

/** "--page-id or FB3CX_PAGE_ID", for a usage error that asks for a value. */
export function howToGive(key: SettingKey): string {
  const flag = flagName(key);
  return `${flag ? `${flag} or ` : ''}${setting(key).env}`;
}

/** "--page-id <id> or FB3CX_PAGE_ID (the Page ID)", one line of a list of missing values. */
export function howToGiveLine(key: SettingKey): string {
  const spec = setting(key);
  const flag = spec.flag ?? spec.stdinFlag;
  return `${flag ? `${flag} or ` : ''}${spec.env} (the ${spec.label}${spec.hint ? `; ${spec.hint}` : ''})`;
}

/** Variables that are not settings but change how fb3cx runs. */
const RUNTIME_ENV = ['FB3CX_PROFILE', 'FB3CX_CONFIG_DIR', 'FB3CX_GRAPH_TIMEOUT_MS'];

/** Every environment variable fb3cx reads, settings first. */
export function environmentNames(): string[] {
  return [...SETTINGS.map((row) => row.env), ...RUNTIME_ENV];
}

/** The Environment section of the top-level help, wrapped at `width`. */
export function environmentHelp(width: number): string {
  return wrapList('Environment: ', environmentNames(), ' (see README).', width);
}

/** The Keys section of `fb3cx config --help`. */
export function configKeysHelp(width: number): string {
  return wrapList('Keys: ', SETTINGS.flatMap((row) => (row.stored ? [`${row.key}${row.secret ? ' (secret)' : ''}`] : [])), '.', width);
}

function wrapList(head: string, items: string[], tail: string, width: number): string {
  const lines: string[] = [];
  let line = head;
  items.forEach((item, index) => {
    const word = `${item}${index === items.length - 1 ? tail : ','}`;
    if (line.length > 0 && line.length + 1 + word.length > width && line !== head) {
      lines.push(line);
      line = word;
    } else {
      line = line === head ? `${line}${word}` : `${line} ${word}`;
    }
  });
  lines.push(line);
  return lines.join('\n');
}
