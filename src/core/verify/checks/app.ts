import { subscriptionFieldNames, type AppSubscriptionData, type PermissionData } from '../../../graph/messenger.js';
import { t } from '../../../i18n/index.js';
import { failedRead, type Fetched } from '../facts.js';
import { missingFields, REQUIRED_FIELDS, sameUrl } from '../fields.js';
import type { CheckDefinition, CheckOutcome, VerifyEnv } from '../types.js';
import { evaluateSettings, settingsNote, type SettingsCheck, type SettingsCheckId } from '../../review/settings-check.js';

function needsAppToken(): CheckOutcome {
  return { status: 'skip', code: 'needs_app_credentials', detail: t('checks.needsAppToken') };
}

/** Where the webhook is set in Meta's dashboard; its labels stay English in every language. */
function webhookSteps(): string {
  return t('checks.app.webhookSteps', { settings: t('checks.app.messengerSettings') });
}

async function pageSubscriptionOf(env: VerifyEnv): Promise<{ outcome: CheckOutcome } | { sub: AppSubscriptionData | undefined }> {
  if (!env.facts.hasAppCredentials) return { outcome: needsAppToken() };
  const subs = await env.facts.appSubscriptions();
  if (!subs.ok) {
    return { outcome: failedRead(subs.error) };
  }
  return { sub: subs.value.find((s) => s.object === 'page') };
}

/** For the checks that read the app webhook after app.webhook did: its page subscription, or a skip. */
function pageWebhook(found: { outcome: CheckOutcome } | { sub: AppSubscriptionData | undefined }): { skip: CheckOutcome } | { sub: AppSubscriptionData } {
  if ('outcome' in found) return { skip: found.outcome.status === 'skip' ? found.outcome : { status: 'skip', code: 'app_webhook_unreadable', detail: t('checks.app.webhookUnreadable') } };
  if (!found.sub) return { skip: { status: 'skip', code: 'no_page_webhook', detail: t('checks.app.noWebhook') } };
  return { sub: found.sub };
}

export const appWebhook: CheckDefinition = {
  id: 'app.webhook',
  get title() {
    return t('checks.app.webhook.title');
  },
  async run(env) {
    const found = await pageSubscriptionOf(env);
    if ('outcome' in found) return found.outcome;
    if (!found.sub) return { status: 'fail', code: 'no_page_webhook', detail: t('checks.app.webhook.none'), fix: t('checks.app.webhook.noneFix', { steps: webhookSteps() }) };
    if (found.sub.active === false) {
      return {
        status: 'fail',
        code: 'webhook_inactive',
        detail: t('checks.app.webhook.inactive'),
        fix: t('checks.app.webhook.inactiveFix', { steps: webhookSteps() }),
      };
    }
    return { status: 'pass', code: 'webhook_active', detail: t('checks.app.webhook.active') };
  },
};

export const appFields: CheckDefinition = {
  id: 'app.fields',
  get title() {
    return t('checks.app.fields.title');
  },
  async run(env) {
    const found = pageWebhook(await pageSubscriptionOf(env));
    if ('skip' in found) return found.skip;
    const missing = missingFields(subscriptionFieldNames(found.sub.fields));
    if (missing.length === 0) return { status: 'pass', code: 'fields_complete', detail: t('checks.app.fields.all', { n: REQUIRED_FIELDS.length }) };
    return {
      status: 'fail',
      code: 'fields_missing',
      detail: t('checks.app.fields.missing', { fields: missing.join(t('checks.join.comma')) }),
      fix: t('checks.app.fields.missingFix', { settings: t('checks.app.messengerSettings') }),
    };
  },
};

export const appCallback: CheckDefinition = {
  id: 'app.callback',
  get title() {
    return t('checks.app.callback.title');
  },
  async run(env) {
    const found = pageWebhook(await pageSubscriptionOf(env));
    if ('skip' in found) return found.skip;
    const callback = found.sub.callback_url ?? t('checks.app.callback.none');
    const url = env.inputs.webhookUrl;
    if (!url) return { status: 'skip', code: 'webhook_url_needed', detail: t('checks.app.callback.needUrl', { callback }) };
    if (sameUrl(callback, url)) return { status: 'pass', code: 'callback_matches', detail: callback };
    const tunnel = /ngrok|trycloudflare|loca\.lt|localhost\.run|serveo/i.test(callback);
    // Meta delivers every event to the callback and nowhere else: 3CX receives nothing. That is
    // an outage, and a nightly verify must go red for it.
    return {
      status: 'fail',
      code: 'callback_elsewhere',
      detail: tunnel ? t('checks.app.callback.elsewhereTunnel', { callback, url }) : t('checks.app.callback.elsewhere', { callback, url }),
      fix: t('checks.app.callback.elsewhereFix', { steps: webhookSteps() }),
    };
  },
};

