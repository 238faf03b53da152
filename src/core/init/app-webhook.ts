/**
 * The app-level webhook (GET/POST /{app-id}/subscriptions): what differs from what 3CX needs,
 * and what fb3cx would send to fix it. Nothing here talks to Meta.
 */
import { t } from '../../i18n/index.js';
import { subscriptionFieldNames, type AppSubscriptionData, type AppSubscriptionRequest } from '../../graph/messenger.js';
import { REQUIRED_FIELDS, sameUrl } from '../verify/fields.js';

export interface AppWebhookPlan {
  /** The current page subscription of the app; undefined when it has none. */
  current: { callbackUrl: string | undefined; fields: string[]; active: boolean } | undefined;
  wantedCallback: string;
  callbackChanges: boolean;
  /** Fields of the six that are missing now. */
  addedFields: string[];
  /** What POST would send: every field already there plus the six (nothing is removed). */
  fieldsAfter: string[];
  /** The webhook exists but Meta switched it off. */
  inactive: boolean;
  changes: boolean;
}

export function planAppWebhook(subscriptions: AppSubscriptionData[], webhookUrl: string, wanted: readonly string[] = REQUIRED_FIELDS): AppWebhookPlan {
  const page = subscriptions.find((sub) => sub.object === 'page');
  const current = page ? { callbackUrl: page.callback_url, fields: subscriptionFieldNames(page.fields), active: page.active !== false } : undefined;
  const have = current?.fields ?? [];
  const addedFields = wanted.filter((field) => !have.includes(field));
  const callbackChanges = !current?.callbackUrl || !sameUrl(current.callbackUrl, webhookUrl);
  const inactive = current !== undefined && !current.active;
  return {
    current,
    wantedCallback: webhookUrl,
    callbackChanges,
    addedFields,
    fieldsAfter: [...have, ...addedFields],
    inactive,
    changes: current === undefined || callbackChanges || addedFields.length > 0 || inactive,
  };
}

/** What POST /{app-id}/subscriptions sends for the plan. */
export function appWebhookRequest(plan: AppWebhookPlan, verifyToken: string): AppSubscriptionRequest {
  return { object: 'page', callbackUrl: plan.wantedCallback, verifyToken, fields: plan.fieldsAfter, includeValues: true };
}

/** Lines that show what the POST would change; each starts with the thing it describes. */
export function describeAppWebhookChange(plan: AppWebhookPlan): string[] {
  const lines: string[] = [];
  if (!plan.current) {
    lines.push(t('init.webhook.changeNone'));
  } else if (plan.inactive) {
    lines.push(t('init.webhook.changeInactive'));
  }
  if (plan.callbackChanges) {
    lines.push(t('init.webhook.changeCallback', { from: plan.current?.callbackUrl ?? t('init.webhook.changeCallbackNone') }), t('init.webhook.changeCallbackTo', { to: plan.wantedCallback }));
  }
  if (plan.addedFields.length > 0) lines.push(t('init.webhook.changeAdd', { fields: plan.addedFields.join(', ') }));
  const kept = (plan.current?.fields ?? []).filter((field) => !plan.addedFields.includes(field));
  if (kept.length > 0 && plan.addedFields.length > 0) lines.push(t('init.webhook.changeKeep', { fields: kept.join(', ') }));
  return lines;
}

/**
 * A verify token for Meta's callback check: letters and digits only, because Meta advises
 * against special characters (they may not be escaped). The bytes come from the caller.
 */
export function verifyTokenFrom(bytes: Uint8Array, length = 32): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let token = '';
  for (let i = 0; i < length; i++) token += alphabet[(bytes[i % bytes.length] ?? 0) % alphabet.length];
  return token;
}

export function isUsableVerifyToken(value: string | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9]{16,64}$/.test(value);
}

/** The dashboard steps for people without the app secret, or who prefer to click. */
export function dashboardSteps(appId: string | undefined, webhookUrl: string, verifyToken: string): string[] {
  return t('init.webhook.dashboard', { url: messengerSettingsUrl(appId), webhookUrl, verifyToken, fields: REQUIRED_FIELDS.join(', ') }).split('\n');
}

export function messengerSettingsUrl(appId: string | undefined): string {
  return appId ? `https://developers.facebook.com/apps/${encodeURIComponent(appId)}/messenger/settings/` : 'https://developers.facebook.com/apps/';
}
