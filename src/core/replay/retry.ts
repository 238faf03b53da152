/**
 * When a replayed event is sent again, and after how long. Transient answers (no connection, a
 * timeout, 408, 429, 5xx) are retried with exponential backoff and jitter (each wait between half and all of
 * its step, so many replays do not retry in step), or after the
 * `Retry-After` the endpoint asked for; any other answer is final.
 */

export interface RetryPolicy {
  /** Attempts per event, the first included. */
  attempts: number;
  /** The first backoff; each further one doubles, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the event is reported instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };

/** A status worth another try: the endpoint is busy or broken for now, not refusing this event. */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Milliseconds of a Retry-After header (seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1), or undefined when the
 * event has had its attempts or asks for a longer wait than the policy allows.
 */
export function nextDelay(policy: RetryPolicy, attempt: number, retryAfter: number | undefined, random: () => number): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  if (retryAfter !== undefined) return retryAfter > policy.maxRetryAfterMs ? undefined : retryAfter;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
