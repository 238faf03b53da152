import { createHmac } from 'node:crypto';
import { Agent, request, type Dispatcher } from './undici.js';
import { NetworkError, systemErrorCode } from '../errors.js';
import { scrubQueryTokens } from '../core/secrets.js';
import { t } from '../i18n/index.js';
import { GraphApiError, NotGraphApiError, type GraphErrorEnvelope } from './errors.js';
import { AttemptFailure, isTimeout, RETRYABLE_NETWORK, retryPolicy, withRetries, type RetryPolicy } from './retry.js';

import type { GraphApi, GraphClientEvent, GraphRequest, GraphResponse, HttpMethod } from './types.js';

export type { GraphApi, GraphClientEvent, GraphRequest, GraphResponse, HttpMethod } from './types.js';

export interface GraphClientOptions {
  baseUrl: string;
  version: string;
  appSecret?: string | undefined;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Overall deadline for one call including retries. */
  deadlineMs?: number;
  maxRetries?: number;
  baseBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  dispatcher?: Dispatcher;
  onEvent?: (event: GraphClientEvent) => void;
}

export function appSecretProof(token: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(token).digest('hex');
}

/**
 * One Graph API client over undici: pinned version, keep-alive pool, per-attempt timeout and an
 * overall deadline, bounded retries with jittered backoff on transient failures only, and
 * appsecret_proof on every call when the app secret is known.
 */
export class GraphClient implements GraphApi {
  readonly version: string;
  readonly baseUrl: string;
  private readonly appSecret: string | undefined;
  private readonly policy: RetryPolicy;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly onEvent: ((event: GraphClientEvent) => void) | undefined;

