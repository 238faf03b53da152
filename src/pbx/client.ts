/**
 * The 3CX Configuration API client, beside the Graph client and built from the same pieces: the
 * retry policy (per-attempt timeout, overall deadline, jittered backoff on transient failures),
 * the undici door, and events for --verbose. The OAuth token is fetched once per client (one
 * client per run) and shared by every call; its value is handed to `onSecret` so every output
 * path scrubs it.
 */
import type { LookupFunction } from 'node:net';
import { systemErrorCode } from '../errors.js';
import { Agent, request, type Dispatcher } from '../graph/undici.js';
import { AttemptFailure, isTimeout, RETRYABLE_NETWORK, retryPolicy, withRetries, type RetryPolicy } from '../graph/retry.js';
import { isObject } from '../graph/client.js';
import { t } from '../i18n/index.js';
import { PBX_MESSAGES, PbxApiError, type PbxErrorCode } from './errors.js';
import { requestToken } from './xapi.js';
import type { PbxApi, PbxClientEvent, PbxRequest } from './types.js';

export interface PbxClientOptions extends Partial<RetryPolicy> {
  /** The 3CX address; only its origin is used. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Extra trust for one host (the sandbox's certificate authority and loopback lookup). */
  trust?: { ca?: string; lookup?: LookupFunction } | undefined;
  dispatcher?: Dispatcher;
  onEvent?: (event: PbxClientEvent) => void;
  /** Called with the access token once it is known, so output can scrub it. */
  onSecret?: (value: string) => void;
}

/** Location paths of login pages (3CX's own, and single sign-on portals in front of it). */
const LOGIN_PATH = /login|signin|sign-in|auth|sso|saml|oauth2?\/authorize|#\/|webclient/i;

export class PbxClient implements PbxApi {
  readonly baseUrl: string;
  private readonly host: string;
  private readonly policy: RetryPolicy;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly options: PbxClientOptions;
  private accessToken: Promise<string> | undefined;

