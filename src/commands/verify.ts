import type { AppContext, GlobalOptions } from '../context.js';
import { NetworkError, UsageError } from '../errors.js';
import { runFinalReport } from '../core/verify/final-report.js';
import { ALL_CHECKS, CHECK_IDS, selectChecks } from '../core/verify/runner.js';
import { didYouMean } from '../core/did-you-mean.js';
import { t } from '../i18n/index.js';
import type { CheckDefinition, VerifyReport } from '../core/verify/types.js';
import type { FleetReport } from '../fleet/types.js';
import { isFleetRun, type FleetOptions } from './verify-fleet-flags.js';
import { verifyOrFleetPresenter, type FleetResult } from './present/fleet.js';
import { createWebhookProber } from '../io/webhook-probe.js';
import { startSpinner } from '../io/spinner.js';
import { howToGive } from '../settings/schema.js';
import { CONNECTION_KEYS, PBX_KEYS } from '../session.js';
import type { VerifyResult } from './present/verify.js';
import type { ConnectionOptions, Outcome, ResultCommand } from './types.js';

export interface VerifyOptions extends ConnectionOptions {
  only?: string[];
  skip?: string[];
  strict?: boolean;
  gapMinutes?: number;
  expiryWarnDays?: number;
}

export const verify: ResultCommand<VerifyOptions & FleetOptions, VerifyResult | FleetResult, VerifyReport | FleetReport> = { kind: 'result', run, present: verifyOrFleetPresenter };

async function run(ctx: AppContext, options: VerifyOptions & FleetOptions & GlobalOptions): Promise<Outcome<VerifyResult | FleetResult>> {
  const selected = checksFor(options);
  // Many customers: the fleet run (src/commands/verify-fleet.ts) takes over.
  if (isFleetRun(options)) return (await import('./verify-fleet.js')).runFleetVerify(ctx, options, selected);
  return verifyOne(ctx, options, selected);
}

/** The checks --only and --skip leave; an unknown selector is a usage error with a suggestion. */
function checksFor(options: VerifyOptions): CheckDefinition[] {
  const { selected, unknown } = selectChecks(ALL_CHECKS, options.only, options.skip);
  if (unknown.length > 0) {
    // A prefix selects a group ("token"), so prefixes are candidates for the suggestion too.
    const selectors = [...new Set([...CHECK_IDS, ...CHECK_IDS.map((id) => id.split('.')[0] as string)])];
    const suggestions = [...new Set(unknown.map((selector) => didYouMean(selector, selectors)))].join('');
    throw new UsageError(
      t('verify.command.unknownCheck', { count: unknown.length, ids: unknown.join(', ') }),
      t('verify.command.unknownCheckHint', { suggestions, ids: CHECK_IDS.join(', ') }),
    );
  }
  return selected;
}

async function verifyOne(ctx: AppContext, options: VerifyOptions & GlobalOptions, selected: CheckDefinition[]): Promise<Outcome<VerifyResult>> {
  const prepared = await ctx.session({ options, keys: [...CONNECTION_KEYS, ...PBX_KEYS], askFor: ['pageId', 'pageToken'] });
  try {
    const { values } = prepared.settings;
    const missing = (['pageId', 'pageToken'] as const).filter((key) => values[key] === undefined);
    if (missing.length > 0) {
      const how = missing.map(howToGive).join('; ');
      const message =
        missing.length === 2 ? t('verify.command.needsBoth', { how }) : missing[0] === 'pageId' ? t('verify.command.needsPageId', { how }) : t('verify.command.needsPageToken', { how });
      throw new UsageError(message, t('verify.command.needsHint'));
    }
    const pbx = await prepared.pbx();
    const inputs = {
      pageId: values.pageId as string,
      pageToken: values.pageToken as string,
      appId: values.appId,
      appSecret: values.appId ? values.appSecret : undefined,
      webhookUrl: values.webhookUrl,
      webClientUrl: values.webClientUrl,
      pbxAddress: pbx?.address,
      gapMinutes: options.gapMinutes,
      ...(options.expiryWarnDays !== undefined ? { expiryWarnDays: options.expiryWarnDays } : {}),
    };
    if (values.appSecret && !values.appId) ctx.out.warn(t('verify.command.secretWithoutAppId'));
    const graph = await prepared.graph();
    const spinner = await startSpinner(ctx.out, ctx.env, t('verify.command.running', { total: selected.length }), ctx.signal);
    let done = 0;
    const final = await runFinalReport({
      graph,
      inputs,
      pbx: pbx?.api,
      prober: createWebhookProber({ now: () => ctx.clock.now(), randomBytes: (size) => ctx.randomBytes(size) }, { trust: prepared.webhookTrust }),
      now: () => ctx.clock.now(),
      checks: selected,
      strict: options.strict ?? false,
      onDone: () => {
        done++;
        spinner.update(t('verify.command.progress', { done, total: selected.length }));
      },
    });
    spinner.stop();
    const { report, reach } = final;

    // Nothing from Meta came back at all: that is "could not run", not a report of findings.
    if (reach.metaAnsweredNothing) {
      const first = reach.meta;
      throw new NetworkError(t('verify.command.couldNotRun', { detail: first?.detail ?? t('verify.command.graphUnreachable') }), first?.fix ?? t('verify.command.checkNetwork'));
    }

    const result: VerifyResult = { report, pageId: inputs.pageId, appId: inputs.appId, graphVersion: values.graphVersion, sandbox: prepared.sandbox?.scenario, strict: options.strict ?? false };
    return { result, exitCode: final.exitCode };
  } finally {
    await prepared.close();
  }
}
