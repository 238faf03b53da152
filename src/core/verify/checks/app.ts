import { failedRead, type AppSubscriptionData, type Fetched, type PermissionData } from '../facts.js';
import { missingFields, REQUIRED_FIELDS, sameUrl } from '../fields.js';
import type { CheckDefinition, CheckOutcome, VerifyEnv } from '../types.js';

const NEEDS_APP = 'needs the App ID and app secret (an app token); give FB3CX_APP_ID and FB3CX_APP_SECRET to run it';
const WEBHOOK_STEPS = 'Meta developer portal > your app > Messenger > Messenger API Settings > Webhooks: Callback URL = the 3CX webhook URL, any verify token, "Verify and save"';

async function pageSubscriptionOf(env: VerifyEnv): Promise<{ outcome: CheckOutcome } | { sub: AppSubscriptionData | undefined }> {
  if (!env.facts.hasAppCredentials) return { outcome: { status: 'skip', detail: NEEDS_APP } };
  const subs = await env.facts.appSubscriptions();
  if (!subs.ok) {
    return { outcome: failedRead(subs.error) };
  }
  return { sub: subs.value.find((s) => s.object === 'page') };
}

function fieldNames(sub: AppSubscriptionData): string[] {
  return (sub.fields ?? []).map((f) => (typeof f === 'string' ? f : f.name));
}

export const appWebhook: CheckDefinition = {
  id: 'app.webhook',
  title: 'App has an active page webhook',
  async run(env) {
    const found = await pageSubscriptionOf(env);
    if ('outcome' in found) return found.outcome;
    if (!found.sub) return { status: 'fail', detail: 'the app has no webhook for Page events', fix: `${WEBHOOK_STEPS}, then add the six fields.` };
    if (found.sub.active === false) {
      return {
        status: 'fail',
        detail: 'the page webhook is inactive (Meta disables it after about an hour of failed deliveries)',
        fix: `Make sure 3CX is reachable, then re-save the webhook (${WEBHOOK_STEPS}) and run "fb3cx subscribe".`,
      };
    }
    return { status: 'pass', detail: 'active' };
  },
};

export const appFields: CheckDefinition = {
  id: 'app.fields',
  title: 'App webhook has the six fields',
  async run(env) {
    const found = await pageSubscriptionOf(env);
    if ('outcome' in found) return found.outcome.status === 'skip' ? found.outcome : { status: 'skip', detail: 'the app webhook could not be read (see app.webhook)' };
    if (!found.sub) return { status: 'skip', detail: 'no page webhook (see app.webhook)' };
    const missing = missingFields(fieldNames(found.sub));
    if (missing.length === 0) return { status: 'pass', detail: `all ${REQUIRED_FIELDS.length} subscribed` };
    return { status: 'fail', detail: `missing ${missing.join(', ')} (events arrive only for fields subscribed on both the app and the page)`, fix: `Subscribe them under Messenger API Settings > Webhooks (Edit subscriptions), or let "fb3cx init" do it by API.` };
  },
};

export const appCallback: CheckDefinition = {
  id: 'app.callback',
  title: 'App webhook points at 3CX',
  async run(env) {
    const found = await pageSubscriptionOf(env);
    if ('outcome' in found) return found.outcome.status === 'skip' ? found.outcome : { status: 'skip', detail: 'the app webhook could not be read (see app.webhook)' };
    if (!found.sub) return { status: 'skip', detail: 'no page webhook (see app.webhook)' };
    const callback = found.sub.callback_url ?? '(none)';
    if (!env.inputs.webhookUrl) return { status: 'skip', detail: `the callback is ${callback}; give the 3CX webhook URL (FB3CX_WEBHOOK_URL) to compare` };
    if (sameUrl(callback, env.inputs.webhookUrl)) return { status: 'pass', detail: callback };
    const tunnel = /ngrok|trycloudflare|loca\.lt|localhost\.run|serveo/i.test(callback);
    return {
      status: 'warn',
      detail: `the callback is ${callback}, not the 3CX webhook URL ${env.inputs.webhookUrl}${tunnel ? ' (a tunnel left behind from a test?)' : ''}`,
      fix: `Set the Callback URL back to the 3CX webhook URL: ${WEBHOOK_STEPS}.`,
    };
  },
};

