/**
 * The retry policy every fb3cx API client shares (the Graph client and the 3CX client): a
 * per-attempt timeout bounded by an overall deadline, and bounded retries with jittered
 * exponential backoff on transient failures only.
 */
export class AttemptFailure extends Error {
  constructor(
    readonly error: Error,
    readonly retryable: boolean,
    /** The wait the server asked for (Retry-After, usage headers); undefined means backoff. */
    readonly waitMs?: number,
  ) {
    super(error.message);
  }
}

export interface RetryPolicy {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Overall deadline for one call including retries. */
  deadlineMs: number;
  maxRetries: number;
  baseBackoffMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

/** The defaults both clients start from; options override them one by one. */
export function retryPolicy(options: Partial<RetryPolicy>): RetryPolicy {
  return {
    timeoutMs: options.timeoutMs ?? 10_000,
    deadlineMs: options.deadlineMs ?? 30_000,
    maxRetries: options.maxRetries ?? 3,
    baseBackoffMs: options.baseBackoffMs ?? 300,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

/**
 * Runs `attempt` (given its timeout) until it succeeds, fails for good, or the next wait would
 * pass the deadline. `attempt` signals a failure by throwing an AttemptFailure; anything else it
 * throws is a bug and is passed on at once.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number, timeoutMs: number) => Promise<T>,
  onRetry?: (retry: { attempt: number; delayMs: number; reason: string; error: Error }) => void,
): Promise<T> {
  const deadline = policy.now() + policy.deadlineMs;
  for (let attemptNumber = 1; ; attemptNumber++) {
    const remaining = deadline - policy.now();
    try {
      return await attempt(attemptNumber, Math.min(policy.timeoutMs, Math.max(remaining, 1)));
    } catch (failure) {
      if (!(failure instanceof AttemptFailure)) throw failure;
      const backoff = policy.baseBackoffMs * 2 ** (attemptNumber - 1);
      const delay = failure.waitMs ?? Math.round(backoff / 2 + policy.random() * backoff);
      const canRetry = failure.retryable && attemptNumber <= policy.maxRetries && policy.now() + delay < deadline;
      if (!canRetry) throw failure.error;
      onRetry?.({ attempt: attemptNumber, delayMs: delay, reason: failure.error.message, error: failure.error });
      await policy.sleep(delay);
    }
  }
}

/** undici's and AbortSignal.timeout's ways of saying an attempt ran out of time. */
export function isTimeout(error: unknown, code: string | undefined): boolean {
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  );
}

/** Socket failures worth another attempt. */
export const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ETIMEDOUT', 'EAI_AGAIN']);
