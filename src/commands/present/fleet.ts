import { buildReport } from '../../core/verify/runner.js';
import { renderReport, type Painter } from '../../core/verify/render.js';
import { terminalColumns } from '../../core/text.js';
import type { CheckResult } from '../../core/verify/types.js';
import type { CustomerStatus, FleetCustomer, FleetReport } from '../../fleet/types.js';
import type { VerifyReport } from '../../core/verify/types.js';
import type { HumanLine, Presenter } from '../types.js';
import { verifyPresenter, type VerifyResult } from './verify.js';

/** What a fleet run found, and what its text needs besides the report. */
export interface FleetResult {
  fleet: FleetReport;
  graphVersion: string;
  /** --verbose: each customer's full report under its line. */
  verbose: boolean;
  strict: boolean;
}

/** Every sentence of the fleet's text, in one place for translation. */
export const FLEET_WORDS = {
  status: { pass: 'passed', warn: 'warned', fail: 'failed', invalid: 'invalid', unreachable: 'unreachable' } satisfies Record<CustomerStatus, string>,
  noPage: '—',
  line: (line: number) => `line ${line}`,
  fix: 'Fix:',
  summary: (total: number, parts: string) => `${total} customer${total === 1 ? '' : 's'}: ${parts}`,
  duration: (ms: number) => `in ${(ms / 1000).toFixed(1)} s`,
  shard: (index: number, count: number) => `shard ${index}/${count}`,
  ok: '✔ OK',
  notOk: '✖ NOT OK',
  changesTitle: 'Since the last run:',
  noChanges: 'Since the last run: nothing changed.',
  changes: { newlyFailing: 'newly failing', recovered: 'recovered', stillFailing: 'still failing', added: 'new', removed: 'removed' },
  strictNote: '--strict: warnings count as failures.',
  progress: (done: number, total: number, failing: number) => `Verified ${done}/${total} customers, ${failing} failing so far`,
  writtenJunit: (file: string) => `JUnit report written to ${file}`,
  writtenHtml: (file: string) => `HTML report written to ${file}`,
  notifyFailed: (reason: string) => `The notification could not be sent: ${reason}. The verify result stands.`,
  notified: 'Notification sent: something changed since the last run.',
};

const SYMBOLS: Record<CustomerStatus, string> = { pass: '✔', warn: '!', fail: '✖', invalid: '✖', unreachable: '✖' };

function paintCustomer(paint: Painter, status: CustomerStatus, text: string): string {
  return status === 'pass' ? paint.green(text) : status === 'warn' ? paint.yellow(text) : paint.red(text);
}

/** The check a person should look at first: the first failure, else the first warning. */
export function firstProblem(customer: FleetCustomer): CheckResult | undefined {
  return customer.checks.find((check) => check.status === 'fail') ?? customer.checks.find((check) => check.status === 'warn');
}

function customerLine(customer: FleetCustomer, paint: Painter, nameWidth: number, pageWidth: number): string[] {
  const status = FLEET_WORDS.status[customer.status];
  const head = `${paintCustomer(paint, customer.status, SYMBOLS[customer.status])} ${customer.name.padEnd(nameWidth)}  ${(customer.pageName ?? FLEET_WORDS.noPage).padEnd(pageWidth)}  ${paintCustomer(paint, customer.status, status.padEnd(11))}`;
  const indent = ' '.repeat(2);
  if (customer.problem) {
    const where = customer.problem.line !== undefined && customer.status === 'invalid' ? `${FLEET_WORDS.line(customer.problem.line)}: ` : '';
    return [`${head}  ${where}${customer.problem.message}`];
  }
  const check = firstProblem(customer);
  if (!check) return [head.trimEnd()];
  return [`${head}  ${check.id}: ${check.detail}`, ...(check.fix ? [`${indent}  ${paint.cyan(FLEET_WORDS.fix)} ${check.fix}`] : [])];
}

export const fleetPresenter: Presenter<FleetResult, FleetReport> = {
  json: (result) => result.fleet,
  human: ({ fleet, verbose, graphVersion, strict }, screen) => {
    const paint = screen.style;
    const columns = terminalColumns(screen.columns);
    const nameWidth = Math.min(Math.max(4, ...fleet.customers.map((customer) => customer.name.length)), 32);
    const pageWidth = Math.min(Math.max(1, ...fleet.customers.map((customer) => (customer.pageName ?? FLEET_WORDS.noPage).length)), 32);
    const lines: HumanLine[] = [];
    for (const customer of fleet.customers) {
      lines.push(...customerLine(customer, paint, nameWidth, pageWidth));
      if (verbose && customer.checks.length > 0) {
        const report = { ...buildReport(customer.checks, strict), ok: customer.ok };
        lines.push(
          renderReport(report, paint, {
            pageId: customer.pageId ?? '?',
            appId: customer.appId,
            graphVersion,
            sandbox: customer.scenario,
            width: columns === undefined ? undefined : Math.min(columns, 120),
            wrap: screen.wrap,
          })
            .split('\n')
            .map((text) => (text === '' ? '' : `    ${text}`))
            .join('\n'),
          '',
        );
      }
    }
    const s = fleet.summary;
    const parts = (['pass', 'warn', 'fail', 'invalid', 'unreachable'] as const)
      .filter((status) => status === 'pass' || s[status] > 0)
      .map((status) => paintCustomer(paint, status, `${s[status]} ${FLEET_WORDS.status[status]}`))
      .join(', ');
    const extras = [FLEET_WORDS.duration(s.durationMs), ...(s.shard ? [FLEET_WORDS.shard(s.shard.index, s.shard.count)] : [])];
    if (lines.at(-1) !== '') lines.push('');
    lines.push(`${fleet.ok ? paint.green(FLEET_WORDS.ok) : paint.red(FLEET_WORDS.notOk)}  ${FLEET_WORDS.summary(s.total, parts)} ${paint.dim(`(${extras.join(', ')})`)}`);
    if (fleet.changes) {
      const entries = (['newlyFailing', 'recovered', 'stillFailing', 'added', 'removed'] as const).filter((key) => fleet.changes && fleet.changes[key].length > 0);
      if (entries.length === 0) lines.push(FLEET_WORDS.noChanges);
      else {
        lines.push(FLEET_WORDS.changesTitle);
        for (const key of entries) lines.push(`  ${FLEET_WORDS.changes[key]}: ${(fleet.changes[key]).join(', ')}`);
      }
    }
    if (!fleet.ok && strict && s.fail + s.invalid + s.unreachable === 0) lines.push({ stderr: FLEET_WORDS.strictNote });
    return lines;
  },
};

function isFleetResult(result: VerifyResult | FleetResult): result is FleetResult {
  return 'fleet' in result;
}

/** verify's presenter: the single report, or the fleet's when --inventory or --all-profiles ran. */
export const verifyOrFleetPresenter: Presenter<VerifyResult | FleetResult, VerifyReport | FleetReport> = {
  json: (result) => (isFleetResult(result) ? fleetPresenter.json(result) : verifyPresenter.json(result)),
  human: (result, screen) => (isFleetResult(result) ? fleetPresenter.human(result, screen) : verifyPresenter.human(result, screen)),
};
