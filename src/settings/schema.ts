/**
 * The settings table: every value fb3cx reads from a flag, standard input, the environment, a
 * profile or a prompt is described here once. The env and flag names, the "how to give this"
 * hints, prompt labels, the keys of `fb3cx config` and the Environment section of the help are
 * all read from this table, so a new setting is one more row.
 *
 * Imported by the help builder: keep this module and its imports light.
 */
import type { ParseKeys } from 'i18next';
import { quoted } from '../core/text.js';
import { t } from '../i18n/index.js';
import { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION } from '../graph/versions.js';
import { LANGUAGES } from '../i18n/languages.js';
import { extensionNumber, graphVersion, hostName, httpsUrl, httpUrl, language, numericId, secretText, shortText, token, type Reason, type Validator } from './validate.js';

/** A message key of the settings catalogue (src/i18n/locales/<language>/settings.json). */
type SettingsKey = ParseKeys & `settings.${string}`;

/** One row of the table as written: the words are catalogue keys, read in the active language by `setting()`. */
interface SettingRow {
  readonly key: string;
  /** Lower-case unless a name ("Page ID"); sentences say "The <label>". */
  readonly labelKey: SettingsKey;
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
  readonly promptKey: SettingsKey;
  /** One line for `fb3cx config` and the help. */
  readonly descriptionKey: SettingsKey;
  /** Extra words on how to give it, after the flag and env var. */
  readonly hintKey?: SettingsKey;
  readonly default?: string;
}

/** A setting as commands see it: the row, with its words in the active language. */
export interface SettingSpec extends SettingRow {
  readonly label: string;
  readonly prompt: string;
  readonly description: string;
  readonly hint?: string;
}

