/**
 * The session a command runs in, built in one place: secrets from standard input, the sandbox,
 * the profile and its name, the resolved settings, the config store and the Graph client. Like
 * gh's cmdutil.Factory, each part is created on first use and once; commands get it with
 * `ctx.session(request)`.
 */
import type { AppContext, GlobalOptions } from './context.js';
import { UsageError } from './errors.js';
import { t } from './i18n/index.js';
import { quoted } from './core/text.js';
import { DEFAULT_PROFILE, validateProfileName, type Profile } from './core/profile.js';
import { resolveSettings, type ResolvedSettings, type SettingValues } from './settings/resolve.js';
import { isScrubbed, setting, settingProblem, SETTING_KEYS, type SettingKey } from './settings/schema.js';
import { isScenarioName, unknownScenario } from './sandbox/scenario-names.js';
import type { RunningSandbox, SandboxIdentity, WebhookTrust } from './sandbox/types.js';
import type { GraphApi, GraphClientEvent } from './graph/client.js';
import type { Dispatcher } from './graph/undici.js';
import { pbxAddress, type PbxAddress } from './pbx/address.js';
import type { PbxApi } from './pbx/types.js';
import { appToken } from './graph/messenger.js';
import { versionWarning } from './graph/versions.js';
import type { ConfigReader, ConfigStore } from './io/config.js';
import { readAllStdin, splitStdinValues } from './io/stdin.js';

/** The profile init writes to under --sandbox, so a rehearsal never touches a real profile. */
export const SANDBOX_PROFILE = 'sandbox';

/** What verify, subscribe and trigger read: the connection to Meta and 3CX. */
export const CONNECTION_KEYS: readonly SettingKey[] = ['pageId', 'pageToken', 'appId', 'appSecret', 'webhookUrl', 'webClientUrl', 'graphUrl', 'graphVersion'];

/** What the 3CX API client reads: its address (or the hosts it is derived from) and credentials. */
export const PBX_KEYS: readonly SettingKey[] = ['pbxUrl', 'pbxClientId', 'pbxClientSecret', 'pbxHost'];

export interface SessionRequest {
  /**
   * The command's parsed options (with the global ones). A setting's value is read from the
   * option its flag names (--page-id: pageId); a secret is read from standard input when its
   * --x-stdin option is set.
   */
  options: object;
  /** The settings this command uses; only these are resolved and checked. */
  keys?: readonly SettingKey[];
  /** Missing settings to ask for at a terminal (secrets masked). */
  askFor?: readonly SettingKey[];
  /**
   * 'layer' (default): the profile is a settings layer, and a profile named with --profile or
   * FB3CX_PROFILE must exist; under --sandbox no profile is read. 'own': init reads and writes
   * the profile itself (it may not exist yet, and under --sandbox it is "sandbox").
   */
  profile?: 'layer' | 'own';
}

export interface Session {
  readonly settings: ResolvedSettings;
  readonly profileName: string;
  readonly profile: Profile | undefined;
  readonly sandbox: RunningSandbox | undefined;
  /** How to reach the 3CX host in the sandbox (its certificate authority and address). */
  readonly webhookTrust: WebhookTrust | undefined;
  configStore(): Promise<ConfigStore>;
  /** The Graph client, one per app secret; by default with the resolved app secret. */
  graph(options?: { appSecret: string | undefined }): Promise<GraphApi>;
  /** The 3CX API client and where its address came from; undefined without a client ID, key and address. */
  pbx(): Promise<PbxSession | undefined>;
  close(): Promise<void>;
}

export interface PbxSession {
  api: PbxApi;
  address: PbxAddress;
}

