/**
 * The App Settings that Meta wants complete before a review, and what the Graph API says about
 * each. The app node exposes privacy_policy_url, icon_url, category, website_url and
 * supported_platforms to an app token; Business Verification has no documented field, so it is
 * always checked by hand.
 */
import { t } from '../../i18n/index.js';
import { hostOf } from '../text.js';

/** The app fields read for the checklist (GET /{app-id}?fields=...). */
export const APP_CHECK_FIELDS = ['privacy_policy_url', 'icon_url', 'category', 'website_url', 'supported_platforms'] as const;

export interface AppSettingsSnapshot {
  privacy_policy_url?: string;
  icon_url?: string;
  category?: string;
  website_url?: string;
  supported_platforms?: string[];
}

/**
 * - done: the Graph API shows it set as needed
 * - todo: the Graph API shows it missing or different
 * - unknown: the app could not be read this time
 * - manual: no app credentials, or the API cannot tell (Business Verification)
 */
export type CheckStatus = 'done' | 'todo' | 'unknown' | 'manual';

export type SettingsCheckId = 'website' | 'icon' | 'privacyPolicy' | 'category' | 'businessVerification';

/** Why a check has its status, as a stable code (the --json `code`) with what fills its sentence. */
export type SettingsNote =
  | { code: 'not_reported' | 'unreadable' | 'no_website_platform' | 'no_site_url' | 'no_icon' | 'no_privacy_url' | 'no_category' }
  | { code: 'website_not_3cx' | 'meta_has'; has: string }
  | { code: 'privacy_differs'; has: string; wanted: string };

export interface SettingsCheck {
  id: SettingsCheckId;
  status: CheckStatus;
  /**
   * What Meta has, or why the status is what it is; one short sentence fragment, in English: it
   * fills the App Review checklist, which stays English for Meta's reviewers.
   */
  detail?: string;
  /** The same for a person, in the chosen language: settingsNote(). */
  note?: SettingsNote;
}

/** What fb3cx knows about the app when it builds the checklist. */
export type AppSettingsEvidence =
  | { kind: 'read'; app: AppSettingsSnapshot }
  | { kind: 'failed' }
  | { kind: 'no-credentials' };

function present(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** `expected.webClientUrl` undefined: the website is only checked for being set, not for its host. */
export function evaluateSettings(evidence: AppSettingsEvidence, expected: { webClientUrl?: string | undefined; privacyUrl?: string | undefined }): SettingsCheck[] {
  const businessVerification: SettingsCheck = {
    id: 'businessVerification',
    status: 'manual',
    detail: 'the Graph API does not report it',
    note: { code: 'not_reported' },
  };
  if (evidence.kind !== 'read') {
    const status: CheckStatus = evidence.kind === 'failed' ? 'unknown' : 'manual';
    const detail = evidence.kind === 'failed' ? 'the app settings could not be read' : undefined;
    const ids: SettingsCheckId[] = ['website', 'icon', 'privacyPolicy', 'category'];
    return [...ids.map((id) => ({ id, status, ...(detail ? { detail, note: { code: 'unreadable' as const } } : {}) })), businessVerification];
  }
  const { app } = evidence;
  const checks: SettingsCheck[] = [];

  const hasWeb = (app.supported_platforms ?? []).some((platform) => platform.toUpperCase() === 'WEB');
  if (!hasWeb || !present(app.website_url)) {
    checks.push(
      hasWeb
        ? { id: 'website', status: 'todo', detail: 'the Website platform has no Site URL', note: { code: 'no_site_url' } }
        : { id: 'website', status: 'todo', detail: 'no Website platform yet', note: { code: 'no_website_platform' } },
    );
  } else if (expected.webClientUrl !== undefined && hostOf(app.website_url) !== hostOf(expected.webClientUrl)) {
    checks.push({ id: 'website', status: 'todo', detail: `Meta has ${app.website_url}, which is not the 3CX host`, note: { code: 'website_not_3cx', has: app.website_url } });
  } else {
    checks.push({ id: 'website', status: 'done', detail: `Meta has ${app.website_url}`, note: { code: 'meta_has', has: app.website_url } });
  }

  checks.push(present(app.icon_url) ? { id: 'icon', status: 'done' } : { id: 'icon', status: 'todo', detail: 'no icon uploaded yet', note: { code: 'no_icon' } });

  if (!present(app.privacy_policy_url)) {
    checks.push({ id: 'privacyPolicy', status: 'todo', detail: 'no privacy policy URL yet', note: { code: 'no_privacy_url' } });
  } else if (expected.privacyUrl && app.privacy_policy_url.trim() !== expected.privacyUrl.trim()) {
    checks.push({ id: 'privacyPolicy', status: 'todo', detail: `Meta has ${app.privacy_policy_url}, not ${expected.privacyUrl}`, note: { code: 'privacy_differs', has: app.privacy_policy_url, wanted: expected.privacyUrl } });
  } else {
    checks.push({ id: 'privacyPolicy', status: 'done', detail: `Meta has ${app.privacy_policy_url}`, note: { code: 'meta_has', has: app.privacy_policy_url } });
  }

  if (!present(app.category)) checks.push({ id: 'category', status: 'todo', detail: 'no category chosen yet', note: { code: 'no_category' } });
  else if (app.category.trim().toLowerCase() !== 'messaging') checks.push({ id: 'category', status: 'todo', detail: `Meta has "${app.category}"`, note: { code: 'meta_has', has: `"${app.category}"` } });
  else checks.push({ id: 'category', status: 'done' });

  checks.push(businessVerification);
  return checks;
}

const STATUS_WORDS: Record<CheckStatus, string> = {
  done: 'done',
  todo: 'to do',
  unknown: 'unknown, check by hand',
  manual: 'check by hand',
};

/** "done (Meta has https://...)", "to do (no icon uploaded yet)", "check by hand". */
export function describeCheck(check: SettingsCheck): string {
  return `${STATUS_WORDS[check.status]}${check.detail ? ` (${check.detail})` : ''}`;
}

/** The note of a check for a person, in the chosen language; undefined when it has none. */
export function settingsNote(check: SettingsCheck): string | undefined {
  const note = check.note;
  if (note === undefined) return undefined;
  switch (note.code) {
    case 'not_reported':
      return t('review.settingsNote.notReported');
    case 'unreadable':
      return t('review.settingsNote.unreadable');
    case 'no_website_platform':
      return t('review.settingsNote.noWebsitePlatform');
    case 'no_site_url':
      return t('review.settingsNote.noSiteUrl');
    case 'no_icon':
      return t('review.settingsNote.noIcon');
    case 'no_privacy_url':
      return t('review.settingsNote.noPrivacyUrl');
    case 'no_category':
      return t('review.settingsNote.noCategory');
    case 'website_not_3cx':
      return t('review.settingsNote.websiteNot3cx', { has: note.has });
    case 'meta_has':
      return t('review.settingsNote.metaHas', { has: note.has });
    case 'privacy_differs':
      return t('review.settingsNote.privacyDiffers', { has: note.has, wanted: note.wanted });
  }
}

/** The template variable that carries each check's status. */
export const CHECK_VARIABLES: Record<SettingsCheckId, 'checkWebsite' | 'checkIcon' | 'checkPrivacyPolicy' | 'checkCategory' | 'checkBusinessVerification'> = {
  website: 'checkWebsite',
  icon: 'checkIcon',
  privacyPolicy: 'checkPrivacyPolicy',
  category: 'checkCategory',
  businessVerification: 'checkBusinessVerification',
};
