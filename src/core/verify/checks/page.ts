import { t } from '../../../i18n/index.js';
import { failedRead } from '../facts.js';
import { missingFields, REQUIRED_FIELDS } from '../fields.js';
import type { CheckDefinition, CheckOutcome } from '../types.js';

function appsUnreadable(): CheckOutcome {
  return { status: 'skip', code: 'subscriptions_unreadable', detail: t('checks.page.appsUnreadable') };
}

function needAppId(detail: string): CheckOutcome {
  return { status: 'skip', code: 'app_id_needed', detail };
}

export const pageInfo: CheckDefinition = {
  id: 'page.info',
  get title() {
    return t('checks.page.info.title');
  },
  async run(env) {
    const page = await env.facts.page();
    if (!page.ok) {
      return failedRead(page.error);
    }
    const name = page.value.name ?? t('checks.page.info.noName');
    const link = page.value.link ? ` ${page.value.link}` : '';
    if (page.value.is_published === false) {
      return { status: 'warn', code: 'page_unpublished', detail: t('checks.page.info.unpublished', { name }), fix: t('checks.page.info.unpublishedFix') };
    }
    // The page's name and address are data: no sentence to translate.
    return { status: 'pass', code: 'page_readable', detail: `"${name}"${link}` };
  },
};

export const pageSubscription: CheckDefinition = {
  id: 'page.subscription',
  get title() {
    return t('checks.page.subscription.title');
  },
  async run(env) {
    const [apps, page] = await Promise.all([env.facts.subscribedApps(), env.facts.page()]);
    if (!apps.ok) {
      return failedRead(apps.error);
    }
    // The page's own word on whether the token's app gets its webhooks. Only Meta's SDK names the
    // field, so subscribed_apps stays the judge and the field is reported beside it.
    const flag = page.ok ? page.value.is_webhooks_subscribed : undefined;
    const pageSays = flag === undefined ? (page.ok ? t('checks.page.subscription.flagMissing') : undefined) : t('checks.page.subscription.flag', { flag: String(flag) });
    const withPage = (finding: string) => (pageSays === undefined ? finding : t('checks.join.clauses', { first: finding, second: pageSays }));
    const list = apps.value;
    const names = list.map((app) => `${app.name ?? '?'} (${app.id})`).join(t('checks.join.comma'));
    const appId = env.inputs.appId;
    const ours = appId === undefined ? undefined : list.some((app) => app.id === appId);
    const subscribeFix = t('checks.page.subscribeFix');
    if (flag === false && (ours === true || (ours === undefined && list.length > 0))) {
      return {
        status: 'warn',
        code: 'webhooks_not_subscribed',
        detail: ours ? t('checks.page.subscription.oursFlagFalse', { appId: appId ?? '' }) : t('checks.page.subscription.listedFlagFalse', { n: list.length, names }),
        fix: t('checks.page.subscription.flagFalseFix'),
      };
    }
    if (!appId) {
      if (list.length === 0) return { status: 'fail', code: 'no_app_subscribed', detail: withPage(t('checks.page.subscription.none')), fix: subscribeFix };
      return { status: 'pass', code: 'apps_subscribed', detail: withPage(t('checks.page.subscription.some', { n: list.length, names })) };
    }
    if (ours) return { status: 'pass', code: 'app_subscribed', detail: withPage(t('checks.page.subscription.ours', { appId })) };
    if (list.length === 0) return { status: 'fail', code: 'no_app_subscribed', detail: withPage(t('checks.page.subscription.none')), fix: subscribeFix };
    return { status: 'fail', code: 'app_not_subscribed', detail: withPage(t('checks.page.subscription.notOurs', { appId, names })), fix: subscribeFix };
  },
};

export const pageFields: CheckDefinition = {
  id: 'page.fields',
  get title() {
    return t('checks.page.fields.title');
  },
  async run(env) {
    const apps = await env.facts.subscribedApps();
    if (!apps.ok) return appsUnreadable();
    const ours = env.inputs.appId ? apps.value.find((app) => app.id === env.inputs.appId) : apps.value.length === 1 ? apps.value[0] : undefined;
    if (!ours) {
      return env.inputs.appId
        ? { status: 'skip', code: 'app_not_subscribed', detail: t('checks.page.fields.notSubscribed') }
        : needAppId(t('checks.page.fields.needAppId'));
    }
    const missing = missingFields(ours.subscribed_fields ?? []);
    if (missing.length === 0) return { status: 'pass', code: 'fields_complete', detail: t('checks.page.fields.all', { n: REQUIRED_FIELDS.length, fields: REQUIRED_FIELDS.join(t('checks.join.comma')) }) };
    return { status: 'fail', code: 'fields_missing', detail: t('checks.page.fields.missing', { fields: missing.join(t('checks.join.comma')) }), fix: t('checks.page.subscribeFix') };
  },
};

export const pageOtherApps: CheckDefinition = {
  id: 'page.other-apps',
  get title() {
    return t('checks.page.otherApps.title');
  },
  async run(env) {
    const apps = await env.facts.subscribedApps();
    if (!apps.ok) return appsUnreadable();
    if (!env.inputs.appId) return needAppId(t('checks.page.otherApps.needAppId'));
    const others = apps.value.filter((app) => app.id !== env.inputs.appId);
    if (others.length === 0) return { status: 'pass', code: 'no_other_apps', detail: t('checks.page.otherApps.none') };
    return {
      status: 'warn',
      code: 'other_apps',
      detail: t('checks.page.otherApps.others', { apps: others.map((app) => `${app.name ?? '?'} (${app.id})`).join(t('checks.join.comma')) }),
      fix: t('checks.page.otherApps.othersFix'),
    };
  },
};

export const PAGE_CHECKS = [pageInfo, pageSubscription, pageFields, pageOtherApps];
