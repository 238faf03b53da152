import { failedRead } from '../facts.js';
import { missingFields, REQUIRED_FIELDS } from '../fields.js';
import type { CheckDefinition } from '../types.js';

const SUBSCRIBE_FIX = 'Run "fb3cx subscribe" (it subscribes the page to the six fields), or re-save the page in the 3CX Facebook settings.';

export const pageInfo: CheckDefinition = {
  id: 'page.info',
  title: 'Page is readable',
  async run(env) {
    const page = await env.facts.page();
    if (!page.ok) {
      return failedRead(page.error);
    }
    const name = page.value.name ?? '(no name)';
    const link = page.value.link ? ` ${page.value.link}` : '';
    if (page.value.is_published === false) {
      return { status: 'warn', detail: `"${name}" is not published: visitors cannot find or message it`, fix: 'Publish the page in its settings (Page visibility).' };
    }
    return { status: 'pass', detail: `"${name}"${link}` };
  },
};

export const pageSubscription: CheckDefinition = {
  id: 'page.subscription',
  title: 'App is subscribed to the page',
  async run(env) {
    const [apps, page] = await Promise.all([env.facts.subscribedApps(), env.facts.page()]);
    if (!apps.ok) {
      return failedRead(apps.error);
    }
    // The page's own word on whether the token's app gets its webhooks. Only Meta's SDK names the
    // field, so subscribed_apps stays the judge and the field is reported beside it.
    const flag = page.ok ? page.value.is_webhooks_subscribed : undefined;
    const pageSays =
      flag === undefined
        ? page.ok
          ? '; Meta did not report is_webhooks_subscribed, so this is judged by subscribed_apps alone'
          : ''
        : `; the page reports is_webhooks_subscribed: ${flag}`;
    const list = apps.value;
    const names = list.map((app) => `${app.name ?? '?'} (${app.id})`).join(', ');
    const ours = env.inputs.appId === undefined ? undefined : list.some((app) => app.id === env.inputs.appId);
    if (flag === false && (ours === true || (ours === undefined && list.length > 0))) {
      return {
        status: 'warn',
        detail: `${ours ? `app ${env.inputs.appId ?? ''} is listed in subscribed_apps` : `${list.length} app(s) listed in subscribed_apps: ${names}`}, but the page reports is_webhooks_subscribed: false for the token's app`,
        fix: `${SUBSCRIBE_FIX} Then check the app's webhook (fb3cx verify app.webhook): Meta delivers only fields subscribed on both the page and the app.`,
      };
    }
    if (!env.inputs.appId) {
      if (list.length === 0) return { status: 'fail', detail: `no app is subscribed to the page, so Meta delivers no messages${pageSays}`, fix: SUBSCRIBE_FIX };
      return { status: 'pass', detail: `${list.length} app(s) subscribed: ${names} (give the App ID to check that one is yours)${pageSays}` };
    }
    if (ours) return { status: 'pass', detail: `app ${env.inputs.appId} is subscribed${pageSays}` };
    return {
      status: 'fail',
      detail: `${list.length === 0 ? 'no app is subscribed to the page, so Meta delivers no messages' : `app ${env.inputs.appId} is not subscribed; subscribed: ${names}`}${pageSays}`,
      fix: SUBSCRIBE_FIX,
    };
  },
};

export const pageFields: CheckDefinition = {
  id: 'page.fields',
  title: 'Page subscription has the six fields',
  async run(env) {
    const apps = await env.facts.subscribedApps();
    if (!apps.ok) return { status: 'skip', detail: 'the subscribed apps could not be read (see page.subscription)' };
    const ours = env.inputs.appId ? apps.value.find((app) => app.id === env.inputs.appId) : apps.value.length === 1 ? apps.value[0] : undefined;
    if (!ours) return { status: 'skip', detail: env.inputs.appId ? 'the app is not subscribed (see page.subscription)' : 'give the App ID to know which subscription is yours' };
    const missing = missingFields(ours.subscribed_fields ?? []);
    if (missing.length === 0) return { status: 'pass', detail: `all ${REQUIRED_FIELDS.length}: ${REQUIRED_FIELDS.join(', ')}` };
    return { status: 'fail', detail: `missing ${missing.join(', ')}`, fix: SUBSCRIBE_FIX };
  },
};

export const pageOtherApps: CheckDefinition = {
  id: 'page.other-apps',
  title: 'No other app competes for the messages',
  async run(env) {
    const apps = await env.facts.subscribedApps();
    if (!apps.ok) return { status: 'skip', detail: 'the subscribed apps could not be read (see page.subscription)' };
    if (!env.inputs.appId) return { status: 'skip', detail: 'give the App ID to tell your app from others' };
    const others = apps.value.filter((app) => app.id !== env.inputs.appId);
    if (others.length === 0) return { status: 'pass', detail: 'only your app is subscribed' };
    return {
      status: 'warn',
      detail: `also subscribed: ${others.map((app) => `${app.name ?? '?'} (${app.id})`).join(', ')}; with the handover protocol the Primary Receiver owns the conversations`,
      fix: 'In the page settings (Advanced messaging > Messenger Platform) make your 3CX app the Primary Receiver, or remove apps you no longer use.',
    };
  },
};

export const PAGE_CHECKS = [pageInfo, pageSubscription, pageFields, pageOtherApps];
