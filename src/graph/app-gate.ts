/**
 * Meta's rate limits, honoured per app across many clients (a fleet run, where several
 * customers may share one app): the gate wraps each client of that app.
 */
import { NetworkError } from '../errors.js';
import { t } from '../i18n/index.js';
import { GraphApiError } from './errors.js';
import type { GraphApi, GraphClientEvent, GraphRequest, GraphResponse } from './types.js';

/** With no word from Meta on how long to wait after its final rate-limit answer. */
const RATE_LIMIT_PAUSE_MS = 60_000;
/** Meta's usage headers count up to 100; from here calls are about to be throttled. */
const USAGE_SERIAL_PERCENT = 80;

/**
 * One app's standing with Meta's rate limits, shared by every customer on that app: a
 * rate-limit answer pauses the app's calls for as long as Meta asked, and usage headers near the
 * limit make its calls go one at a time. A pause longer than a caller can wait fails that call at
 * once (as unreachable), so a throttled app costs its customers no time.
 */
export class AppGate {
  private pausedUntil = 0;
  private serial = false;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly appId: string,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> },
    private readonly maxWaitMs: number,
  ) {}

  get oneAtATime(): boolean {
    return this.serial;
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  goOneAtATime(): void {
    this.serial = true;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    await this.waitForPause();
    if (!this.serial) return call();
    const previous = this.tail;
    let release = () => {};
    this.tail = new Promise((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      await this.waitForPause();
      return await call();
    } finally {
      release();
    }
  }

  private async waitForPause(): Promise<void> {
    const wait = this.pausedUntil - this.clock.now();
    if (wait <= 0) return;
    if (wait > this.maxWaitMs) throw new NetworkError(t('graph.gate.throttled', { appId: this.appId, seconds: Math.ceil(wait / 1000) }), t('graph.gate.throttledHint'));
    await this.clock.sleep(wait);
  }

  /** What the Graph client reports about this app's calls. */
  observe(event: GraphClientEvent, warn: (text: string) => void): void {
    if (event.kind === 'retry' && event.rateLimited) this.pause(event.delayMs);
    if (event.kind === 'usage' && event.percent >= USAGE_SERIAL_PERCENT && !this.serial) {
      this.goOneAtATime();
      warn(t('graph.gate.usage', { appId: this.appId, percent: event.percent }));
    }
  }

  /** A Graph client whose calls wait for this app's pause and take turns when it must. */
  wrap(graph: GraphApi): GraphApi {
    return {
      version: graph.version,
      baseUrl: graph.baseUrl,
      call: <T>(req: GraphRequest): Promise<GraphResponse<T>> =>
        this.run(async () => {
          try {
            return await graph.call<T>(req);
          } catch (error) {
            // The client's own retries are spent: the app stays paused for everyone a while.
            if (error instanceof GraphApiError && error.isRateLimit) this.pause(RATE_LIMIT_PAUSE_MS);
            throw error;
          }
        }),
      close: () => graph.close(),
    };
  }
}

/** The gates of a run, one per app (and Graph endpoint: each sandbox is its own Meta). */
export class AppGates {
  private readonly gates = new Map<string, AppGate>();

  constructor(
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> },
    private readonly maxWaitMs: number,
  ) {}

  for(graphUrl: string, appId: string | undefined): AppGate {
    // Customers without an App ID call with page tokens only; they share one gate per endpoint.
    const key = `${graphUrl} ${appId ?? '-'}`;
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new AppGate(appId ?? '(no app)', this.clock, this.maxWaitMs);
      this.gates.set(key, gate);
    }
    return gate;
  }
}
