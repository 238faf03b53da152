import type { ExitCodeValue } from '../../errors.js';
import type { PbxApi } from '../../pbx/types.js';
import { Facts } from './facts.js';
import { renderReport, type Painter } from './render.js';
import { ALL_CHECKS, buildReport, reachOf, reportExitCode, runChecks, type Reach } from './runner.js';
import type { CheckDefinition, CheckResult, GraphApi, VerifyInputs, VerifyReport, WebhookProber } from './types.js';

/**
 * The verify report as `fb3cx verify` and the end of `fb3cx init` produce it: the checks run
 * against one set of facts, the report, who could not be reached, and the exit code.
 */
export interface FinalReport {
  results: CheckResult[];
  report: VerifyReport;
  reach: Reach;
  exitCode: ExitCodeValue;
  /** The page's name, when a check read the page. */
  pageName: string | undefined;
}

export interface FinalReportRequest {
  graph: GraphApi;
  inputs: VerifyInputs;
  prober: WebhookProber;
  /** The 3CX API client, when its credentials are known. */
  pbx?: PbxApi | undefined;
  now: () => number;
  /** Every check unless a selection (--only, --skip) is given. */
  checks?: CheckDefinition[];
  /** --strict: warnings count as failures. */
  strict?: boolean;
  /** Called as each check finishes (a spinner's progress). */
  onDone?: (result: CheckResult) => void;
}

export async function runFinalReport(request: FinalReportRequest): Promise<FinalReport> {
  const { inputs } = request;
  const facts = new Facts(request.graph, inputs, request.prober, request.pbx);
  const results = await runChecks(request.checks ?? ALL_CHECKS, { inputs, facts, now: request.now }, request.onDone);
  const report = buildReport(results, request.strict ?? false);
  return { results, report, reach: reachOf(results), exitCode: reportExitCode(report, results), pageName: await facts.knownPageName() };
}

/** The human report, headed with the page, app, Graph version and sandbox scenario it checked. */
export function renderFinalReport(
  final: FinalReport,
  paint: Painter,
  header: { inputs: VerifyInputs; graphVersion: string; sandbox?: string | undefined; width?: number | undefined },
): string {
  return renderReport(final.report, paint, {
    pageId: header.inputs.pageId,
    appId: header.inputs.appId,
    graphVersion: header.graphVersion,
    sandbox: header.sandbox,
    width: header.width,
  });
}
