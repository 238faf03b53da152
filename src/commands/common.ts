import type { AppContext, GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { DEFAULT_PROFILE, validateProfileName, type Profile } from '../core/profile.js';
import { ENV_NAMES, resolveSettings, validateSettings, type ResolvedSettings, type SettingKey } from '../core/settings.js';
import { isScenarioName, SCENARIO_NAMES } from '../sandbox/scenario-names.js';
import type { RunningSandbox, WebhookTrust } from '../sandbox/types.js';
import type { GraphApi } from '../graph/client.js';
import { versionWarning } from '../graph/versions.js';
import type { ConfigStore } from '../io/config.js';
import { readAllStdin, splitStdinValues } from '../io/stdin.js';

export interface ConnectionFlags {
  pageId?: string;
  appId?: string;
  webhookUrl?: string;
  webClientUrl?: string;
  pageTokenStdin?: boolean;
  appSecretStdin?: boolean;
}

export interface PreparedRun {
  settings: ResolvedSettings;
  profileName: string;
  profile: Profile | undefined;
  /** Undefined under --sandbox, which never touches the user's profiles. */
  store: ConfigStore | undefined;
  sandbox: RunningSandbox | undefined;
  /** How to reach the 3CX host in the sandbox (its certificate authority and address). */
  webhookTrust: WebhookTrust | undefined;
  /** The Graph client, created on first use. */
  graph(): Promise<GraphApi>;
  close(): Promise<void>;
}

export interface PrepareOptions {
  flags: ConnectionFlags;
  /** Extra secrets read from stdin after the page token and app secret, such as the test password. */
  extraStdin?: string[];
  /** Settings to ask for at a terminal when missing (secrets are asked masked). */
  askFor?: SettingKey[];
  /** Whether a config store is needed at all (false: env and flags only). */
  useProfile?: boolean;
}

export interface PreparedWithExtras extends PreparedRun {
  extraStdin: Record<string, string | undefined>;
}

export function profileNameFrom(globals: GlobalOptions, env: NodeJS.ProcessEnv, store?: ConfigStore): string {
  const name = globals.profile ?? env.FB3CX_PROFILE ?? store?.currentProfileName() ?? DEFAULT_PROFILE;
  const problem = validateProfileName(name);
  if (problem) throw new UsageError(problem);
  return name;
}

/**
 * Resolves everything a command needs to talk to Meta: flags, then stdin, then env, then the
 * profile; or, under --sandbox, the emulator's fictional page, app and 3CX host.
 */
export async function prepareRun(ctx: AppContext, globals: GlobalOptions, options: PrepareOptions): Promise<PreparedWithExtras> {
  const { flags } = options;
  const stdinKeys: string[] = [];
  if (flags.pageTokenStdin) stdinKeys.push('pageToken');
  if (flags.appSecretStdin) stdinKeys.push('appSecret');
  stdinKeys.push(...(options.extraStdin ?? []));
  const stdinValues: Record<string, string | undefined> = {};
  if (stdinKeys.length > 0) {
    const text = await readAllStdin(ctx.stdin, stdinKeys.length === 1 ? `The ${describeKey(stdinKeys[0] as string)}` : 'Secrets');
    const parts = splitStdinValues(text, stdinKeys.length);
    stdinKeys.forEach((key, index) => {
      stdinValues[key] = parts[index];
      ctx.out.secrets.add(parts[index]?.trim());
      if (parts[index] === undefined || parts[index]?.trim() === '') {
        throw new UsageError(`Standard input held no ${describeKey(key)}${stdinKeys.length > 1 ? ` (expected one value per line: ${stdinKeys.map(describeKey).join(', then ')})` : ''}.`);
      }
    });
  }

  let sandbox: RunningSandbox | undefined;
  let store: ConfigStore | undefined;
  let profile: Profile | undefined;
  let profileName = DEFAULT_PROFILE;
  let settings: ResolvedSettings;

  if (globals.sandbox !== undefined && globals.sandbox !== false) {
    const scenario = globals.sandbox === true ? 'healthy' : globals.sandbox;
    if (!isScenarioName(scenario)) {
      throw new UsageError(`Unknown sandbox scenario "${scenario}".`, `Scenarios: ${SCENARIO_NAMES.join(', ')}.`);
    }
    const { startSandbox } = await import('../sandbox/server.js');
    const latency = Number(ctx.env.FB3CX_SANDBOX_LATENCY_MS ?? 0);
    sandbox = await startSandbox({ scenario, latencyMs: Number.isFinite(latency) ? latency : 0 });
    const id = sandbox.identity;
    // The sandbox stands in for Meta and 3CX completely: the user's env and profiles are ignored,
    // except for explicit flags that name another page, app or webhook (to rehearse mistakes).
    settings = resolveSettings({
      flags: {
        pageId: flags.pageId ?? id.pageId,
        appId: flags.appId ?? id.appId,
        webhookUrl: flags.webhookUrl ?? id.webhookUrl,
        webClientUrl: flags.webClientUrl ?? id.webClientUrl,
        pageToken: stdinValues.pageToken ?? id.pageToken,
        appSecret: stdinValues.appSecret ?? id.appSecret,
        graphUrl: sandbox.graphUrl,
        graphVersion: globals.graphVersion,
      },
      env: {},
    });
    const given: Partial<Record<string, unknown>> = { ...flags, pageToken: stdinValues.pageToken, appSecret: stdinValues.appSecret };
    for (const key of ['pageId', 'appId', 'webhookUrl', 'webClientUrl', 'pageToken', 'appSecret', 'graphUrl'] as const) {
      if (settings.sources[key] !== 'flag') continue;
      if (given[key] === undefined) settings.sources[key] = 'sandbox';
      else if (key === 'pageToken' || key === 'appSecret') settings.sources[key] = 'stdin';
    }
    ctx.out.info(ctx.out.errStyle.cyan(`Sandbox: scenario "${scenario}" with a fictional page, app and 3CX host on 127.0.0.1; nothing is sent to Meta.`));
    ctx.out.debug(`sandbox Graph API at ${sandbox.graphUrl}, 3CX webhook ${id.webhookUrl}`);
  } else {
    if (options.useProfile !== false) {
      const { openConfigStore } = await import('../io/config.js');
      store = await openConfigStore(ctx.env);
      profileName = profileNameFrom(globals, ctx.env, store);
      profile = store.getProfile(profileName);
      if (!profile && (globals.profile !== undefined || ctx.env.FB3CX_PROFILE !== undefined)) {
        const known = Object.keys(store.listProfiles());
        throw new UsageError(
          `There is no profile named "${profileName}".`,
          known.length > 0 ? `Known profiles: ${known.join(', ')}. Create one with fb3cx init or fb3cx config set.` : 'Create one with fb3cx init or fb3cx config set --profile <name> ...',
        );
      }
    }
    settings = resolveSettings({
      flags: { pageId: flags.pageId, appId: flags.appId, webhookUrl: flags.webhookUrl, webClientUrl: flags.webClientUrl, graphVersion: globals.graphVersion },
      stdin: { pageToken: stdinValues.pageToken, appSecret: stdinValues.appSecret },
      env: ctx.env,
      profile,
    });
  }

  for (const key of options.askFor ?? []) {
    if (settings.values[key] !== undefined || !ctx.prompt.interactive) continue;
    const secret = key === 'pageToken' || key === 'appSecret';
    const message = PROMPT_LABELS[key] ?? `${describeKey(key)}:`;
    const answer = secret ? await ctx.prompt.password({ message }) : await ctx.prompt.input({ message });
    const trimmed = answer.trim();
    if (trimmed !== '') {
      (settings.values as unknown as Record<string, string>)[key] = trimmed;
      settings.sources[key] = 'prompt';
    }
  }

  ctx.out.secrets.add(settings.values.pageToken);
  ctx.out.secrets.add(settings.values.appSecret);
  if (settings.values.appId && settings.values.appSecret) ctx.out.secrets.add(`${settings.values.appId}|${settings.values.appSecret}`);

  const problems = validateSettings(settings);
  if (problems.length > 0) {
    await sandbox?.close();
    throw new UsageError(problems.join(' '));
  }
  const warning = versionWarning(settings.values.graphVersion, new Date(ctx.clock.now()));
  if (warning) ctx.out.warn(warning);

  let graph: GraphApi | undefined;
  const warnedUsage = new Set<string>();
  const extras: Record<string, string | undefined> = {};
  for (const key of options.extraStdin ?? []) extras[key] = stdinValues[key]?.trim();
  return {
    settings,
    profileName,
    profile,
    store,
    sandbox,
    webhookTrust: sandbox?.webhookTrust,
    extraStdin: extras,
    async graph() {
      if (!graph) {
        const { GraphClient } = await import('../graph/client.js');
        graph = new GraphClient({
          baseUrl: settings.values.graphUrl,
          version: settings.values.graphVersion,
          appSecret: settings.values.appSecret,
          ...(sandbox ? { baseBackoffMs: 50 } : {}),
          ...timeoutFromEnv(ctx.env),
          onEvent: (event) => {
            if (event.kind === 'response') ctx.out.debug(`${event.method} ${event.path} -> ${event.status} in ${event.ms} ms${event.apiVersion ? ` (${event.apiVersion})` : ''}`);
            if (event.kind === 'retry') ctx.out.debug(`retrying ${event.method} ${event.path} in ${event.delayMs} ms: ${event.reason}`);
            if (event.kind === 'usage' && event.percent >= 80 && !warnedUsage.has(event.header)) {
              warnedUsage.add(event.header);
              ctx.out.warn(`Meta reports ${event.percent}% of the ${event.header} rate-limit budget used; calls may soon be throttled.`);
            }
          },
        });
      }
      return graph;
    },
    async close() {
      await graph?.close();
      await sandbox?.close();
    },
  };
}

const PROMPT_LABELS: Partial<Record<SettingKey, string>> = {
  pageId: 'Page ID (Messenger API Settings, under the page name):',
  pageToken: 'Page access token (Messenger API Settings > Generate token):',
  appId: 'App ID (App Settings > Basic):',
  appSecret: 'App secret (App Settings > Basic > Show):',
  webhookUrl: '3CX webhook URL (3CX Admin > Voice & Chat > your Facebook trunk):',
  webClientUrl: '3CX web client URL (for example https://pbx.example.com:5001/webclient):',
};

export function describeKey(key: string): string {
  switch (key) {
    case 'pageToken':
      return 'page access token';
    case 'appSecret':
      return 'app secret';
    case 'pageId':
      return 'Page ID';
    case 'appId':
      return 'App ID';
    case 'webhookUrl':
      return '3CX webhook URL';
    case 'webClientUrl':
      return '3CX web client URL';
    case 'password':
      return 'test extension password';
    default:
      return key;
  }
}

/** "--page-id or FB3CX_PAGE_ID" for usage errors. */
export function howToGive(key: SettingKey): string {
  const flag: Partial<Record<SettingKey, string>> = {
    pageId: '--page-id',
    appId: '--app-id',
    webhookUrl: '--webhook-url',
    webClientUrl: '--web-client-url',
    pageToken: '--page-token-stdin',
    appSecret: '--app-secret-stdin',
  };
  return `${flag[key] ? `${flag[key]} or ` : ''}${ENV_NAMES[key]}`;
}

/** FB3CX_GRAPH_TIMEOUT_MS shortens the per-request timeout (default 10 s), for slow links and tests. */
function timeoutFromEnv(env: NodeJS.ProcessEnv): { timeoutMs?: number; deadlineMs?: number } {
  const raw = env.FB3CX_GRAPH_TIMEOUT_MS;
  if (raw === undefined || raw === '') return {};
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 100 || value > 120_000) throw new UsageError(`FB3CX_GRAPH_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000, got "${raw}".`);
  return { timeoutMs: value, deadlineMs: Math.max(value * 3, 30_000) };
}
