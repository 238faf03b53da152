import type { GraphApi } from '../../graph/types.js';
import {
  debugToken,
  readApp,
  readAppPermissions,
  readAppSubscriptions,
  readMe,
  readPage,
  readSubscribedApps,
  readNewestConversation,
  type AppCredentials,
  type ConversationData,
  type AppData,
  type AppSubscriptionData,
  type DebugTokenData,
  type MeData,
  type PageData,
  type PermissionData,
  type SubscribedAppData,
} from '../../graph/messenger.js';
import { GraphApiError } from '../../graph/errors.js';
import { PbxApiError } from '../../pbx/errors.js';
import type { PbxApi } from '../../pbx/types.js';
import { readNewestFacebookMessage, readSystemStatus, type NewestFacebookMessage, type SystemStatusData } from '../../pbx/xapi.js';
import { CliError, ExitCode, NetworkError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { CheckOutcome, VerifyInputs, WebhookProbe, WebhookProber } from './types.js';

export type Fetched<T> = { ok: true; value: T } | { ok: false; error: Error };

/**
 * The Graph reads the checks share. Each is fetched at most once, lazily, so checks that need
 * the same answer wait for one call, and independent calls run at the same time.
 */
export class Facts {
  private readonly cache = new Map<string, Promise<Fetched<unknown>>>();

  constructor(
    private readonly graph: GraphApi,
    private readonly inputs: VerifyInputs,
    private readonly prober?: WebhookProber,
    /** The 3CX API client, when its credentials are known. */
    private readonly pbx?: PbxApi,
  ) {}

  get hasPbx(): boolean {
    return this.pbx !== undefined;
  }

  private pbxApi(): PbxApi {
    if (!this.pbx) throw new Error('a 3CX read was started without the 3CX API credentials');
    return this.pbx;
  }

  get hasAppCredentials(): boolean {
    return this.inputs.appId !== undefined && this.inputs.appSecret !== undefined;
  }

  /** The checks ask hasAppCredentials first; a read without them is a bug, reported as one. */
  private appCredentials(): AppCredentials {
    const { appId, appSecret } = this.inputs;
    if (appId === undefined || appSecret === undefined) throw new Error('an app read was started without the App ID and app secret');
    return { appId, appSecret };
  }

  /** Calls made with the app token: an invalid-token answer there means the App ID or secret is wrong, not the page token. */
  private async withAppToken<T>(load: () => Promise<T>): Promise<T> {
    try {
      return await load();
    } catch (error) {
      if (error instanceof GraphApiError && (error.graphCode === 190 || error.graphCode === 101)) {
        throw new AppCredentialsError(error);
      }
      throw error;
    }
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<Fetched<T>> {
    let pending = this.cache.get(key);
    if (!pending) {
      pending = load().then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error: error instanceof Error ? error : new Error(String(error)) }),
      );
      this.cache.set(key, pending);
    }
    return pending as Promise<Fetched<T>>;
  }

  debugToken(): Promise<Fetched<DebugTokenData>> {
    return this.once('debug_token', () => this.withAppToken(() => debugToken(this.graph, { ...this.appCredentials(), inputToken: this.inputs.pageToken })));
  }

  me(): Promise<Fetched<MeData>> {
    return this.once('me', () => readMe(this.graph, { pageToken: this.inputs.pageToken }));
  }

  page(): Promise<Fetched<PageData>> {
    return this.once('page', () => readPage(this.graph, { pageId: this.inputs.pageId, pageToken: this.inputs.pageToken }));
  }

  subscribedApps(): Promise<Fetched<SubscribedAppData[]>> {
    return this.once('subscribed_apps', () => readSubscribedApps(this.graph, { pageId: this.inputs.pageId, pageToken: this.inputs.pageToken }));
  }

  appSubscriptions(): Promise<Fetched<AppSubscriptionData[]>> {
    return this.once('app_subscriptions', () => this.withAppToken(() => readAppSubscriptions(this.graph, this.appCredentials())));
  }

  app(): Promise<Fetched<AppData>> {
    return this.once('app', () => this.withAppToken(() => readApp(this.graph, this.appCredentials())));
  }

  appPermissions(): Promise<Fetched<PermissionData[]>> {
    return this.once('app_permissions', () => this.withAppToken(() => readAppPermissions(this.graph, this.appCredentials())));
  }

  /** The token comes first inside the client (once per run); SystemStatus proves it works. */
  pbxStatus(): Promise<Fetched<SystemStatusData>> {
    return this.once('pbx_status', () => readSystemStatus(this.pbxApi()));
  }

  newestFacebookMessage(): Promise<Fetched<NewestFacebookMessage>> {
    return this.once('pbx_newest_facebook', () => readNewestFacebookMessage(this.pbxApi()));
  }

  newestConversation(): Promise<Fetched<ConversationData | undefined>> {
    return this.once('conversations', () => readNewestConversation(this.graph, { pageId: this.inputs.pageId, pageToken: this.inputs.pageToken }));
  }

  /** The page's name when a check already read the page; never a Graph call of its own. */
  async knownPageName(): Promise<string | undefined> {
    const pending = this.cache.get('page');
    if (!pending) return undefined;
    const fetched = await pending;
    if (!fetched.ok || typeof fetched.value !== 'object' || fetched.value === null) return undefined;
    const name: unknown = Reflect.get(fetched.value, 'name');
    return typeof name === 'string' ? name : undefined;
  }

  webhook(): Promise<Fetched<WebhookProbe>> {
    return this.once('webhook', async () => {
      if (!this.prober || !this.inputs.webhookUrl) throw new Error('no webhook prober');
      return this.prober(this.inputs.webhookUrl);
    });
  }
}