async function permissionList(env: VerifyEnv): Promise<Fetched<PermissionData[]> | undefined> {
  return env.facts.hasAppCredentials ? env.facts.appPermissions() : undefined;
}

export const appPermissions: CheckDefinition = {
  id: 'app.permissions',
  title: 'pages_messaging is approved',
  async run(env) {
    const perms = await permissionList(env);
    if (!perms) return { status: 'skip', detail: NEEDS_APP };
    if (!perms.ok) {
      return failedRead(perms.error);
    }
    const entry = perms.value.find((p) => p.permission === 'pages_messaging');
    const fix = 'Request Advanced Access to pages_messaging in App Review (fb3cx review-text writes the texts). Until then only people with a role on the app can message the page.';
    if (!entry) return { status: 'warn', detail: 'pages_messaging is not listed among the approved permissions (the shape of this API answer is UNCONFIRMED, so this may be a false alarm)', fix };
    if (entry.status === 'live') return { status: 'pass', detail: 'pages_messaging: live' };
    return { status: 'fail', detail: `pages_messaging: ${entry.status}; messages from people without a role on the app are not delivered`, fix };
  },
};

const REVIEW_ITEMS: Array<{ key: 'privacy_policy_url' | 'icon_url' | 'category' | 'website_url'; label: string }> = [
  { key: 'privacy_policy_url', label: 'privacy policy URL' },
  { key: 'icon_url', label: 'app icon' },
  { key: 'category', label: 'category' },
  { key: 'website_url', label: 'website platform URL' },
];

async function missingReviewSettings(env: VerifyEnv): Promise<{ outcome: CheckOutcome } | { missing: string[]; category?: string | undefined }> {
  if (!env.facts.hasAppCredentials) return { outcome: { status: 'skip', detail: NEEDS_APP } };
  const app = await env.facts.app();
  if (!app.ok) {
    return { outcome: failedRead(app.error) };
  }
  const value = app.value;
  const missing = REVIEW_ITEMS.filter(({ key }) => {
    if (key === 'website_url') return !value.website_url && !(value.supported_platforms ?? []).includes('WEB');
    const field = value[key];
    return typeof field !== 'string' || field.trim() === '';
  }).map((item) => item.label);
  return { missing, category: value.category };
}

export const appReviewSettings: CheckDefinition = {
  id: 'app.review-settings',
  title: 'App settings are ready for App Review',
  async run(env) {
    const result = await missingReviewSettings(env);
    if ('outcome' in result) return result.outcome;
    if (result.missing.length === 0) {
      const note = result.category && result.category !== 'Messaging' ? ` (category is "${result.category}"; the 3CX manual uses "Messaging")` : '';
      return { status: 'pass', detail: `privacy policy, icon, category and website are set${note}` };
    }
    return {
      status: 'warn',
      detail: `missing: ${result.missing.join(', ')}`,
      fix: 'App Settings > Basic: add the privacy policy URL, app icon and category "Messaging"; "+ Add platform" > Website with the 3CX web client URL. fb3cx review-text lists every step.',
    };
  },
};

export const appMode: CheckDefinition = {
  id: 'app.mode',
  title: 'App is Live (evidence only)',
  async run(env) {
    if (!env.facts.hasAppCredentials) return { status: 'skip', detail: NEEDS_APP };
    const [perms, review] = await Promise.all([permissionList(env), missingReviewSettings(env)]);
    const evidence: string[] = [];
    if (perms?.ok) {
      const status = perms.value.find((p) => p.permission === 'pages_messaging')?.status;
      evidence.push(status ? `pages_messaging ${status}` : 'pages_messaging not listed');
    } else {
      evidence.push('permissions unreadable');
    }
    if ('missing' in review) evidence.push(review.missing.length === 0 ? 'review settings complete' : `review settings missing ${review.missing.length}`);
    return {
      status: 'warn',
      detail: `Meta's API does not report Development or Live mode, so this cannot pass; evidence: ${evidence.join(', ')}`,
      fix: 'Check that the App Mode switch at the top of the app dashboard says Live. Then prove it: from a Facebook account with no role on the app, message the page and watch it arrive in 3CX or with "fb3cx listen".',
    };
  },
};

export const APP_CHECKS = [appWebhook, appFields, appCallback, appPermissions, appReviewSettings, appMode];
