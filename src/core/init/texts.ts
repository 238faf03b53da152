/**
 * What each stage tells the person: where to click and what to paste. The sentences live in the
 * catalogues (src/i18n/locales/<language>/init.json); these functions pick and fill them, so the
 * screens can be read (and tested) without running the wizard.
 */
import { t } from '../../i18n/index.js';
import { REQUIRED_FIELDS } from '../verify/fields.js';
import { appCreationSteps, USE_CASE_NAME, type AppFlow } from '../meta-portal.js';
import { messengerSettingsUrl } from './app-webhook.js';

export const APPS_URL = 'https://developers.facebook.com/apps/';

export function appReviewPageUrl(appId: string | undefined): string {
  return appId ? `https://developers.facebook.com/apps/${encodeURIComponent(appId)}/app-review/permissions/` : APPS_URL;
}

export function basicSettingsUrl(appId: string | undefined): string {
  return appId ? `https://developers.facebook.com/apps/${encodeURIComponent(appId)}/settings/basic/` : APPS_URL;
}

/** The question stage 1 asks first: the clicks depend on which app-creation screens Meta shows. */
export function appFlowQuestion(): string {
  return t('init.token.appFlowQuestion');
}

export type AppFlowChoice = AppFlow | 'not-sure';

export function appFlowChoices(): Array<{ value: AppFlowChoice; name: string }> {
  return [
    { value: 'use-case', name: t('init.token.flowUseCase', { useCase: USE_CASE_NAME }) },
    { value: 'business', name: t('init.token.flowBusiness') },
    { value: 'not-sure', name: t('init.token.flowNotSure') },
  ];
}

/** `flow` undefined: nobody was asked (--yes), so both ways are shown. */
export function stage1Intro(appId: string | undefined, flow: AppFlowChoice | undefined): string[] {
  return [
    t('init.token.intro'),
    ...appCreationSteps(flow === 'use-case' || flow === 'business' ? flow : 'both'),
    t('init.token.appIdWhere'),
    '',
    t('init.token.yourApps', { url: APPS_URL }),
    ...(appId ? [t('init.token.messengerSettings', { url: messengerSettingsUrl(appId) })] : []),
  ];
}

export function appSecretNote(): string[] {
  return t('init.token.secretNote').split('\n');
}

export function stage2Intro(pageId: string, pageName: string | undefined): string[] {
  return [
    ...t('init.pbx.intro').split('\n'),
    pageName ? t('init.pbx.pastePageName', { pageId, pageName }) : t('init.pbx.pastePage', { pageId }),
    ...t('init.pbx.outro').split('\n'),
  ];
}

/** Said once stage 2's webhook check is done (read at run time, in the chosen language). */
export function testExtensionReminder(): string[] {
  return t('init.pbx.testExtension').split('\n');
}

/**
 * The same lines for stage-3cx.ts, which spreads this constant: the catalogue is read each time
 * it is spread, never at module load (the language is chosen after the modules load).
 */
export const TEST_EXTENSION_REMINDER: Iterable<string> = {
  [Symbol.iterator]: () => testExtensionReminder()[Symbol.iterator](),
};

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
  return [t('init.webhook.intro', { count: REQUIRED_FIELDS.length })];
}

export function appWebhook2200Note(): string {
  return t('init.webhook.note2200');
}

export function stage4Intro(): string[] {
  return t('init.review.intro').split('\n');
}

export function screenRecordingNote(folder: string): string[] {
  return t('init.review.screencast', { folder }).split('\n');
}

export function goLiveSteps(appId: string | undefined): string[] {
  return t('init.review.goLive', { url: appId ? `https://developers.facebook.com/apps/${appId}/` : APPS_URL }).split('\n');
}

/** The yes/no the wizard offers for opening pages: yes only where a browser is likely. */
export function browserLikely(env: NodeJS.ProcessEnv, platform: string): boolean {
  if (env.SSH_CONNECTION || env.SSH_TTY) return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
