import { systemErrorCode } from '../errors.js';
import { t } from '../i18n/index.js';
/**
 * Outgoing HTTP that is not the Graph API: relaying webhook bodies (`listen --forward-to`),
 * posting built events (`trigger`) and asking a local ngrok agent for its public URL.
 *
 * It shares src/graph's undici loader but not the Graph client: these requests go to webhook
 * endpoints (3CX, a listener, ngrok), not to Meta, and must not inherit the Graph client's
 * retries, appsecret_proof or JSON error handling.
 */
import { Agent, request, type Dispatcher } from '../graph/undici.js';
import type { LookupFunction } from 'node:net';

export interface TrustOptions {
  /** Extra certificate authority (the sandbox's fake 3CX host). */
  ca?: string;
  lookup?: LookupFunction;
  /** Host names the trust applies to; other hosts use the system defaults. */
  hosts?: string[];
}

export interface PostResult {
  ok: true;
  status: number;
  ms: number;
  /** The answer's body, cut to `maxBodyChars`. */
  body: string;
  contentType: string | undefined;
  /** The Retry-After header of a 429 or 503, as sent. */
  retryAfter?: string | undefined;
}

export interface PostFailure {
  ok: false;
  ms: number;
  /** One sentence, no secrets (the URL is shown without its query). */
  error: string;
  /** ECONNREFUSED, ENOTFOUND, timeout, ... */
  code: string;
}

export interface PostOptions {
  url: string;
  body: Uint8Array | string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxBodyChars?: number;
  signal?: AbortSignal;
}

/** An HTTP client for webhook-style POSTs, with its own connection pool. */
export class WebhookPoster {
  private readonly defaultAgent: Agent;
  private readonly trustedAgent: Agent | undefined;
  private readonly trustedHosts: Set<string>;

  constructor(trust?: TrustOptions, connections = 16) {
    this.defaultAgent = new Agent({ connections, keepAliveTimeout: 4000 });
    this.trustedHosts = new Set(trust?.hosts ?? []);
    this.trustedAgent =
      trust?.ca || trust?.lookup
        ? new Agent({ connections, keepAliveTimeout: 4000, connect: { ...(trust.ca ? { ca: trust.ca } : {}), ...(trust.lookup ? { lookup: trust.lookup } : {}) } })
        : undefined;
  }

  private dispatcherFor(url: URL): Dispatcher {
    return this.trustedAgent && this.trustedHosts.has(url.hostname) ? this.trustedAgent : this.defaultAgent;
  }

  async post(options: PostOptions): Promise<PostResult | PostFailure> {
    const started = performance.now();
    const url = new URL(options.url);
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    try {
      const response = await request(url, {
        method: 'POST',
        headers: options.headers,
        body: options.body,
        dispatcher: this.dispatcherFor(url),
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
        signal,
      });
      const text = await response.body.text();
      const limit = options.maxBodyChars ?? 2000;
      const contentType = response.headers['content-type'];
      const retryAfter = response.headers['retry-after'];
      return {
        ok: true,
        status: response.statusCode,
        ms: Math.round(performance.now() - started),
        body: text.length > limit ? `${text.slice(0, limit)}…` : text,
        contentType: Array.isArray(contentType) ? contentType[0] : contentType,
        retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
      };
    } catch (error) {
      return { ok: false, ms: Math.round(performance.now() - started), ...describeFailure(error, url, options.timeoutMs, options.signal) };
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.defaultAgent.destroy(), this.trustedAgent?.destroy()]);
  }
}

function describeFailure(error: unknown, url: URL, timeoutMs: number, outerSignal: AbortSignal | undefined): { error: string; code: string } {
  const code = systemErrorCode(error);
  const where = `${url.protocol}//${url.host}`;
  if (outerSignal?.aborted) return { code: 'aborted', error: t('trigger.post.cancelled', { where }) };
  if (code === 'ECONNREFUSED') return { code, error: t('trigger.post.refused', { where }) };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code, error: t('trigger.post.notResolved', { host: url.hostname }) };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return { code, error: t('trigger.post.closed', { where }) };
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  ) {
    return { code: 'timeout', error: t('trigger.post.timeout', { where, seconds: formatSeconds(timeoutMs) }) };
  }
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) return { code, error: t('trigger.post.certificate', { host: url.host, code }) };
  if (code !== undefined && /SSL|TLS/i.test(code)) return { code, error: t('trigger.post.tls', { host: url.host, code }) };
  const message = error instanceof Error ? error.message.replace(/[?&][^\s]*/g, '') : String(error);
  return { code: code ?? 'error', error: t('trigger.post.failed', { where, message }) };
}

/** "5", "2.5": the seconds of a timeout, for a sentence that names the unit. */
function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}` : (ms / 1000).toFixed(1);
}

/**
 * The public https URL of a local ngrok agent's tunnel to this port, if an agent runs and has
 * one (its API listens on 127.0.0.1:4040 by default). Loopback only; a short timeout.
 */
export async function detectNgrokTunnel(port: number, apiBase = 'http://127.0.0.1:4040', timeoutMs = 400): Promise<string | undefined> {
  const agent = new Agent({ connections: 1, connect: { timeout: timeoutMs } });
  try {
    const response = await request(`${apiBase.replace(/\/+$/, '')}/api/tunnels`, {
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    const data = (await response.body.json()) as { tunnels?: Array<{ public_url?: unknown; config?: { addr?: unknown } }> };
    for (const tunnel of data.tunnels ?? []) {
      const publicUrl = typeof tunnel.public_url === 'string' ? tunnel.public_url : undefined;
      const addr = typeof tunnel.config?.addr === 'string' ? tunnel.config.addr : undefined;
      if (publicUrl?.startsWith('https://') && addr !== undefined && new RegExp(`(^|:)${port}$`).test(addr.replace(/\/+$/, ''))) return publicUrl;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    await agent.destroy().catch(() => {});
  }
}
