import { buildReport } from '../../core/verify/runner.js';
import { renderReport, type Painter } from '../../core/verify/render.js';
import { terminalColumns } from '../../core/text.js';
import type { CheckResult } from '../../core/verify/types.js';
import type { CustomerStatus, FleetChanges, FleetCustomer, FleetReport } from '../../fleet/types.js';
import { t } from '../../i18n/index.js';
import { labelled, padToWidth } from '../../core/verify/render.js';
import { textWidth } from '../../core/wrap.js';
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

/** Every sentence of the fleet's text, from the fleet catalogue; called at run time, in the active language. */
export const FLEET_WORDS = {
  status: (status: CustomerStatus): string => {
    switch (status) {
      case 'pass':
        return t('fleet.status.pass');
      case 'warn':
        return t('fleet.status.warn');
      case 'fail':
        return t('fleet.status.fail');
      case 'invalid':
        return t('fleet.status.invalid');
      case 'unreachable':
        return t('fleet.status.unreachable');
    }
  },
  change: (key: keyof FleetChanges): string => {
    switch (key) {
      case 'newlyFailing':
        return t('fleet.changes.newlyFailing');
      case 'recovered':
        return t('fleet.changes.recovered');
      case 'stillFailing':
        return t('fleet.changes.stillFailing');
      case 'added':
        return t('fleet.changes.added');
      case 'removed':
        return t('fleet.changes.removed');
    }
  },
  noPage: '—',
  progress: (done: number, total: number, failing: number) => t('fleet.progress', { done, total, failing }),
  writtenJunit: (file: string) => t('fleet.writtenJunit', { file }),
  writtenHtml: (file: string) => t('fleet.writtenHtml', { file }),
  notifyFailed: (reason: string) => t('fleet.notifyFailed', { reason }),
  notified: () => t('fleet.notified'),
};

const SYMBOLS: Record<CustomerStatus, string> = { pass: '✔', warn: '!', fail: '✖', invalid: '✖', unreachable: '✖' };

function paintCustomer(paint: Painter, status: CustomerStatus, text: string): string {
  return status === 'pass' ? paint.green(text) : status === 'warn' ? paint.yellow(text) : paint.red(text);
}

/** The check a person should look at first: the first failure, else the first warning. */
export function firstProblem(customer: FleetCustomer): CheckResult | undefined {
  return customer.checks.find((check) => check.status === 'fail') ?? customer.checks.find((check) => check.status === 'warn');
}

/** Column widths of the customer lines, in terminal columns (a Chinese name takes two per character). */
interface Widths {
  name: number;
  page: number;
  status: number;
}

function customerLine(customer: FleetCustomer, paint: Painter, widths: Widths): string[] {
  const status = FLEET_WORDS.status(customer.status);
  const head = `${paintCustomer(paint, customer.status, SYMBOLS[customer.status])} ${padToWidth(customer.name, widths.name)}  ${padToWidth(customer.pageName ?? FLEET_WORDS.noPage, widths.page)}  ${paintCustomer(paint, customer.status, padToWidth(status, widths.status))}`;
  const indent = ' '.repeat(2);
  if (customer.problem) {
    const where = customer.problem.line !== undefined && customer.status === 'invalid' ? `${t('fleet.line', { line: customer.problem.line })}: ` : '';
    return [`${head}  ${where}${customer.problem.message}`];
  }
  const check = firstProblem(customer);
  if (!check) return [head.trimEnd()];
  return [`${head}  ${check.id}: ${check.detail}`, ...(check.fix ? [`${indent}  ${labelled(t('verify.report.fixLabel'), check.fix, paint.cyan)}`] : [])];
}

export const fleetPresenter: Presenter<FleetResult, FleetReport> = {
  json: (result) => result.fleet,
  human: ({ fleet, verbose, graphVersion, strict }, screen) => {
    const paint = screen.style;
    const columns = terminalColumns(screen.columns);
    const widths: Widths = {
      name: Math.min(Math.max(4, ...fleet.customers.map((customer) => textWidth(customer.name))), 32),
      page: Math.min(Math.max(1, ...fleet.customers.map((customer) => textWidth(customer.pageName ?? FLEET_WORDS.noPage))), 32),
      // The widest status word of this language ("unreachable" is 11 columns in English).
      status: Math.max(...(['pass', 'warn', 'fail', 'invalid', 'unreachable'] as const).map((status) => textWidth(FLEET_WORDS.status(status)))),
    };
    const lines: HumanLine[] = [];
    for (const customer of fleet.customers) {
      lines.push(...customerLine(customer, paint, widths));
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
      .map((status) => paintCustomer(paint, status, t('fleet.count', { number: s[status], status: FLEET_WORDS.status(status) })))
      .join(t('verify.report.separator'));
    const extras = [t('fleet.duration', { seconds: (s.durationMs / 1000).toFixed(1) }), ...(s.shard ? [t('fleet.shard', { index: s.shard.index, total: s.shard.count })] : [])];
    if (lines.at(-1) !== '') lines.push('');
    const verdict = fleet.ok ? paint.green(t('verify.report.ok')) : paint.red(t('verify.report.notOk'));
    const extrasText = paint.dim(t('fleet.extras', { extras: extras.join(t('verify.report.separator')) }));
    lines.push(`${verdict}  ${t('fleet.summary', { count: s.total, parts, extras: extrasText })}`);
    if (fleet.changes) {
      const entries = (['newlyFailing', 'recovered', 'stillFailing', 'added', 'removed'] as const).filter((key) => fleet.changes && fleet.changes[key].length > 0);
      if (entries.length === 0) lines.push(t('fleet.noChanges'));
      else {
        lines.push(t('fleet.changesTitle'));
        for (const key of entries) lines.push(`  ${t('fleet.changeLine', { label: FLEET_WORDS.change(key), names: fleet.changes[key].join(t('fleet.nameSeparator')) })}`);
      }
    }
    if (!fleet.ok && strict && s.fail + s.invalid + s.unreachable === 0) lines.push({ stderr: t('verify.report.strictNote') });
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
