import type { GraphApi } from '../../graph/types.js';

/**
 * `manual`: only a person can tell (Meta's API does not say), so the check says how to look. It
 * is neither a pass nor a warning: --strict does not count it, so CI can run --strict.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip' | 'manual';

/** The statuses whose `fix` is shown and kept in --json: what to do, or how to check by hand. */
export function hasFix(status: CheckStatus): boolean {
  return status === 'warn' || status === 'fail' || status === 'manual';
}

export interface CheckOutcome {
  status: CheckStatus;
  /**
   * A stable machine code for this outcome (webhook_dns_failed, pbx_bad_credentials,
   * delivery_gap): the same in every language, so a script matches on it, never on `detail`.
   */
  code?: string | undefined;
  detail: string;
  fix?: string | undefined;
  /** Set when the check could not reach Meta or the 3CX host at all (exit 3 territory). */
  unreachable?: boolean;
}

export interface CheckResult extends CheckOutcome {
  id: string;
  title: string;
  durationMs: number;
}

export interface VerifyInputs {
  pageId: string;
  pageToken: string;
  appId?: string | undefined;
  appSecret?: string | undefined;
  webhookUrl?: string | undefined;
  /** The 3CX web client URL, when known: the website platform should be on its host. */
  webClientUrl?: string | undefined;
  /** Where the 3CX API is and which setting that came from; undefined without 3CX API credentials. */
  pbxAddress?: { url: string; from: string } | undefined;
  /** delivery.gap fails when Meta's newest activity is newer than 3CX's by more than this (--gap-minutes). */
  gapMinutes?: number | undefined;
  /** Warn about an end date (the token's data access) within this many days; SOON_DAYS when not given. */
  expiryWarnDays?: number | undefined;
}

/** What a probe of the 3CX webhook URL found; produced by src/io/webhook-probe.ts. */
export interface WebhookProbe {
  url: string;
  dns: { ok: boolean; addresses: string[]; error?: string };
  /** The TCP connection to the host, once the name resolved: refused or unanswered is not a certificate problem. */
  connect?: { ok: boolean; error?: string | undefined };
  /** Only when a TLS handshake was attempted on an open connection (https). */
  tls?: { ok: boolean; error?: string | undefined; subject?: string; issuer?: string; validTo?: string; daysLeft?: number };
  handshake: { status?: number; body?: string; challenge: string; error?: string };
  /** True for the sandbox's own fictional host. */
  sandbox: boolean;
}

export type WebhookProber = (url: string) => Promise<WebhookProbe>;

export interface VerifyEnv {
  inputs: VerifyInputs;
  facts: import('./facts.js').Facts;
  now: () => number;
}

export interface CheckDefinition {
  id: string;
  /** In the active language: a getter that calls t(), so it is read at run time, never at module load. */
  readonly title: string;
  run(env: VerifyEnv): Promise<CheckOutcome>;
}

export interface VerifyReport {
  schemaVersion: 1;
  ok: boolean;
  summary: Record<CheckStatus, number>;
  checks: CheckResult[];
}

export type { GraphApi };
