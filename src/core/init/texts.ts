/**
 * What each stage tells the person: where to click and what to paste. Kept here as plain
 * strings so the screens can be read (and tested) without running the wizard.
 */
import { t } from '../../i18n/index.js';
import { REQUIRED_FIELDS } from '../verify/fields.js';
import { appCreationSteps, NO_ROLE_PROOF, USE_CASE_NAME, type AppFlow } from '../meta-portal.js';
import { messengerSettingsUrl } from './app-webhook.js';

export const APPS_URL = 'https://developers.facebook.com/apps/';

export function appReviewPageUrl(appId: string | undefined): string {
  return appId ? `https://developers.facebook.com/apps/${encodeURIComponent(appId)}/app-review/permissions/` : APPS_URL;
}

export function basicSettingsUrl(appId: string | undefined): string {
  return appId ? `https://developers.facebook.com/apps/${encodeURIComponent(appId)}/settings/basic/` : APPS_URL;
}

/** The question stage 1 asks first: the clicks depend on which app-creation screens Meta shows. */
export const APP_FLOW_QUESTION = 'Which screen does Meta show after My Apps > Create App?';

export type AppFlowChoice = AppFlow | 'not-sure';

export const APP_FLOW_CHOICES: ReadonlyArray<{ value: AppFlowChoice; name: string }> = [
  { value: 'use-case', name: `A list of use cases, such as "${USE_CASE_NAME}"` },
  { value: 'business', name: '"Other" > "Business" (the screens in 3CX\'s manual)' },
  { value: 'not-sure', name: 'Not sure (show both)' },
];

/** `flow` undefined: nobody was asked (--yes), so both ways are shown. */
export function stage1Intro(appId: string | undefined, flow: AppFlowChoice | undefined): string[] {
  return [
    'In the Meta developer portal:',
    ...appCreationSteps(flow === 'use-case' || flow === 'business' ? flow : 'both'),
    '  The App ID is at the top of the app dashboard.',
    '',
    `  Your apps:          ${APPS_URL}`,
    ...(appId ? [`  Messenger settings: ${messengerSettingsUrl(appId)}`] : []),
  ];
}

export const APP_SECRET_NOTE = [
  'Optional: the app secret (App Settings > Basic > App secret > Show) lets fb3cx check the app too:',
  "token expiry, the app webhook, review settings. It also signs every call (appsecret_proof).",
];

export function stage2Intro(pageId: string, pageName: string | undefined): string[] {
  return [
    'In the 3CX admin console:',
    '  1. Admin > Voice & Chat > Add Facebook. Give it a name.',
    `  2. Paste the Page ID ${pageId}${pageName ? ` (${pageName})` : ''} and the page token you pasted here.`,
    '  3. 3CX shows a Webhook URL: copy it, then click Save.',
    '  The web client URL is where agents log in, usually https://<your 3CX host>:5001/webclient.',
  ];
}

export const TEST_EXTENSION_REMINDER = [
  'For App Review, Meta\'s reviewer needs a way in:',
  '  - create a temporary test user (Admin > Users > Add), note its extension and password;',
  '  - route Facebook messages to it: Admin > Voice & Chat > your Facebook entry > route to that extension.',
];

/**
 * The optional offer at the end of stage 2: 3CX API access for verify's 3CX checks. Getters, so
 * each text is read from the catalogue when shown, in the language chosen at run time.
 */
export const PBX_API = {
  get question(): string {
    return t('init3cx.api.question');
  },
  get later(): string {
    return t('init3cx.api.later');
  },
  get now(): string {
    return t('init3cx.api.now');
  },
  get steps(): string[] {
    return t('init3cx.api.steps').split('\n');
  },
  get sandbox(): string {
    return t('init3cx.api.sandbox');
  },
  saved: (profile: string): string => t('init3cx.api.saved', { profile }),
  get skippedYes(): string {
    return t('init3cx.api.skippedYes');
  },
};

export function stage3Intro(): string[] {
  return [`Meta delivers a message only for fields subscribed on BOTH the page and the app webhook (3CX needs ${REQUIRED_FIELDS.length} fields).`];
}

export const APP_WEBHOOK_2200_NOTE =
  'While fb3cx sets this, Meta calls the callback URL (the 3CX webhook) to check it answers. If 3CX does not answer, Meta refuses with error 2200 and nothing changes.';

export function stage4Intro(): string[] {
  return [
    'Meta must approve the app before people without a role on it can message the page.',
    'fb3cx writes the texts App Review asks for, filled in with your details.',
  ];
}

export function screenRecordingNote(folder: string): string[] {
  return [
    'The screen recording (one video, uploaded to both requests):',
    `  follow ${folder}/screencast.txt shot by shot: log in to the web client as the test extension,`,
    '  send a message to the page from Facebook, show it arriving in 3CX with the sender\'s name, answer it,',
    '  and show the answer arriving in Messenger. No cuts in the middle of the conversation.',
  ];
}

export function goLiveSteps(appId: string | undefined): string[] {
  return [
    'After Meta approves pages_messaging and Business Asset User Profile Access:',
    `  1. Switch App Mode from Development to Live (top of the app dashboard: ${appId ? `https://developers.facebook.com/apps/${appId}/` : APPS_URL}).`,
    '     Until then only people with a role on the app reach the 3CX webhook: it works for you, not for your customers.',
    `  2. Prove it works for everyone: ${NO_ROLE_PROOF.send}`,
    `     ${NO_ROLE_PROOF.cannotMatch}`,
    `     ${NO_ROLE_PROOF.byName}`,
    '  3. Delete the temporary test user and route Facebook messages to the real queue or ring group.',
    '  4. Run "fb3cx verify" (it uses this profile) now and then, or nightly in CI with --json.',
  ];
}

/** The yes/no the wizard offers for opening pages: yes only where a browser is likely. */
export function browserLikely(env: NodeJS.ProcessEnv, platform: string): boolean {
  if (env.SSH_CONNECTION || env.SSH_TTY) return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
