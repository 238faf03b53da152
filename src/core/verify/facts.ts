import type { GraphApi } from '../../graph/types.js';
import { GraphApiError } from '../../graph/errors.js';
import { CliError, NetworkError } from '../../errors.js';
import type { CheckOutcome, VerifyInputs, WebhookProbe, WebhookProber } from './types.js';

export type Fetched<T> = { ok: true; value: T } | { ok: false; error: Error };

export interface DebugTokenData {
  app_id?: string | number;
  type?: string;
  application?: string;
  is_valid?: boolean;
  expires_at?: number;
  data_access_expires_at?: number;
  profile_id?: string;
  user_id?: string;
  scopes?: string[];
  granular_scopes?: Array<{ scope: string; target_ids?: string[] }>;
  error?: { code?: number; subcode?: number; message?: string };
}

export interface MeData {
  id?: string;
  name?: string;
}

export interface PageData {
  id?: string;
  name?: string;
  link?: string;
  category?: string;
  is_published?: boolean;
}

export interface SubscribedAppData {
  id: string;
  name?: string;
  subscribed_fields?: string[];
}

export interface AppSubscriptionData {
  object: string;
  callback_url?: string;
  active?: boolean;
  fields?: Array<{ name: string; version?: string } | string>;
}

export interface AppData {
  id?: string;
  name?: string;
  category?: string;
  icon_url?: string;
  privacy_policy_url?: string;
  website_url?: string;
  supported_platforms?: string[];
}

export interface PermissionData {
  permission: string;
  status: string;
}

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
  ) {}

  get hasAppCredentials(): boolean {
    return this.inputs.appId !== undefined && this.inputs.appSecret !== undefined;
  }

  private appToken(): string {
    return `${this.inputs.appId}|${this.inputs.appSecret}`;
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
    return this.once('debug_token', () => this.withAppToken(async () => {
      const res = await this.graph.call<{ data?: DebugTokenData }>({
        path: '/debug_token',
        token: this.appToken(),
        query: { input_token: this.inputs.pageToken },
        operation: 'Inspecting the page token (debug_token)',
      });
      return res.body.data ?? {};
    }));
  }

  me(): Promise<Fetched<MeData>> {
    return this.once('me', async () => (await this.graph.call<MeData>({ path: '/me', token: this.inputs.pageToken, query: { fields: 'id,name' }, operation: 'Reading /me with the page token' })).body);
  }

  page(): Promise<Fetched<PageData>> {
    return this.once('page', async () =>
      (await this.graph.call<PageData>({ path: `/${this.inputs.pageId}`, token: this.inputs.pageToken, query: { fields: 'id,name,link,category,is_published' }, operation: 'Reading the page' })).body,
    );
  }

  subscribedApps(): Promise<Fetched<SubscribedAppData[]>> {
    return this.once('subscribed_apps', async () => {
      return readSubscribedApps(this.graph, this.inputs.pageId, this.inputs.pageToken);
    });
  }

  appSubscriptions(): Promise<Fetched<AppSubscriptionData[]>> {
    return this.once('app_subscriptions', () => this.withAppToken(async () => {
      const res = await this.graph.call<{ data?: AppSubscriptionData[] }>({ path: `/${this.inputs.appId}/subscriptions`, token: this.appToken(), operation: "Reading the app's webhook subscriptions" });
      return Array.isArray(res.body.data) ? res.body.data : [];
    }));
  }

  app(): Promise<Fetched<AppData>> {
    return this.once('app', () => this.withAppToken(async () =>
      (
        await this.graph.call<AppData>({
          path: `/${this.inputs.appId}`,
          token: this.appToken(),
          query: { fields: 'id,name,category,icon_url,privacy_policy_url,website_url,supported_platforms' },
          operation: "Reading the app's settings",
        })
      ).body,
    ));
  }

  appPermissions(): Promise<Fetched<PermissionData[]>> {
    return this.once('app_permissions', () => this.withAppToken(async () => {
      const res = await this.graph.call<{ data?: PermissionData[] }>({ path: `/${this.inputs.appId}/permissions`, token: this.appToken(), operation: "Reading the app's approved permissions" });
      return Array.isArray(res.body.data) ? res.body.data : [];
    }));
  }

  webhook(): Promise<Fetched<WebhookProbe>> {
    return this.once('webhook', async () => {
      if (!this.prober || !this.inputs.webhookUrl) throw new Error('no webhook prober');
      return this.prober(this.inputs.webhookUrl);
    });
  }
}

/** GET /{page-id}/subscribed_apps: the apps installed on the page, with their fields. */
export async function readSubscribedApps(graph: GraphApi, pageId: string, pageToken: string): Promise<SubscribedAppData[]> {
  const res = await graph.call<{ data?: SubscribedAppData[] }>({ path: `/${pageId}/subscribed_apps`, token: pageToken, operation: "Reading the page's subscribed apps" });
  return Array.isArray(res.body.data) ? res.body.data : [];
}

/** Turns a failed read into the words of a check result. */
export function describeFailure(error: Error): { detail: string; fix: string; unreachable: boolean } {
  if (error instanceof GraphApiError) {
    return { detail: `${error.explanation} ${error.detailLine}`, fix: error.fix, unreachable: error.isTransient };
  }
  if (error instanceof AppCredentialsError) {
    return { detail: error.message, fix: error.hint ?? '', unreachable: false };
  }
  if (error instanceof CliError) {
    return { detail: error.message, fix: error.hint ?? 'Check your network and try again.', unreachable: error instanceof NetworkError };
  }
  return { detail: `internal error: ${error.message}`, fix: 'This is a bug in fb3cx; run with --verbose and report it.', unreachable: false };
}

/** A read that failed, as a failing check: the explanation, the fix, and whether Meta was reachable. */
export function failedRead(error: Error): CheckOutcome {
  const { detail, fix, unreachable } = describeFailure(error);
  return { status: 'fail', detail, fix, unreachable };
}

export function graphCode(error: Error): { code?: number; subcode?: number } {
  return error instanceof GraphApiError ? { ...(error.graphCode !== undefined ? { code: error.graphCode } : {}), ...(error.subcode !== undefined ? { subcode: error.subcode } : {}) } : {};
}

/** Meta refused the app token built from the App ID and app secret. */
export class AppCredentialsError extends CliError {
  constructor(cause: GraphApiError) {
    super(`Meta refused the app token made from the App ID and app secret: ${cause.detailLine}`, {
      code: 'app_credentials',
      exitCode: 1,
      hint: 'Copy the app secret again (App Settings > Basic > Show) and check the App ID; both must be of the app that generated the page token.',
      cause,
    });
  }
}