/** "pageTokenStdin" from "--page-token-stdin": the name commander gives an option. */
function optionName(flag: string): string {
  return (flag.split(' ')[0] ?? '').replace(/^--/, '').replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The command's options as plain name/value pairs, without casts. */
function optionValues(options: object): Map<string, unknown> {
  return new Map(Object.entries(options));
}

/** --profile and --sandbox as the command saw them (its options include the global ones). */
function globalsFrom(globals: GlobalOptions, given: Map<string, unknown>): GlobalOptions {
  const profile = given.get('profile');
  const sandbox = given.get('sandbox');
  return {
    ...globals,
    ...(typeof profile === 'string' ? { profile } : {}),
    ...(typeof sandbox === 'string' || typeof sandbox === 'boolean' ? { sandbox } : {}),
  };
}

/** The profile name: --profile, then FB3CX_PROFILE, then the store's current one. */
export function profileNameFrom(globals: GlobalOptions, env: NodeJS.ProcessEnv, store?: ConfigReader): string {
  const name = globals.profile ?? env.FB3CX_PROFILE ?? store?.currentProfileName() ?? DEFAULT_PROFILE;
  const problem = validateProfileName(name);
  if (problem) throw new UsageError(problem);
  return name;
}

export async function openSession(ctx: AppContext, request: SessionRequest): Promise<Session> {
  const given = optionValues(request.options);
  const globals = globalsFrom(ctx.globals, given);
  const keys = request.keys ?? CONNECTION_KEYS;

  const flag: SettingValues = {};
  const stdinKeys: SettingKey[] = [];
  // Table order is the documented order on standard input: page token, app secret, password.
  for (const key of SETTING_KEYS) {
    if (!keys.includes(key)) continue;
    const spec = setting(key);
    const value = spec.flag ? given.get(optionName(spec.flag)) : undefined;
    if (typeof value === 'string') flag[key] = value;
    if (spec.stdinFlag && given.get(optionName(spec.stdinFlag)) === true) stdinKeys.push(key);
  }
  const stdin = await readStdinSecrets(ctx, stdinKeys);

  let sandbox: RunningSandbox | undefined;
  let profile: Profile | undefined;
  let profileName = DEFAULT_PROFILE;
  const ownProfile = request.profile === 'own';
  try {
    if (globals.sandbox !== undefined && globals.sandbox !== false) {
      sandbox = await startSandbox(ctx, globals.sandbox);
      if (ownProfile) {
        profileName = globals.profile ?? SANDBOX_PROFILE;
        profile = (await ctx.configReader()).getProfile(profileName);
      }
    } else {
      const store = await ctx.configReader();
      profileName = profileNameFrom(globals, ctx.env, store);
      profile = store.getProfile(profileName);
      if (!ownProfile && !profile && (globals.profile !== undefined || ctx.env.FB3CX_PROFILE !== undefined)) {
        const known = Object.keys(store.listProfiles());
        throw new UsageError(
          t('cli.profile.none', { name: `"${profileName}"` }),
          known.length > 0 ? t('cli.profile.knownHint', { profiles: known.join(', ') }) : t('cli.profile.createHint'),
        );
      }
    }

    // The sandbox stands in for Meta and 3CX completely: the environment and profiles are not
    // read, and only explicit flags and stdin name another page, app or webhook (to rehearse mistakes).
    const settings = resolveSettings(
      sandbox
        ? { flag, stdin, sandbox: sandboxValues(sandbox) }
        : { flag, stdin, env: ctx.env, ...(ownProfile ? {} : { profile }) },
      keys,
    );
    registerSecrets(ctx, settings);
    if (settings.problems.length > 0) throw new UsageError(settings.problems.join('\n'));

    for (const key of request.askFor ?? []) {
      if (settings.values[key] !== undefined || !ctx.prompt.interactive) continue;
      const answer = await askSetting(ctx, key);
      if (answer !== undefined) {
        settings.values[key] = answer;
        settings.sources[key] = 'prompt';
      }
    }
    registerSecrets(ctx, settings);

    const warning = versionWarning(settings.values.graphVersion, new Date(ctx.clock.now()));
    if (warning) ctx.out.warn(warning);
    return assemble(ctx, { settings, profile, profileName, sandbox });
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}

export interface AskOptions {
  /** Refuse an empty answer instead of returning undefined. */
  required?: boolean;
  /** Another rule than the table's, for a question that accepts two forms (host or URL). */
  check?: (value: string) => string | undefined;
}

/**
 * Asks for one setting at a terminal with the table's prompt and validator; a secret is masked.
 * Undefined when left empty.
 */
export async function askSetting(ctx: Pick<AppContext, 'prompt' | 'out'>, key: SettingKey, options: AskOptions = {}): Promise<string | undefined> {
  const spec = setting(key);
  const check = options.check ?? ((value: string) => settingProblem(key, value, 'prompt'));
  const validate = (value: string): string | true => {
    const trimmed = value.trim();
    if (trimmed === '') return options.required ? t('cli.ask.needed', { label: spec.label }) : true;
    return check(trimmed) ?? true;
  };
  const message = t('cli.ask.prompt', { prompt: spec.prompt });
  const answer = spec.secret ? await ctx.prompt.password({ message, validate }) : await ctx.prompt.input({ message, validate });
  const trimmed = answer.trim();
  if (trimmed === '') return undefined;
  if (spec.secret) ctx.out.secrets.add(trimmed);
  return trimmed;
}

async function readStdinSecrets(ctx: AppContext, keys: SettingKey[]): Promise<SettingValues> {
  const values: SettingValues = {};
  if (keys.length === 0) return values;
  const label = (key: SettingKey) => setting(key).label;
  const text = await readAllStdin(ctx.stdin, keys.length === 1 ? t('cli.stdin.oneValue', { label: label(keys[0] as SettingKey) }) : t('cli.stdin.secrets'));
  const parts = splitStdinValues(text, keys.length);
  keys.forEach((key, index) => {
    const part = parts[index];
    ctx.out.secrets.add(part?.trim());
    if (part === undefined || part.trim() === '') {
      throw new UsageError(keys.length > 1 ? t('cli.stdin.missingOfSeveral', { label: label(key), order: keys.map(label).join(t('cli.stdin.then')) }) : t('cli.stdin.missing', { label: label(key) }));
    }
    values[key] = part;
  });
  return values;
}

async function startSandbox(ctx: AppContext, option: string | true): Promise<RunningSandbox> {
  const scenario = option === true ? 'healthy' : option;
  if (!isScenarioName(scenario)) {
    throw unknownScenario(scenario);
  }
  const { startSandbox: start } = await import('./sandbox/server.js');
  const sandbox = await start({ scenario, latencyMs: latencyFrom(ctx.env.FB3CX_SANDBOX_LATENCY_MS), pbxLatencyMs: latencyFrom(ctx.env.FB3CX_SANDBOX_PBX_LATENCY_MS) });
  ctx.out.info(ctx.out.errStyle.cyan(t('common.sandboxBanner', { scenario })));
  ctx.out.debug(t('cli.debug.sandbox', { graphUrl: sandbox.graphUrl, webhookUrl: sandbox.identity.webhookUrl }));
  return sandbox;
}

/** Benchmark delays for the sandbox's Graph and 3CX answers, in ms; anything else is none. */
export function latencyFrom(raw: string | undefined): number {
  const value = Number(raw ?? 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** The sandbox's fictional customer as a settings layer. */
export function sandboxValues(sandbox: { graphUrl: string; identity: SandboxIdentity }): SettingValues {
  const id = sandbox.identity;
  return {
    pageId: id.pageId,
    pageToken: id.pageToken,
    appId: id.appId,
    appSecret: id.appSecret,
    webhookUrl: id.webhookUrl,
    webClientUrl: id.webClientUrl,
    pbxUrl: id.pbxUrl,
    pbxClientId: id.pbxClientId,
    pbxClientSecret: id.pbxClientSecret,
    company: id.company,
    pageName: id.pageName,
    extension: id.testExtension,
    password: id.testPassword,
    // The page admin's user token, for rehearsing fb3cx token exchange.
    userToken: id.userToken,
    graphUrl: sandbox.graphUrl,
  };
}

function registerSecrets(ctx: AppContext, settings: ResolvedSettings): void {
  for (const [key, value] of Object.entries(settings.values)) {
    if (typeof value === 'string' && isSecretKey(key)) ctx.out.secrets.add(value);
  }
  const { appId, appSecret } = settings.values;
  if (appId && appSecret) ctx.out.secrets.add(appToken({ appId, appSecret }));
}

function isSecretKey(key: string): boolean {
  return SETTING_KEYS.some((known) => known === key && isScrubbed(known));
}

interface Parts {
  settings: ResolvedSettings;
  profile: Profile | undefined;
  profileName: string;
  sandbox: RunningSandbox | undefined;
}

function assemble(ctx: AppContext, parts: Parts): Session {
  const clients = new Map<string, Promise<GraphApi>>();
  let pbx: Promise<PbxSession | undefined> | undefined;
  const { values } = parts.settings;
  return {
    ...parts,
    webhookTrust: parts.sandbox?.webhookTrust,
    configStore: () => ctx.configStore(),
    graph(options) {
      const appSecret = options ? options.appSecret : values.appSecret;
      let client = clients.get(appSecret ?? '');
      if (!client) {
        client = createGraphClient(ctx, { baseUrl: values.graphUrl, version: values.graphVersion, appSecret, sandbox: parts.sandbox !== undefined });
        clients.set(appSecret ?? '', client);
      }
      return client;
    },
    pbx() {
      pbx ??= createPbxSession(ctx, values, parts.sandbox);
      return pbx;
    },
    async close() {
      const open = await Promise.allSettled(clients.values());
      await Promise.all(open.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
      const pbxOpen = await pbx?.catch(() => undefined);
      await pbxOpen?.api.close();
      await parts.sandbox?.close();
    },
  };
}

export interface GraphClientRequest {
  baseUrl: string;
  version: string;
  appSecret: string | undefined;
  sandbox: boolean;
  /** A connection pool shared by many clients (a fleet run); the client then does not close it. */
  dispatcher?: Dispatcher | undefined;
  /** Sees every event first; a caller that listens warns about usage itself (per app, for a fleet). */
  onEvent?: ((event: GraphClientEvent) => void) | undefined;
}

/**
 * The one Graph client factory: every command gets FB3CX_GRAPH_TIMEOUT_MS, the retries and the
 * --verbose lines the same way.
 */
export async function createGraphClient(ctx: AppContext, options: GraphClientRequest): Promise<GraphApi> {
  const timeouts = timeoutFromEnv(ctx.env);
  const { GraphClient } = await import('./graph/client.js');
  const warnedUsage = new Set<string>();
  return new GraphClient({
    baseUrl: options.baseUrl,
    version: options.version,
    appSecret: options.appSecret,
    ...(options.sandbox ? { baseBackoffMs: 50 } : {}),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...timeouts,
    onEvent: (event) => {
      options.onEvent?.(event);
      if (event.kind === 'response') {
        const call = { method: event.method, path: event.path, status: event.status, ms: event.ms };
        ctx.out.debug(event.apiVersion ? t('cli.debug.responseVersion', { ...call, apiVersion: event.apiVersion }) : t('cli.debug.response', call));
      }
      if (event.kind === 'retry') ctx.out.debug(t('cli.debug.retry', { method: event.method, path: event.path, ms: event.delayMs, reason: event.reason }));
      if (event.kind === 'usage' && options.onEvent === undefined && event.percent >= 80 && !warnedUsage.has(event.header)) {
        warnedUsage.add(event.header);
        ctx.out.warn(t('cli.rateBudget', { percent: event.percent, header: event.header }));
      }
    },
  });
}

/**
 * The 3CX API client, with the Graph client's timeouts and --verbose lines; its token is scrubbed
 * from every output once known. Under --sandbox it trusts the sandbox's 3CX host.
 */
export async function createPbxSession(
  ctx: AppContext,
  values: Pick<SettingValues, 'pbxUrl' | 'pbxClientId' | 'pbxClientSecret' | 'pbxHost' | 'webClientUrl' | 'webhookUrl'>,
  sandbox: Pick<RunningSandbox, 'webhookTrust'> | undefined,
): Promise<PbxSession | undefined> {
  const { pbxClientId: clientId, pbxClientSecret: clientSecret } = values;
  const address = pbxAddress(values);
  if (!clientId || !clientSecret || !address) return undefined;
  if (address.from !== 'pbxUrl') ctx.out.debug(t('cli.debug.pbxAddress', { url: address.url, label: setting(address.from).label }));
  const { PbxClient } = await import('./pbx/client.js');
  const api = new PbxClient({
    baseUrl: address.url,
    clientId,
    clientSecret,
    ...timeoutFromEnv(ctx.env),
    ...(sandbox ? { baseBackoffMs: 50, trust: { ca: sandbox.webhookTrust.ca, lookup: sandbox.webhookTrust.lookup } } : {}),
    onSecret: (value) => ctx.out.secrets.add(value),
    onEvent: (event) => {
      if (event.kind === 'response') ctx.out.debug(t('cli.debug.pbxResponse', { method: event.method, path: event.path, status: event.status, ms: event.ms }));
      if (event.kind === 'retry') ctx.out.debug(t('cli.debug.pbxRetry', { method: event.method, path: event.path, ms: event.delayMs, reason: event.reason }));
    },
  });
  return { api, address };
}

/** FB3CX_GRAPH_TIMEOUT_MS shortens the per-request timeout (default 10 s), for slow links and tests. */
export function timeoutFromEnv(env: NodeJS.ProcessEnv): { timeoutMs?: number; deadlineMs?: number } {
  const raw = env.FB3CX_GRAPH_TIMEOUT_MS;
  if (raw === undefined || raw === '') return {};
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 100 || value > 120_000) throw new UsageError(t('cli.timeoutEnv', { value: quoted(raw) }));
  return { timeoutMs: value, deadlineMs: Math.max(value * 3, 30_000) };
}