export const SETTINGS = [
  { key: 'pageId', labelKey: 'settings.pageId.label', flag: '--page-id <id>', env: 'FB3CX_PAGE_ID', stored: true, secret: false, validate: numericId, promptKey: 'settings.pageId.prompt', descriptionKey: 'settings.pageId.description' },
  { key: 'appId', labelKey: 'settings.appId.label', flag: '--app-id <id>', env: 'FB3CX_APP_ID', stored: true, secret: false, validate: numericId, promptKey: 'settings.appId.prompt', descriptionKey: 'settings.appId.description' },
  { key: 'webhookUrl', labelKey: 'settings.webhookUrl.label', flag: '--webhook-url <url>', env: 'FB3CX_WEBHOOK_URL', stored: true, secret: false, validate: httpsUrl, promptKey: 'settings.webhookUrl.prompt', descriptionKey: 'settings.webhookUrl.description' },
  { key: 'webClientUrl', labelKey: 'settings.webClientUrl.label', flag: '--web-client-url <url>', env: 'FB3CX_WEB_CLIENT_URL', stored: true, secret: false, validate: httpUrl, promptKey: 'settings.webClientUrl.prompt', descriptionKey: 'settings.webClientUrl.description' },
  { key: 'pageToken', labelKey: 'settings.pageToken.label', stdinFlag: '--page-token-stdin', env: 'FB3CX_PAGE_TOKEN', stored: true, secret: true, validate: token, promptKey: 'settings.pageToken.prompt', descriptionKey: 'settings.pageToken.description' },
  { key: 'appSecret', labelKey: 'settings.appSecret.label', stdinFlag: '--app-secret-stdin', env: 'FB3CX_APP_SECRET', stored: true, secret: true, validate: token, promptKey: 'settings.appSecret.prompt', descriptionKey: 'settings.appSecret.description' },
  { key: 'pbxUrl', labelKey: 'settings.pbxUrl.label', flag: '--pbx-url <url>', env: 'FB3CX_PBX_URL', stored: true, secret: false, validate: httpsUrl, promptKey: 'settings.pbxUrl.prompt', descriptionKey: 'settings.pbxUrl.description', hintKey: 'settings.pbxUrl.hint' },
  { key: 'pbxClientId', labelKey: 'settings.pbxClientId.label', flag: '--pbx-client-id <id>', env: 'FB3CX_PBX_CLIENT_ID', stored: true, secret: false, validate: token, promptKey: 'settings.pbxClientId.prompt', descriptionKey: 'settings.pbxClientId.description' },
  { key: 'pbxClientSecret', labelKey: 'settings.pbxClientSecret.label', stdinFlag: '--pbx-secret-stdin', env: 'FB3CX_PBX_CLIENT_SECRET', stored: true, secret: true, validate: token, promptKey: 'settings.pbxClientSecret.prompt', descriptionKey: 'settings.pbxClientSecret.description' },
  { key: 'userToken', labelKey: 'settings.userToken.label', stdinFlag: '--user-token-stdin', env: 'FB3CX_USER_TOKEN', stored: false, secret: true, validate: token, promptKey: 'settings.userToken.prompt', descriptionKey: 'settings.userToken.description', hintKey: 'settings.userToken.hint' },
  { key: 'company', labelKey: 'settings.company.label', flag: '--company <name>', env: 'FB3CX_COMPANY', stored: true, secret: false, validate: shortText, promptKey: 'settings.company.prompt', descriptionKey: 'settings.company.description' },
  { key: 'pageName', labelKey: 'settings.pageName.label', flag: '--page-name <name>', env: 'FB3CX_PAGE_NAME', stored: true, secret: false, validate: shortText, promptKey: 'settings.pageName.prompt', descriptionKey: 'settings.pageName.description', hintKey: 'settings.pageName.hint' },
  { key: 'pbxHost', labelKey: 'settings.pbxHost.label', flag: '--pbx-host <fqdn>', env: 'FB3CX_PBX_HOST', stored: true, secret: false, validate: hostName, promptKey: 'settings.pbxHost.prompt', descriptionKey: 'settings.pbxHost.description' },
  { key: 'extension', labelKey: 'settings.extension.label', flag: '--extension <number>', env: 'FB3CX_TEST_EXTENSION', stored: true, secret: false, validate: extensionNumber, promptKey: 'settings.extension.prompt', descriptionKey: 'settings.extension.description' },
  { key: 'privacyUrl', labelKey: 'settings.privacyUrl.label', flag: '--privacy-url <url>', env: 'FB3CX_PRIVACY_URL', stored: true, secret: false, validate: httpUrl, promptKey: 'settings.privacyUrl.prompt', descriptionKey: 'settings.privacyUrl.description' },
  { key: 'verifyToken', labelKey: 'settings.verifyToken.label', flag: '--verify-token <token>', env: 'FB3CX_VERIFY_TOKEN', stored: true, secret: true, validate: token, promptKey: 'settings.verifyToken.prompt', descriptionKey: 'settings.verifyToken.description', shown: true },
  { key: 'password', labelKey: 'settings.password.label', stdinFlag: '--password-stdin', env: 'FB3CX_TEST_PASSWORD', stored: false, secret: true, validate: secretText, promptKey: 'settings.password.prompt', descriptionKey: 'settings.password.description', hintKey: 'settings.password.hint' },
  { key: 'lang', labelKey: 'settings.lang.label', flag: '--lang <language>', env: 'FB3CX_LANG', stored: true, secret: false, validate: language, promptKey: 'settings.lang.prompt', descriptionKey: 'settings.lang.description', hintKey: 'settings.lang.hint' },
  { key: 'graphUrl', labelKey: 'settings.graphUrl.label', env: 'FB3CX_GRAPH_URL', stored: false, secret: false, validate: httpUrl, promptKey: 'settings.graphUrl.prompt', descriptionKey: 'settings.graphUrl.description', default: DEFAULT_GRAPH_URL },
  { key: 'graphVersion', labelKey: 'settings.graphVersion.label', flag: '--graph-version <version>', env: 'FB3CX_GRAPH_VERSION', stored: false, secret: false, validate: graphVersion, promptKey: 'settings.graphVersion.prompt', descriptionKey: 'settings.graphVersion.description', default: DEFAULT_GRAPH_VERSION },
] as const satisfies readonly SettingRow[];

type Row = (typeof SETTINGS)[number];
export type SettingKey = Row['key'];
/** Keys a profile holds (fb3cx config set/get/unset). */
export type StoredKey = Extract<Row, { stored: true }>['key'];

