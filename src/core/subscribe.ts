import type { GraphApi } from '../graph/types.js';
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

interface SubscribedApp {
  id: string;
  subscribed_fields?: string[];
}

/** Reads which fields this app (or, without an App ID, the only subscribed app) has on the page. */
export async function readPageFields(graph: GraphApi, pageId: string, pageToken: string, appId: string | undefined): Promise<string[] | undefined> {
  const res = await graph.call<{ data?: SubscribedApp[] }>({ path: `/${pageId}/subscribed_apps`, token: pageToken, operation: "Reading the page's subscribed apps" });
  const apps = Array.isArray(res.body.data) ? res.body.data : [];
  const ours = appId ? apps.find((app) => app.id === appId) : apps.length === 1 ? apps[0] : undefined;
  return ours ? [...(ours.subscribed_fields ?? [])] : undefined;
}

/**
 * POST /{page-id}/subscribed_apps may replace the app's field list (UNCONFIRMED), so the plan
 * always sends the union of what is there and what is wanted: nothing the user had is dropped.
 */
export function planSubscription(pageId: string, before: string[] | undefined, wanted: readonly string[] = REQUIRED_FIELDS): SubscriptionPlan {
  const current = before ?? [];
  const added = wanted.filter((field) => !current.includes(field));
  const after = [...current, ...added];
  return { pageId, before, after, added, changes: before === undefined || added.length > 0 };
}

export async function applySubscription(graph: GraphApi, plan: SubscriptionPlan, pageToken: string, appId: string | undefined, wanted: readonly string[]): Promise<SubscriptionResult> {
  if (!plan.changes) return { ...plan, applied: false, confirmed: plan.before, missingAfter: [] };
  await graph.call<{ success?: boolean | string }>({
    method: 'POST',
    path: `/${plan.pageId}/subscribed_apps`,
    token: pageToken,
    form: { subscribed_fields: plan.after.join(',') },
    operation: 'Subscribing the page to the webhook fields',
  });
  const confirmed = await readPageFields(graph, plan.pageId, pageToken, appId);
  const missingAfter = wanted.filter((field) => !(confirmed ?? []).includes(field));
  return { ...plan, applied: true, confirmed, missingAfter };
}
