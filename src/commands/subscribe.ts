import type { AppContext, GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { applySubscription, planSubscription, readPageFields, type SubscriptionResult } from '../core/subscribe.js';
import { REQUIRED_FIELDS } from '../core/verify/fields.js';
import { howToGive } from '../settings/schema.js';

export interface SubscribeOptions {
  pageId?: string;
  appId?: string;
  pageTokenStdin?: boolean;
  appSecretStdin?: boolean;
  fields?: string[];
  dryRun?: boolean;
}

export async function run(ctx: AppContext, options: SubscribeOptions & GlobalOptions): Promise<number> {
  const wanted = options.fields && options.fields.length > 0 ? [...new Set(options.fields)] : [...REQUIRED_FIELDS];
  const badField = wanted.find((field) => !/^[a-z_]+$/.test(field));
  if (badField) throw new UsageError(`"${badField}" is not a webhook field name (lowercase letters and underscores, such as message_reads).`);
  const prepared = await ctx.session({ options, askFor: ['pageId', 'pageToken'] });
  try {
    const { pageId, pageToken, appId } = prepared.settings.values;
    const missing = (['pageId', 'pageToken'] as const).filter((key) => prepared.settings.values[key] === undefined);
    if (!pageId || !pageToken) throw new UsageError(`fb3cx subscribe needs ${missing.map(howToGive).join(' and ')}.`);
    const graph = await prepared.graph();
    const before = await readPageFields(graph, pageId, pageToken, appId);
    const plan = planSubscription(pageId, before, wanted);
    const result: SubscriptionResult = options.dryRun ? { ...plan, applied: false, confirmed: undefined, missingAfter: [] } : await applySubscription(graph, plan, pageToken, appId, wanted);
    const ok = result.missingAfter.length === 0;
    if (options.json) {
      ctx.out.resultJson({
        schemaVersion: 1,
        ok,
        pageId,
        dryRun: options.dryRun ?? false,
        changed: result.applied,
        before: result.before ?? null,
        after: options.dryRun ? result.after : (result.confirmed ?? null),
        added: result.added,
        missing: result.missingAfter,
      });
    } else {
      const s = ctx.out.style;
      const list = (fields: string[] | undefined) => (fields === undefined ? s.dim('(app not subscribed)') : fields.length === 0 ? s.dim('(none)') : fields.join(', '));
      ctx.out.result(`Page ${pageId}`);
      ctx.out.result(`  before  ${list(result.before)}`);
      if (!result.changes) {
        ctx.out.result(`  ${s.green('✔')} already subscribed to ${wanted.length === REQUIRED_FIELDS.length && !options.fields ? 'all six fields' : 'every field asked for'}; nothing to change`);
      } else if (options.dryRun) {
        ctx.out.result(`  would   ${list(result.after)}`);
        ctx.out.result(`  ${s.yellow('dry run')}: would add ${result.added.length > 0 ? result.added.join(', ') : 'the app to the page'}; nothing was changed`);
      } else {
        ctx.out.result(`  after   ${list(result.confirmed)}`);
        ctx.out.result(
          ok
            ? `  ${s.green('✔')} added ${result.added.length > 0 ? result.added.join(', ') : 'the app with its fields'} (confirmed by reading it back)`
            : `  ${s.red('✖')} Meta accepted the change but these fields are missing on read-back: ${result.missingAfter.join(', ')}`,
        );
      }
      if (!options.dryRun && result.applied) ctx.out.info('Events arrive only for fields subscribed on both the page and the app webhook; fb3cx verify checks both.');
    }
    return ok ? 0 : 1;
  } finally {
    await prepared.close();
  }
}