export const SETTING_KEYS: readonly SettingKey[] = SETTINGS.map((row) => row.key);
export const STORED_KEYS: readonly StoredKey[] = SETTINGS.flatMap((row) => (row.stored ? [row.key] : []));

const BY_KEY = new Map<string, SettingRow>(SETTINGS.map((row) => [row.key, row]));

/** The table's row: what a setting is, without its words. */
function row(key: SettingKey): SettingRow {
  const found = BY_KEY.get(key);
  if (!found) throw new Error(`No setting "${key}" in the table.`);
  return found;
}

/** The setting's row with its words in the language active now (the language may change after start-up). */
export function setting(key: SettingKey): SettingSpec {
  const found = row(key);
  const hintKey = found.hintKey;
  return {
    ...found,
    label: t(found.labelKey),
    prompt: t(found.promptKey),
    description: t(found.descriptionKey),
    ...(hintKey === undefined ? {} : { hint: t(hintKey) }),
  };
}

export function isSettingKey(key: string): key is SettingKey {
  return BY_KEY.has(key);
}

export function isStoredKey(key: string): key is StoredKey {
  return BY_KEY.get(key)?.stored === true;
}

export function isSecret(key: SettingKey): boolean {
  return row(key).secret;
}

/** Secrets every output path scrubs: all but those fb3cx prints on purpose. */
export function isScrubbed(key: SettingKey): boolean {
  const spec = row(key);
  return spec.secret && spec.shown !== true;
}

/** Where a value came from. */
export type Source = 'flag' | 'stdin' | 'sandbox' | 'env' | 'profile' | 'graph' | 'prompt' | 'default';
/** Where a value for `fb3cx config set` came from, besides the resolver's layers. */
export type Where = Source | 'argument';

/** "--page-id" from "--page-id <id>". */
export function flagName(key: SettingKey): string | undefined {
  const spec = row(key);
  return spec.flag?.split(' ')[0] ?? spec.stdinFlag;
}

/** Where a value came from, in words for an error message; undefined when a person just typed it. */
export function describeSource(key: SettingKey, source: Where | undefined): string | undefined {
  switch (source) {
    case 'flag':
      return flagName(key) ?? key;
    case 'stdin':
      return t('settings.source.stdin');
    case 'env':
      return row(key).env;
    case 'profile':
      return t('settings.source.profile', { key });
    case 'sandbox':
      return t('settings.source.sandbox');
    case 'graph':
      return t('settings.source.graph');
    case 'argument':
      return t('settings.source.argument');
    case 'default':
      return t('settings.source.default');
    default:
      return undefined;
  }
}

/** "The Page ID from --page-id": what a sentence about a refused value starts with. */
function subjectOf(key: SettingKey, source: Where | undefined): string {
  const label = setting(key).label;
  switch (source) {
    case 'flag':
      return t('settings.subject.flag', { label, flag: flagName(key) ?? key });
    case 'stdin':
      return t('settings.subject.stdin', { label });
    case 'env':
      return t('settings.subject.env', { label, env: row(key).env });
    case 'profile':
      return t('settings.subject.profile', { label, key });
    case 'sandbox':
      return t('settings.subject.sandbox', { label });
    case 'graph':
      return t('settings.subject.graph', { label });
    case 'argument':
      return t('settings.subject.argument', { label });
    case 'default':
      return t('settings.subject.default', { label });
    default:
      return t('settings.subject.typed', { label });
  }
}

/**
 * The one sentence every command uses to refuse a value: "The Page ID from --page-id must be 5 to
 * 25 digits, as shown in Meta's dashboard, got "abc"." Secrets are never repeated.
 */
export function settingProblem(key: SettingKey, value: string, source?: Where): string | undefined {
  const spec = row(key);
  const reason = spec.validate(value);
  if (reason === undefined) return undefined;
  return problemSentence(reason, subjectOf(key, source), spec.secret ? undefined : quoted(value));
}

/**
 * The same sentence about a value that is not a setting's own (a column of a fleet inventory):
 * `subject` names what holds the value.
 */
export function valueProblem(key: SettingKey, value: string, subject: string): string | undefined {
  const spec = row(key);
  const reason = spec.validate(value);
  if (reason === undefined) return undefined;
  return problemSentence(reason, subject, spec.secret ? undefined : quoted(value));
}