  constructor(options: GraphClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.version = options.version;
    this.appSecret = options.appSecret;
    this.policy = retryPolicy(options);
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 16, connect: { timeout: this.policy.timeoutMs } });
    this.onEvent = options.onEvent;
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  async call<T>(req: GraphRequest): Promise<GraphResponse<T>> {
    const method = req.method ?? 'GET';
    const operation = req.operation ?? `${method} ${req.path}`;
    return withRetries(
      this.policy,
      (attempt, timeoutMs) => this.attempt<T>(req, method, operation, attempt, timeoutMs),
      (retry) => this.onEvent?.({ kind: 'retry', method, path: req.path, attempt: retry.attempt, delayMs: retry.delayMs, reason: retry.reason, rateLimited: retry.error instanceof GraphApiError && retry.error.isRateLimit }),
    );
  }

  private buildUrl(req: GraphRequest): URL {
    const path = req.path.startsWith('/') ? req.path : `/${req.path}`;
    const url = new URL(`${this.baseUrl}/${this.version}${path}`);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    if (req.token) {
      url.searchParams.set('access_token', req.token);
      if (this.appSecret) url.searchParams.set('appsecret_proof', appSecretProof(req.token, this.appSecret));
    }
    return url;
  }

  private async attempt<T>(req: GraphRequest, method: HttpMethod, operation: string, attempt: number, timeoutMs: number): Promise<GraphResponse<T>> {
    const url = this.buildUrl(req);
    const shownUrl = `${url.origin}${url.pathname}`;
    this.onEvent?.({ kind: 'request', method, path: req.path, attempt });
    let body: string | undefined;
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'fb3cx' };
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const t0 = this.policy.now();
    let status: number;
    let text: string;
    let responseHeaders: Record<string, string>;
    try {
      const response = await request(url, {
        method,
        headers,
        body: body ?? null,
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.statusCode;
      responseHeaders = flattenHeaders(response.headers);
      text = await response.body.text();
    } catch (error) {
      throw this.networkFailure(error, shownUrl, operation, timeoutMs);
    }
    this.onEvent?.({ kind: 'response', method, path: req.path, status, ms: this.policy.now() - t0, apiVersion: responseHeaders['facebook-api-version'] });
    this.reportUsage(responseHeaders);

    // Only Meta's JSON counts as Meta's answer. Anything else came from something in between;
    // taking it as an answer would pass checks on nothing (a 302 with an empty body is "success").
    const notGraph = (what: string) => new AttemptFailure(new NotGraphApiError(operation, url.host, status, what), status >= 500);
    if (status >= 300 && status < 400) throw notGraph(redirectTo(responseHeaders.location, url));
    if (text.trim() === '') throw notGraph(t('graph.error.emptyBody'));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      const type = responseHeaders['content-type']?.split(';')[0];
      throw notGraph(type === undefined ? t('graph.error.notJsonUnknown') : t('graph.error.notJson', { type }));
    }
    if (!isObject(parsed)) throw notGraph(t('graph.error.notObject'));

    const envelope = errorEnvelope(parsed);
    if (envelope) {
      const error = new GraphApiError(status, envelope, operation);
      throw new AttemptFailure(error, error.isTransient, error.isRateLimit ? this.rateLimitWait(responseHeaders) : undefined);
    }
    if (status >= 400) throw notGraph(t('graph.error.noGraphError'));
    if (req.accepts && !req.accepts(parsed)) throw notGraph(t('graph.error.notTheAnswer'));
    return { status, body: parsed as T, headers: responseHeaders };
  }

  /** How long Meta asks us to wait, from Retry-After or the usage headers; undefined = backoff. */
  private rateLimitWait(headers: Record<string, string>): number | undefined {
    const retryAfter = Number(headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
    const buc = parseJsonHeader(headers['x-business-use-case-usage']);
    if (isObject(buc)) {
      let minutes = 0;
      for (const list of Object.values(buc)) {
        if (!Array.isArray(list)) continue;
        for (const item of list) {
          const value = isObject(item) ? Number(item.estimated_time_to_regain_access) : 0;
          if (Number.isFinite(value)) minutes = Math.max(minutes, value);
        }
      }
      if (minutes > 0) return minutes * 60_000;
    }
    return undefined;
  }

  private reportUsage(headers: Record<string, string>): void {
    if (!this.onEvent) return;
    for (const name of ['x-app-usage', 'x-page-usage']) {
      const usage = parseJsonHeader(headers[name]);
      if (!isObject(usage)) continue;
      const percent = Math.max(...['call_count', 'total_time', 'total_cputime'].map((k) => Number(usage[k]) || 0));
      this.onEvent({ kind: 'usage', header: name, percent });
    }
  }

  private networkFailure(error: unknown, shownUrl: string, operation: string, timeoutMs: number): AttemptFailure {
    const code = systemErrorCode(error);
    const host = new URL(shownUrl).host;
    if (code === 'ECONNREFUSED') {
      return new AttemptFailure(
        new NetworkError(t('graph.error.refused', { operation, host }), t('graph.error.refusedHint'), error),
        false,
      );
    }
    if (code === 'ENOTFOUND') {
      return new AttemptFailure(
        new NetworkError(t('graph.error.notFound', { operation, host }), t('graph.error.notFoundHint'), error),
        false,
      );
    }
    if (isTimeout(error, code)) {
      return new AttemptFailure(
        new NetworkError(
          timeoutMs < 1000 ? t('graph.error.timeoutMs', { operation, host, ms: timeoutMs }) : t('graph.error.timeoutS', { operation, host, seconds: Math.round(timeoutMs / 1000) }),
          t('graph.error.timeoutHint'),
          error,
        ),
        true,
      );
    }
    const detail = scrubQueryTokens(error instanceof Error ? error.message : String(error));
    return new AttemptFailure(
      new NetworkError(t('graph.error.broke', { operation, host, reason: code ?? detail }), t('graph.error.brokeHint'), error),
      code !== undefined && RETRYABLE_NETWORK.has(code),
    );
  }
}

/** The Graph error envelope `{"error": {"message": ..., "code": ...}}`, or undefined. */
function errorEnvelope(body: Record<string, unknown>): GraphErrorEnvelope | undefined {
  const error = body.error;
  if (!isObject(error) || (typeof error.message !== 'string' && typeof error.code !== 'number')) return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    message: text(error.message),
    type: text(error.type),
    code: number(error.code),
    error_subcode: number(error.error_subcode),
    error_user_title: text(error.error_user_title),
    error_user_msg: text(error.error_user_msg),
    fbtrace_id: text(error.fbtrace_id),
    is_transient: error.is_transient === true,
  };
}

/** "a redirect to portal.example": only the host, since a portal's Location may carry the request's own URL and its token. */
function redirectTo(location: string | undefined, base: URL): string {
  if (!location) return t('graph.error.redirect');
  try {
    return t('graph.error.redirectTo', { host: new URL(location, base).host });
  } catch {
    return t('graph.error.redirect');
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJsonHeader(value: string | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
