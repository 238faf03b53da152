/**
 * The fleet run: every customer through the same final report as `fb3cx verify`, a few at a
 * time. Each customer has its own deadline, so one that hangs or crashes ends as its own result
 * and never holds up the rest; only check results are kept (never Graph bodies), so memory
 * stays flat however many customers there are.
 */
import { ExitCode, NetworkError, type ExitCodeValue } from '../errors.js';
import { t } from '../i18n/index.js';
import type { FinalReport } from '../core/verify/final-report.js';
import type { CheckStatus, VerifyInputs } from '../core/verify/types.js';
import type { RowProblem } from './inventory.js';
import type { CustomerStatus, FleetCustomer, FleetReport, FleetSummary } from './types.js';

/** One customer to run, or to report as invalid without running. */
export interface FleetTask {
  name: string;
  line: number;
  scenario?: string | undefined;
  pageId?: string | undefined;
  appId?: string | undefined;
  /** Set for a row that cannot run. */
  problem?: RowProblem | undefined;
  /** The customer's settings; present unless `problem` is. */
  inputs?: VerifyInputs | undefined;
}

export interface Progress {
  done: number;
  total: number;
  failing: number;
}

export interface RunFleetRequest {
  tasks: readonly FleetTask[];
  concurrency: number;
  /** How long one customer may take, checks and retries included. */
  deadlineMs: number;
  /** The final report of one customer; it may throw or never settle, the run copes. */
  verify(task: FleetTask, inputs: VerifyInputs): Promise<FinalReport>;
  now(): number;
  onProgress?: ((progress: Progress) => void) | undefined;
}

export interface FleetRun {
  customers: FleetCustomer[];
  durationMs: number;
}

export async function runFleet(request: RunFleetRequest): Promise<FleetRun> {
  const started = request.now();
  const { tasks } = request;
  const customers: FleetCustomer[] = new Array<FleetCustomer>(tasks.length);
  let next = 0;
  let done = 0;
  let failing = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index] as FleetTask;
      const customer = await runOne(task, request);
      customers[index] = customer;
      done++;
      if (!customer.ok) failing++;
      request.onProgress?.({ done, total: tasks.length, failing });
    }
  };
  const workers = Math.max(1, Math.min(request.concurrency, tasks.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return { customers, durationMs: Math.max(0, Math.round(request.now() - started)) };
}

async function runOne(task: FleetTask, request: RunFleetRequest): Promise<FleetCustomer> {
  const started = request.now();
  const base = { name: task.name, pageId: task.pageId ?? task.inputs?.pageId, appId: task.appId ?? task.inputs?.appId, scenario: task.scenario };
  const elapsed = () => Math.max(0, Math.round(request.now() - started));
  if (task.problem || !task.inputs) {
    const problem = task.problem ?? { code: 'missing-setting', message: t('fleet.inventory.noSettings') };
    return { ...base, status: 'invalid', ok: false, exitCode: ExitCode.checkFailed, durationMs: 0, checks: [], problem: { ...problem, line: task.line } };
  }
  const inputs = task.inputs;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), request.deadlineMs);
  });
  try {
    const outcome = await Promise.race([request.verify(task, inputs), deadline]);
    if (outcome === 'deadline') {
      return {
        ...base,
        status: 'unreachable',
        ok: false,
        exitCode: ExitCode.cannotRun,
        durationMs: elapsed(),
        checks: [],
        problem: { code: 'deadline', message: t('fleet.run.deadline', { seconds: Math.round(request.deadlineMs / 1000) }) },
      };
    }
    return { ...base, ...fromFinal(outcome), pageName: outcome.pageName, durationMs: elapsed() };
  } catch (error) {
    const unreachable = error instanceof NetworkError;
    return {
      ...base,
      status: unreachable ? 'unreachable' : 'fail',
      ok: false,
      exitCode: unreachable ? ExitCode.cannotRun : ExitCode.checkFailed,
      durationMs: elapsed(),
      checks: [],
      problem: { code: unreachable ? 'unreachable' : 'internal', message: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    clearTimeout(timer);
  }
}

/** A customer's status from its report: the same rules as a single verify's exit code. */
function fromFinal(final: FinalReport): Pick<FleetCustomer, 'status' | 'ok' | 'exitCode' | 'checks'> {
  const { report } = final;
  const status: CustomerStatus = final.reach.metaAnsweredNothing ? 'unreachable' : report.summary.fail > 0 ? 'fail' : report.summary.warn > 0 ? 'warn' : 'pass';
  return { status, ok: report.ok && status !== 'unreachable', exitCode: final.reach.metaAnsweredNothing ? ExitCode.cannotRun : final.exitCode, checks: report.checks };
}

export function summarise(customers: readonly FleetCustomer[], durationMs: number, shard?: { index: number; count: number }): FleetSummary {
  const checks: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0, manual: 0 };
  const summary: FleetSummary = { total: customers.length, pass: 0, warn: 0, fail: 0, invalid: 0, unreachable: 0, checks, durationMs, ...(shard ? { shard } : {}) };
  for (const customer of customers) {
    summary[customer.status]++;
    for (const check of customer.checks) checks[check.status]++;
  }
  return summary;
}

/** 3 when Meta could not be reached for a customer, 1 when one failed or was invalid, else 0. */
export function fleetExitCode(customers: readonly FleetCustomer[]): ExitCodeValue {
  if (customers.some((customer) => customer.status === 'unreachable')) return ExitCode.cannotRun;
  return customers.every((customer) => customer.ok) ? ExitCode.ok : ExitCode.checkFailed;
}

export function buildFleetReport(run: FleetRun, startedAt: string, shard?: { index: number; count: number }): FleetReport {
  return {
    schemaVersion: 1,
    kind: 'fleet',
    ok: fleetExitCode(run.customers) === ExitCode.ok,
    startedAt,
    summary: summarise(run.customers, run.durationMs, shard),
    customers: run.customers,
  };
}
