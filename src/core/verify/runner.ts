import { ExitCode, type ExitCodeValue } from '../../errors.js';
import { t } from '../../i18n/index.js';
import { APP_CHECKS } from './checks/app.js';
import { PAGE_CHECKS } from './checks/page.js';
import { PBX_CHECKS } from './checks/pbx.js';
import { TOKEN_CHECKS } from './checks/token.js';
import { WEBHOOK_CHECKS } from './checks/webhook.js';
import { hasFix, type CheckDefinition, type CheckResult, type CheckStatus, type VerifyEnv, type VerifyReport } from './types.js';

export const ALL_CHECKS: CheckDefinition[] = [...TOKEN_CHECKS, ...PAGE_CHECKS, ...APP_CHECKS, ...WEBHOOK_CHECKS, ...PBX_CHECKS];
export const CHECK_IDS = ALL_CHECKS.map((check) => check.id);

/** "token" selects token.*; "page.info" selects itself. Unknown selectors are returned, not thrown. */
export function selectChecks(checks: CheckDefinition[], only: string[] | undefined, skip: string[] | undefined): { selected: CheckDefinition[]; unknown: string[] } {
  const matches = (selector: string, id: string) => id === selector || id.startsWith(`${selector}.`);
  const unknown = [...(only ?? []), ...(skip ?? [])].filter((selector) => !checks.some((check) => matches(selector, check.id)));
  const selected = checks.filter(
    (check) => (!only || only.length === 0 || only.some((s) => matches(s, check.id))) && !(skip ?? []).some((s) => matches(s, check.id)),
  );
  return { selected, unknown };
}

/**
 * Runs every check at once; the shared Facts make each Graph call once, so independent calls
 * run concurrently. A check that throws becomes a fail with "internal error", never a crash.
 */
export async function runChecks(checks: CheckDefinition[], env: VerifyEnv, onDone?: (result: CheckResult) => void): Promise<CheckResult[]> {
  return Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      let result: CheckResult;
      try {
        const outcome = await check.run(env);
        result = { id: check.id, title: check.title, ...outcome, durationMs: Math.max(0, Math.round(performance.now() - started)) };
      } catch (error) {
        result = {
          id: check.id,
          title: check.title,
          status: 'fail',
          code: 'internal_error',
          detail: t('verify.runner.internalError', { message: error instanceof Error ? error.message : String(error) }),
          fix: t('verify.runner.internalErrorFix'),
          durationMs: Math.max(0, Math.round(performance.now() - started)),
        };
      }
      onDone?.(result);
      return result;
    }),
  );
}

export function buildReport(results: CheckResult[], strict: boolean): VerifyReport {
  const summary: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0, manual: 0 };
  for (const result of results) summary[result.status]++;
  // A check left to a person (manual) is not a warning: --strict must be able to pass in CI.
  const ok = summary.fail === 0 && (!strict || summary.warn === 0);
  return {
    schemaVersion: 1,
    ok,
    summary,
    checks: results.map(({ id, title, status, code, detail, fix, durationMs }) => ({ id, title, status, ...(code ? { code } : {}), detail, ...(fix && hasFix(status) ? { fix } : {}), durationMs })),
  };
}

/**
 * Who could not be reached at all (as opposed to answering with a refusal): the first check
 * that says Meta's Graph API was out of reach, the first that says the 3CX host was, and whether
 * Meta answered none of the checks (then a report of findings would say nothing).
 */
export interface Reach {
  meta: CheckResult | undefined;
  pbx: CheckResult | undefined;
  metaAnsweredNothing: boolean;
}

/** The "Meta is unreachable" rule that init, verify and the exit code all follow. */
export function reachOf(results: CheckResult[]): Reach {
  const unreachable = (r: CheckResult) => r.unreachable === true && r.status === 'fail';
  const fromMeta = results.filter((r) => !isPbxCheck(r));
  const meta = fromMeta.find(unreachable);
  return {
    meta,
    pbx: results.filter(isPbxCheck).find(unreachable),
    metaAnsweredNothing: meta !== undefined && fromMeta.every((r) => r.status !== 'pass'),
  };
}

/** The webhook and pbx checks talk to the 3CX host; every other check asks Meta. */
function isPbxCheck(result: CheckResult): boolean {
  return result.id.startsWith('webhook.') || result.id.startsWith('pbx.');
}

/** Exit code for a finished report: 1 when a check failed, 3 when Meta or 3CX could not be reached. */
export function reportExitCode(report: VerifyReport, results: CheckResult[]): ExitCodeValue {
  const reach = reachOf(results);
  if (reach.meta || reach.pbx) return ExitCode.cannotRun;
  return report.ok ? ExitCode.ok : ExitCode.checkFailed;
}
