import type { CheckResult, CheckStatus } from '../core/verify/types.js';

/**
 * The fleet report: `fb3cx verify --all-profiles` / `--inventory <file>` over many customers.
 * `--json` prints this document; the JUnit and HTML writers read it too, so every output tells
 * the same story. Keys are stable for scripts; human sentences sit beside stable codes.
 */
export type CustomerStatus = 'pass' | 'warn' | 'fail' | 'invalid' | 'unreachable';

export interface FleetCustomer {
  name: string;
  /** The page's name when Meta told it; undefined when it could not be read. */
  pageName?: string | undefined;
  pageId?: string | undefined;
  appId?: string | undefined;
  /** The sandbox scenario of this row, under --sandbox. */
  scenario?: string | undefined;
  status: CustomerStatus;
  ok: boolean;
  /** The exit code a single `fb3cx verify` for this customer would have given. */
  exitCode: number;
  durationMs: number;
  /** The same check objects as `fb3cx verify --json`; empty for an invalid row. */
  checks: CheckResult[];
  /** For an invalid row or a customer that could not run at all: why, with a stable code. */
  problem?: { code: string; message: string; line?: number | undefined; column?: string | undefined } | undefined;
}

export interface FleetChanges {
  newlyFailing: string[];
  recovered: string[];
  stillFailing: string[];
  added: string[];
  removed: string[];
}

export interface FleetSummary {
  total: number;
  /** Customers by status. */
  pass: number;
  warn: number;
  fail: number;
  invalid: number;
  unreachable: number;
  /** Checks by status, over every customer. */
  checks: Record<CheckStatus, number>;
  durationMs: number;
  /** Set under --shard i/n. */
  shard?: { index: number; count: number } | undefined;
}

export interface FleetReport {
  schemaVersion: 1;
  kind: 'fleet';
  ok: boolean;
  /** When the run started, ISO 8601. */
  startedAt: string;
  summary: FleetSummary;
  /** Present when --state was given (the first run with a new state file reports every customer as added). */
  changes?: FleetChanges | undefined;
  customers: FleetCustomer[];
}