  constructor(options: PbxClientOptions) {
    const url = new URL(options.baseUrl);
    this.baseUrl = url.origin;
    this.host = url.host;
    this.options = options;
    this.policy = retryPolicy(options);
    this.ownsDispatcher = options.dispatcher === undefined;
    const connect = { timeout: this.policy.timeoutMs, ...(options.trust?.ca ? { ca: options.trust.ca } : {}), ...(options.trust?.lookup ? { lookup: options.trust.lookup } : {}) };
    this.dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 8, connect });
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /** The bearer token, asked for once; a refusal is kept too, so every check reports the same one. */
  token(): Promise<string> {
    this.accessToken ??= requestToken(this, { clientId: this.options.clientId, clientSecret: this.options.clientSecret }).then((data) => {
      this.options.onSecret?.(data.access_token);
      return data.access_token;
    });
    return this.accessToken;
  }

  async call<T>(req: PbxRequest): Promise<T> {
    const method = req.method ?? 'GET';
    const bearer = req.authorised === false ? undefined : await this.token();
    return withRetries(
      this.policy,
      (_attempt, timeoutMs) => this.attempt<T>(req, method, bearer, timeoutMs),
      (retry) => this.options.onEvent?.({ kind: 'retry', method, path: req.path, ...retry }),
    );
  }

  private async attempt<T>(req: PbxRequest, method: string, bearer: string | undefined, timeoutMs: number): Promise<T> {
    const url = new URL(req.path, this.baseUrl);
    for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'fb3cx' };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let body: string | null = null;
    if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const t0 = this.policy.now();
    let status: number;
    let text: string;
    let contentType: string;
    let location: string | undefined;
    try {
      const response = await request(url, { method, headers, body, dispatcher: this.dispatcher, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
      status = response.statusCode;
      contentType = headerText(response.headers['content-type']) ?? '';
      location = headerText(response.headers.location);
      text = await response.body.text();
    } catch (error) {
      throw this.networkFailure(error, req.operation, timeoutMs);
    }
    this.options.onEvent?.({ kind: 'response', method, path: `${url.pathname}${url.search}`, status, ms: this.policy.now() - t0 });
    const fail = (code: PbxErrorCode, words: { message: string; hint: string }, retryable = false) => new AttemptFailure(new PbxApiError(code, words, { status }), retryable);
    const op = req.operation;

    if (status >= 300 && status < 400) {
      const target = redirectTarget(location, url);
      const toLogin = target !== undefined && LOGIN_PATH.test(target.pathname + target.hash);
      const shown = target ? `${target.host}${target.pathname}` : undefined;
      throw toLogin ? fail('pbx_login_redirect', PBX_MESSAGES.pbx_login_redirect(op, this.host, shown)) : fail('pbx_redirect', PBX_MESSAGES.pbx_redirect(op, this.host, shown));
    }
    const isXapi = url.pathname.startsWith('/xapi/');
    // 3CX's answer for an API it does not offer is UNCONFIRMED: 403, or a 404 for the path.
    if ((status === 403 || status === 404) && (isXapi || req.authorised === false)) throw fail('pbx_no_licence', PBX_MESSAGES.pbx_no_licence(op, this.host, status));
    if (status === 429 || status >= 500) throw fail('pbx_server_error', PBX_MESSAGES.pbx_server_error(op, this.host, status), true);
    const parsed = parseJson(text);
    if (parsed === undefined) {
      if (/html/i.test(contentType) || /^\s*</.test(text)) throw fail('pbx_html', PBX_MESSAGES.pbx_html(op, this.host, status));
      throw fail('pbx_not_api', PBX_MESSAGES.pbx_not_api(op, this.host, text.trim() === '' ? { empty: true } : { type: contentType.split(';')[0] || 'text', status }));
    }
    if (req.authorised === false && (status === 400 || status === 401)) {
      const reason = typeof parsed.error === 'string' && parsed.error !== '' ? parsed.error : undefined;
      throw fail('pbx_bad_credentials', PBX_MESSAGES.pbx_bad_credentials(op, this.host, reason));
    }
    if (status === 401) throw fail('pbx_token_refused', PBX_MESSAGES.pbx_token_refused(op, this.host, status));
    if (status >= 400) throw fail('pbx_bad_request', PBX_MESSAGES.pbx_bad_request(op, this.host, status));
    if (req.accepts && !req.accepts(parsed)) throw fail('pbx_not_api', PBX_MESSAGES.pbx_not_api(op, this.host, { wrongJson: true }));
    return parsed as T;
  }

  private networkFailure(error: unknown, op: string, timeoutMs: number): AttemptFailure {
    const code = systemErrorCode(error);
    if (isTimeout(error, code)) return new AttemptFailure(new PbxApiError('pbx_timeout', PBX_MESSAGES.pbx_timeout(op, this.host, timeoutMs), { cause: error }), true);
    if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|SSL|TLS|ERR_TLS/i.test(code)) {
      return new AttemptFailure(new PbxApiError('pbx_tls', PBX_MESSAGES.pbx_tls(op, this.host, code), { cause: error }), false);
    }
    const detail = (code !== undefined ? networkWords(code) : undefined) ?? code ?? t('pbx.network.broke');
    return new AttemptFailure(new PbxApiError('pbx_unreachable', PBX_MESSAGES.pbx_unreachable(op, this.host, detail), { cause: error }), code !== undefined && RETRYABLE_NETWORK.has(code));
  }
}

/** Why a connection failed, in words, for the system error codes people meet. */
function networkWords(code: string): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return t('pbx.network.refused');
    case 'ENOTFOUND':
      return t('pbx.network.notFound');
    case 'EAI_AGAIN':
      return t('pbx.network.tryAgain');
    case 'EHOSTUNREACH':
      return t('pbx.network.hostUnreachable');
    case 'ENETUNREACH':
      return t('pbx.network.netUnreachable');
    default:
      return undefined;
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Where a redirect points; only host and path are ever shown (a portal's Location may carry a token). */
function redirectTarget(location: string | undefined, base: URL): URL | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