/** The template braces a value may not hold, given as values: in a message they would be a placeholder. */
const BRACES = { open: '"{{"', close: '"}}"' };

/** One whole sentence per reason, so each language orders it as it needs; `value` is undefined for a secret. */
function problemSentence(reason: Reason, subject: string, value: string | undefined): string {
  const values = { subject, value };
  switch (reason) {
    case 'language':
      return t('settings.problem.language', { ...values, languages: LANGUAGES.join(', ') });
    case 'placeholder':
      return value === undefined ? t('settings.problem.placeholderSecret', { ...values, ...BRACES }) : t('settings.problem.placeholder', { ...values, ...BRACES });
    case 'singleLine':
      return value === undefined ? t('settings.problem.singleLineSecret', values) : t('settings.problem.singleLine', values);
    case 'spaces':
      return value === undefined ? t('settings.problem.spacesSecret', values) : t('settings.problem.spaces', values);
    case 'numericId':
      return t('settings.problem.numericId', values);
    case 'notUrl':
      return t('settings.problem.notUrl', values);
    case 'httpsOnly':
      return t('settings.problem.httpsOnly', values);
    case 'httpOnly':
      return t('settings.problem.httpOnly', values);
    case 'credentialsInUrl':
      return t('settings.problem.credentialsInUrl', values);
    case 'extension':
      return t('settings.problem.extension', values);
    case 'graphVersion':
      return t('settings.problem.graphVersion', values);
    case 'tooLong':
      return t('settings.problem.tooLong', values);
    case 'notBareHost':
      return t('settings.problem.notBareHost', values);
    case 'badHost':
      return t('settings.problem.badHost', values);
  }
}

/** "--page-id or FB3CX_PAGE_ID", for a usage error that asks for a value. */
export function howToGive(key: SettingKey): string {
  const flag = flagName(key);
  const env = row(key).env;
  return flag ? t('settings.howToGive', { flag, env }) : env;
}

/** "--page-id <id> or FB3CX_PAGE_ID (the Page ID)", one line of a list of missing values. */
export function howToGiveLine(key: SettingKey): string {
  const spec = setting(key);
  const flag = spec.flag ?? spec.stdinFlag;
  const values = { flag, env: spec.env, label: spec.label, hint: spec.hint };
  if (flag === undefined) return spec.hint === undefined ? t('settings.howToGiveLine.envOnly', values) : t('settings.howToGiveLine.envOnlyHint', values);
  return spec.hint === undefined ? t('settings.howToGiveLine.flag', values) : t('settings.howToGiveLine.flagHint', values);
}

/** Variables that are not settings but change how fb3cx runs. */
const RUNTIME_ENV = ['FB3CX_PROFILE', 'FB3CX_CONFIG_DIR', 'FB3CX_GRAPH_TIMEOUT_MS'];

/** Every environment variable fb3cx reads, settings first. */
export function environmentNames(): string[] {
  return [...SETTINGS.map((row) => row.env), ...RUNTIME_ENV];
}

/** Terminal columns of a text; the help passes a CJK-aware one when it speaks Chinese. */
export type Measure = (text: string) => number;

/** The Environment section of the top-level help, wrapped at `width`. */
export function environmentHelp(width: number, measure: Measure = (text) => text.length): string {
  return wrapList(t('help.program.environment', { names: environmentNames().join(', ') }), width, measure);
}

/** The Keys section of `fb3cx config --help`. */
export function configKeysHelp(width: number, measure: Measure = (text) => text.length): string {
  const keys = SETTINGS.flatMap((row) => (row.stored ? [row.secret ? t('settings.keys.secret', { key: row.key }) : row.key] : []));
  return wrapList(t('settings.keys.list', { keys: keys.join(', ') }), width, measure);
}

/** A sentence that lists names, wrapped at `width`; a line breaks only after a list's comma, so "pageToken (secret)" stays whole. */
function wrapList(text: string, width: number, measure: Measure): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/(?<=,) /)) {
    if (line !== '' && measure(line) + 1 + measure(word) > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
