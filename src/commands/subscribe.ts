import type { AppContext, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { applySubscription, planSubscription, readPageFields } from '../core/subscribe.js';
import { REQUIRED_FIELDS } from '../core/verify/fields.js';
import { howToGive } from '../settings/schema.js';
import { subscribeOk, subscribePresenter, type SubscribeJson, type SubscribeResult } from './present/subscribe.js';
import type { ConnectionOptions, Outcome, ResultCommand } from './types.js';
import { quoted } from '../core/text.js';
import { formatList } from '../i18n/format.js';
import { t } from '../i18n/index.js';

export interface SubscribeOptions extends Pick<ConnectionOptions, 'pageId' | 'appId' | 'pageTokenStdin' | 'appSecretStdin'> {
  fields?: string[];
  dryRun?: boolean;
}

export const subscribe: ResultCommand<SubscribeOptions, SubscribeResult, SubscribeJson> = { kind: 'result', run, present: subscribePresenter };

async function run(ctx: AppContext, options: SubscribeOptions & GlobalOptions): Promise<Outcome<SubscribeResult>> {
  const wanted = options.fields && options.fields.length > 0 ? [...new Set(options.fields)] : [...REQUIRED_FIELDS];
  const badField = wanted.find((field) => !/^[a-z_]+$/.test(field));
  if (badField) throw new UsageError(t('subscribe.error.badField', { value: quoted(badField) }));
  const prepared = await ctx.session({ options, askFor: ['pageId', 'pageToken'] });
  try {
    const { pageId, pageToken, appId } = prepared.settings.values;
    const missing = (['pageId', 'pageToken'] as const).filter((key) => prepared.settings.values[key] === undefined);
    if (!pageId || !pageToken) throw new UsageError(t('subscribe.error.needs', { what: formatList(missing.map(howToGive)) }));
    const graph = await prepared.graph();
    const before = await readPageFields(graph, pageId, pageToken, appId);
    const plan = planSubscription(pageId, before, wanted);
    // One `after` for both renderers: what the page will have under --dry-run, what Meta reports otherwise.
    const applied = options.dryRun ? undefined : await applySubscription(graph, plan, pageToken, appId, wanted);
    const subscribed: SubscribeResult = {
      pageId,
      dryRun: options.dryRun ?? false,
      allSix: wanted.length === REQUIRED_FIELDS.length && !options.fields,
      before: plan.before,
      after: applied ? applied.confirmed : plan.after,
      added: plan.added,
      changes: plan.changes,
      changed: applied?.applied ?? false,
      missing: applied?.missingAfter ?? [],
    };
    return { result: subscribed, exitCode: subscribeOk(subscribed) ? ExitCode.ok : ExitCode.checkFailed };
  } finally {
    await prepared.close();
  }
}
