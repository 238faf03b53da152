import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { readSubscribedApps, subscribePage, type GraphCaller } from '../graph/messenger.js';
import { REQUIRED_FIELDS } from './verify/fields.js';

export interface SubscriptionPlan {
  pageId: string;
  /** Fields this app had on the page before; undefined when the app was not subscribed. */
  before: string[] | undefined;
  /** What will be sent: everything already there plus what was asked for (never fewer). */
  after: string[];
  added: string[];
  changes: boolean;
}

export interface SubscriptionResult extends SubscriptionPlan {
  applied: boolean;
  /** Fields read back after the change. */
  confirmed: string[] | undefined;
  /** Asked-for fields that were not there on read-back. */
  missingAfter: string[];
}

/**
 * Reads which fields this app has on the page. Without an App ID the answer is only certain when
 * no app is subscribed at all: guessing which of the subscribed apps is ours could make the
 * POST replace (and so drop) fields, so that case is refused and the apps are named.
 */
export async function readPageFields(graph: GraphCaller, pageId: string, pageToken: string, appId: string | undefined): Promise<string[] | undefined> {
  const apps = await readSubscribedApps(graph, { pageId, pageToken });
  if (!appId) {
    if (apps.length === 0) return undefined;
    throw new UsageError(
      t('subscribe.error.whichApp', { count: apps.length, apps: apps.map((app) => `${app.name ?? '?'} ${app.id}`).join(', ') }),
      t('subscribe.error.whichAppHint'),
    );
  }
  const ours = apps.find((app) => app.id === appId);
  return ours ? [...(ours.subscribed_fields ?? [])] : undefined;
}

/** After subscribing without an App ID the page had no app before, so the one there now is ours. */
export async function readBackFields(graph: GraphCaller, pageId: string, pageToken: string, appId: string | undefined): Promise<string[] | undefined> {
  if (appId) return readPageFields(graph, pageId, pageToken, appId);
  const apps = await readSubscribedApps(graph, { pageId, pageToken });
  return apps.length === 1 ? [...(apps[0]?.subscribed_fields ?? [])] : undefined;
}

/**
 * POST /{page-id}/subscribed_apps may replace the app's field list (Meta's documentation does not say), so the plan
 * always sends the union of what is there and what is wanted: nothing the user had is dropped.
 */
export function planSubscription(pageId: string, before: string[] | undefined, wanted: readonly string[] = REQUIRED_FIELDS): SubscriptionPlan {
  const current = before ?? [];
  const added = wanted.filter((field) => !current.includes(field));
  const after = [...current, ...added];
  return { pageId, before, after, added, changes: before === undefined || added.length > 0 };
}

export async function applySubscription(graph: GraphCaller, plan: SubscriptionPlan, pageToken: string, appId: string | undefined, wanted: readonly string[]): Promise<SubscriptionResult> {
  if (!plan.changes) return { ...plan, applied: false, confirmed: plan.before, missingAfter: [] };
  await subscribePage(graph, { pageId: plan.pageId, pageToken, fields: plan.after });
  const confirmed = await readBackFields(graph, plan.pageId, pageToken, appId);
  const missingAfter = wanted.filter((field) => !(confirmed ?? []).includes(field));
  return { ...plan, applied: true, confirmed, missingAfter };
}
