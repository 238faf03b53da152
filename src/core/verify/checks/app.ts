import { subscriptionFieldNames, type AppSubscriptionData, type PermissionData } from '../../../graph/messenger.js';
import { failedRead, type Fetched } from '../facts.js';
import { missingFields, REQUIRED_FIELDS, sameUrl } from '../fields.js';
import type { CheckDefinition, CheckOutcome, VerifyEnv } from '../types.js';
import { MESSENGER_SETTINGS_PATH, NO_ROLE_PROOF, ROLE_ONLY_DELIVERY, ROLE_ONLY_SHORT } from '../../meta-portal.js';
import { evaluateSettings, type SettingsCheck, type SettingsCheckId } from '../../review/settings-check.js';

const NEEDS_APP = 'needs the App ID and app secret (an app token); give FB3CX_APP_ID and FB3CX_APP_SECRET to run it';
const WEBHOOK_STEPS = `Meta developer portal > your app > ${MESSENGER_SETTINGS_PATH} > Webhooks: Callback URL = the 3CX webhook URL, any verify token, "Verify and save"`;

async function pageSubscriptionOf(env: VerifyEnv): Promise<{ outcome: CheckOutcome } | { sub: AppSubscriptionData | undefined }> {
  if (!env.facts.hasAppCredentials) return { outcome: { status: 'skip', detail: NEEDS_APP } };
  const subs = await env.facts.appSubscriptions();
  if (!subs.ok) {
    return { outcome: failedRead(subs.error) };
  }
  return { sub: subs.value.find((s) => s.object === 'page') };
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
    const missing = missingFields(subscriptionFieldNames(found.sub.fields));
    if (missing.length === 0) return { status: 'pass', detail: `all ${REQUIRED_FIELDS.length} subscribed` };
    return { status: 'fail', detail: `missing ${missing.join(', ')} (events arrive only for fields subscribed on both the app and the page)`, fix: `Subscribe them under ${MESSENGER_SETTINGS_PATH} > Webhooks (Edit subscriptions), or let "fb3cx init" do it by API.` };
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
    // Meta delivers every event to the callback and nowhere else: 3CX receives nothing. That is
    // an outage, and a nightly verify must go red for it.
    return {
      status: 'fail',
      detail: `the callback is ${callback}, not the 3CX webhook URL ${env.inputs.webhookUrl}, so Meta delivers the messages there and 3CX receives none${tunnel ? ' (a tunnel left behind from a test?)' : ''}`,
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
    const fix = `Request Advanced Access to pages_messaging: App Review > Permissions and Features (fb3cx review-text writes the texts), then switch the app to Live and prove it: ${NO_ROLE_PROOF.send}`;
    if (!entry) {
      return {
        status: 'warn',
        detail: `pages_messaging is not listed among the app's approved permissions, so fb3cx cannot confirm Advanced Access (fb3cx has not yet seen this answer from a real app, so this may be a false alarm). ${ROLE_ONLY_DELIVERY}`,
        fix: `${fix} To check by hand: App Review > Permissions and Features shows pages_messaging with "Advanced Access" when it is approved.`,
      };
    }
    if (entry.status === 'live') return { status: 'pass', detail: 'pages_messaging: live' };
    // Meta's list knows only "live" and "unapproved": anything but live is Standard Access at best.
    return { status: 'fail', detail: `pages_messaging: ${entry.status}, so Standard Access only. ${ROLE_ONLY_DELIVERY}`, fix };
  },
};

const REVIEW_LABELS: Record<SettingsCheckId, string> = {
  website: 'website platform',
  icon: 'app icon',
  privacyPolicy: 'privacy policy URL',
  category: 'category Messaging',
  businessVerification: 'Business Verification',
};

/** The App Review settings, judged by the same rules as review-text's checklist. */
async function reviewSettingsToDo(env: VerifyEnv): Promise<{ outcome: CheckOutcome } | { todo: SettingsCheck[] }> {
  if (!env.facts.hasAppCredentials) return { outcome: { status: 'skip', detail: NEEDS_APP } };
  const app = await env.facts.app();
  if (!app.ok) return { outcome: failedRead(app.error) };
  const checks = evaluateSettings({ kind: 'read', app: app.value }, { webClientUrl: env.inputs.webClientUrl });
  return { todo: checks.filter((check) => check.status === 'todo') };
}

export const appReviewSettings: CheckDefinition = {
  id: 'app.review-settings',
  title: 'App settings are ready for App Review',
  async run(env) {
    const result = await reviewSettingsToDo(env);
    if ('outcome' in result) return result.outcome;
    if (result.todo.length === 0) {
      return { status: 'pass', detail: 'privacy policy, icon, category Messaging and website are set (Business Verification: check by hand)' };
    }
    return {
      status: 'warn',
      detail: `to do: ${result.todo.map((check) => `${REVIEW_LABELS[check.id]}${check.detail ? ` (${check.detail})` : ''}`).join('; ')}`,
      fix: 'App Settings > Basic: add the privacy policy URL, app icon and category "Messaging"; "+ Add platform" > Website with the 3CX web client URL. fb3cx review-text lists every step.',
    };
  },
};

export const appMode: CheckDefinition = {
  id: 'app.mode',
  title: 'App is Live (check by hand)',
  async run(env) {
    if (!env.facts.hasAppCredentials) return { status: 'skip', detail: NEEDS_APP };
    const [perms, review] = await Promise.all([permissionList(env), reviewSettingsToDo(env)]);
    const evidence: string[] = [];
    if (perms?.ok) {
      const status = perms.value.find((p) => p.permission === 'pages_messaging')?.status;
      evidence.push(status ? `pages_messaging ${status}` : 'pages_messaging not listed');
    } else {
      evidence.push('permissions unreadable');
    }
    if ('todo' in review) evidence.push(review.todo.length === 0 ? 'review settings complete' : `${review.todo.length} review setting${review.todo.length === 1 ? '' : 's'} to do`);
    // Meta's API has no field for the mode, so no answer can pass or fail this: a person looks.
    return {
      status: 'manual',
      detail: `Meta's API does not say whether the app is in Development or Live mode; evidence: ${evidence.join(', ')}. ${ROLE_ONLY_SHORT}`,
      fix: `Check that the App Mode switch at the top of the app dashboard says Live. Then prove it: ${NO_ROLE_PROOF.send} ${NO_ROLE_PROOF.cannotMatch} ${NO_ROLE_PROOF.byName}`,
    };
  },
};

export const APP_CHECKS = [appWebhook, appFields, appCallback, appPermissions, appReviewSettings, appMode];
