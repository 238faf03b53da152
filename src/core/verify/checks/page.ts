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
    const apps = await env.facts.subscribedApps();
    if (!apps.ok) {
      return failedRead(apps.error);
    }
    const list = apps.value;
    const names = list.map((app) => `${app.name ?? '?'} (${app.id})`).join(', ');
    if (!env.inputs.appId) {
      if (list.length === 0) return { status: 'fail', detail: 'no app is subscribed to the page, so Meta delivers no messages', fix: SUBSCRIBE_FIX };
      return { status: 'pass', detail: `${list.length} app(s) subscribed: ${names} (give the App ID to check that one is yours)` };
    }
    if (list.some((app) => app.id === env.inputs.appId)) return { status: 'pass', detail: `app ${env.inputs.appId} is subscribed` };
    return {
      status: 'fail',
      detail: list.length === 0 ? 'no app is subscribed to the page, so Meta delivers no messages' : `app ${env.inputs.appId} is not subscribed; subscribed: ${names}`,
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