/**
 * Turns a failed read into the words of a check result, with a stable code for scripts:
 * meta_unreachable (no answer, or not Meta's), graph_unavailable (Meta's temporary errors and
 * rate limits), graph_error (any other Graph error), app_credentials_refused, internal_error,
 * and for 3CX the client's own code.
 */
export function describeFailure(error: Error): { code: string; detail: string; fix: string; unreachable: boolean } {
  if (error instanceof GraphApiError) {
    return { code: error.isTransient ? 'graph_unavailable' : 'graph_error', detail: t('checks.failure.graph', { explanation: error.explanation, detail: error.detailLine }), fix: error.fix, unreachable: error.isTransient };
  }
  if (error instanceof PbxApiError) {
    return { code: error.code, detail: error.message, fix: error.hint ?? '', unreachable: error.unreachable };
  }
  if (error instanceof AppCredentialsError) {
    return { code: 'app_credentials_refused', detail: error.message, fix: error.hint ?? '', unreachable: false };
  }
  if (error instanceof CliError) {
    const unreachable = error instanceof NetworkError;
    return { code: unreachable ? 'meta_unreachable' : 'read_failed', detail: error.message, fix: error.hint ?? t('checks.failure.networkFix'), unreachable };
  }
  return { code: 'internal_error', detail: t('checks.failure.internal', { message: error.message }), fix: t('checks.failure.internalFix'), unreachable: false };
}

/** A read that failed, as a failing check: the explanation, the fix, and whether Meta was reachable. */
export function failedRead(error: Error): CheckOutcome {
  const { code, detail, fix, unreachable } = describeFailure(error);
  return { status: 'fail', code, detail, fix, unreachable };
}

export function graphCode(error: Error): { code?: number; subcode?: number } {
  return error instanceof GraphApiError ? { ...(error.graphCode !== undefined ? { code: error.graphCode } : {}), ...(error.subcode !== undefined ? { subcode: error.subcode } : {}) } : {};
}

/** Meta refused the app token built from the App ID and app secret. */
export class AppCredentialsError extends CliError {
  constructor(cause: GraphApiError) {
    super(t('checks.failure.appCredentials', { detail: cause.detailLine }), {
      code: 'app_credentials',
      exitCode: ExitCode.checkFailed,
      hint: t('checks.failure.appCredentialsHint'),
      cause,
    });
  }
}