async function permissionList(env: VerifyEnv): Promise<Fetched<PermissionData[]> | undefined> {
  return env.facts.hasAppCredentials ? env.facts.appPermissions() : undefined;
}

export const appPermissions: CheckDefinition = {
  id: 'app.permissions',
  get title() {
    return t('checks.app.permissions.title');
  },
  async run(env) {
    const perms = await permissionList(env);
    if (!perms) return needsAppToken();
    if (!perms.ok) {
      return failedRead(perms.error);
    }
    const entry = perms.value.find((p) => p.permission === 'pages_messaging');
    if (!entry) {
      return {
        status: 'warn',
        code: 'permission_not_listed',
        detail: t('checks.app.permissions.notListed'),
        fix: t('checks.app.permissions.notListedFix'),
      };
    }
    if (entry.status === 'live') return { status: 'pass', code: 'advanced_access', detail: t('checks.app.permissions.live') };
    // Meta's list knows only "live" and "unapproved": anything but live is Standard Access at best.
    return { status: 'fail', code: 'standard_access_only', detail: t('checks.app.permissions.standardOnly', { status: entry.status }), fix: t('checks.app.permissions.fix') };
  },
};

function reviewLabel(id: SettingsCheckId): string {
  switch (id) {
    case 'website':
      return t('checks.app.reviewSettings.label.website');
    case 'icon':
      return t('checks.app.reviewSettings.label.icon');
    case 'privacyPolicy':
      return t('checks.app.reviewSettings.label.privacyPolicy');
    case 'category':
      return t('checks.app.reviewSettings.label.category');
    case 'businessVerification':
      return t('checks.app.reviewSettings.label.businessVerification');
  }
}

/** The App Review settings, judged by the same rules as review-text's checklist. */
async function reviewSettingsToDo(env: VerifyEnv): Promise<{ outcome: CheckOutcome } | { todo: SettingsCheck[] }> {
  if (!env.facts.hasAppCredentials) return { outcome: needsAppToken() };
  const app = await env.facts.app();
  if (!app.ok) return { outcome: failedRead(app.error) };
  const checks = evaluateSettings({ kind: 'read', app: app.value }, { webClientUrl: env.inputs.webClientUrl });
  return { todo: checks.filter((check) => check.status === 'todo') };
}

export const appReviewSettings: CheckDefinition = {
  id: 'app.review-settings',
  get title() {
    return t('checks.app.reviewSettings.title');
  },
  async run(env) {
    const result = await reviewSettingsToDo(env);
    if ('outcome' in result) return result.outcome;
    if (result.todo.length === 0) {
      return { status: 'pass', code: 'review_settings_complete', detail: t('checks.app.reviewSettings.complete') };
    }
    const items = result.todo.map((check) => {
      const note = settingsNote(check);
      return note ? t('checks.app.reviewSettings.item', { label: reviewLabel(check.id), detail: note }) : reviewLabel(check.id);
    });
    return {
      status: 'warn',
      code: 'review_settings_todo',
      detail: t('checks.app.reviewSettings.todo', { items: items.join(t('checks.join.semicolon')) }),
      fix: t('checks.app.reviewSettings.todoFix'),
    };
  },
};

export const appMode: CheckDefinition = {
  id: 'app.mode',
  get title() {
    return t('checks.app.mode.title');
  },
  async run(env) {
    if (!env.facts.hasAppCredentials) return needsAppToken();
    const [perms, review] = await Promise.all([permissionList(env), reviewSettingsToDo(env)]);
    const evidence: string[] = [];
    if (perms?.ok) {
      const status = perms.value.find((p) => p.permission === 'pages_messaging')?.status;
      evidence.push(status ? t('checks.app.mode.permission', { status }) : t('checks.app.mode.permissionNotListed'));
    } else {
      evidence.push(t('checks.app.mode.permissionsUnreadable'));
    }
    if ('todo' in review) evidence.push(review.todo.length === 0 ? t('checks.app.mode.reviewComplete') : t('checks.app.mode.reviewTodo', { count: review.todo.length }));
    // Meta's API has no field for the mode, so no answer can pass or fail this: a person looks.
    return {
      status: 'manual',
      code: 'check_app_mode',
      detail: t('checks.app.mode.unknown', { evidence: evidence.join(t('checks.join.comma')) }),
      fix: t('checks.app.mode.fix'),
    };
  },
};

export const APP_CHECKS = [appWebhook, appFields, appCallback, appPermissions, appReviewSettings, appMode];
