/**
 * What a token is and what will end it, read from debug_token. Sources: shared reference
 * meta-2026.md ("Tokens") and graph-api-facts.md §1.1 and §7.2. Where Meta documents nothing
 * (the app secret reset, lapsed data access), the words say so and how to check by hand.
 */
import { explainGraphError } from '../graph/explain.js';
import type { DebugTokenData } from '../graph/messenger.js';
import { formatDate, relativeTime } from '../i18n/format.js';
import { currentLanguage, t } from '../i18n/index.js';

/** The permissions 3CX needs on the page token (the same pair verify's token.scopes checks). */
export const MESSENGER_SCOPES = ['pages_messaging', 'pages_manage_metadata'] as const;

/** Within this many days an end date is close enough to act on now. */
export const SOON_DAYS = 14;

const DAY_MS = 86_400_000;

/** A moment Meta reported, in the forms people and scripts read. */
export interface When {
  /** Unix seconds as Meta sent them. */
  unix: number;
  /** ISO 8601, UTC. */
  iso: string;
  /** Calendar days (UTC) from today to its date; negative once it has passed. */
  days: number;
  /** Seconds from now; negative once it has passed. */
  secondsLeft: number;
}

/** How sure the statement is: Meta's own documentation, or only peers' reports. */
export type Certainty = 'documented' | 'reported' | 'not documented';

export interface Invalidation {
  /** What happens, as a stable code for scripts (--json). */
  code: 'expires' | 'password_changed' | 'app_removed' | 'account_checkpoint' | 'page_role_lost' | 'app_secret_reset';
  /** What happens, in a sentence that completes "The token stops working when ...". */
  event: string;
  certainty: Certainty;
}

export interface TokenFacts {
  valid: boolean;
  /** PAGE, USER, APP (SYSTEM_USER is not confirmed); undefined when Meta does not say. */
  type: string | undefined;
  appId: string | undefined;
  application: string | undefined;
  /** For a page token, the page it speaks for (debug_token's profile_id). */
  pageId: string | undefined;
  /** For user and page tokens, the person who made it (app-scoped ID). */
  userId: string | undefined;
  /** Undefined: it never expires (expires_at 0). */
  expires: When | undefined;
  /** Undefined when Meta did not report it (app tokens). */
  dataAccessExpires: When | undefined;
  issued: When | undefined;
  scopes: string[];
  /** Of MESSENGER_SCOPES, those missing (for page tokens only; others are not for 3CX anyway). */
  missingScopes: string[];
  /** Meta's reason when it is not valid, explained. */
  error: { code: number | undefined; subcode: number | undefined; message: string | undefined; explanation: string; fix: string | undefined } | undefined;
  invalidatedBy: Invalidation[];
}

function when(unix: number | undefined, nowMs: number): When | undefined {
  if (unix === undefined || !Number.isFinite(unix) || unix <= 0) return undefined;
  const msLeft = unix * 1000 - nowMs;
  return { unix, iso: new Date(unix * 1000).toISOString(), days: calendarDays(nowMs, unix * 1000), secondsLeft: Math.round(msLeft / 1000) };
}

/**
 * Days between two moments' UTC dates, as a person counts them beside a date: a token that ends
 * 80 days from now less the second Meta's whole-second timestamps drop is "in 80 days", not 79.
 */
function calendarDays(fromMs: number, toMs: number): number {
  const day = (ms: number) => Math.floor(ms / DAY_MS);
  return day(toMs) - day(fromMs);
}

/** "2026-12-25" (English), "2026年12月25日" (Chinese): the date of a moment. */
export function dateOf(moment: When): string {
  return formatDate(moment.iso);
}

/** "in 3 days", "in 1 hour", "2 days ago": hours within the last day, since a short-lived token has only one or two. */
export function daysFromNow(moment: When): string {
  const seconds = Math.abs(moment.secondsLeft);
  const sign = moment.secondsLeft >= 0 ? 1 : -1;
  const text = seconds < DAY_MS / 1000 ? relativeTime(sign * Math.max(1, Math.ceil(seconds / 3600)), 'hour') : relativeTime(sign * Math.abs(moment.days), 'day');
  return currentLanguage() === 'zh-CN' ? spaceDigits(text) : text;
}

/** Intl writes "3天后"; the glossary puts a space between digits and Chinese: "3 天后". */
function spaceDigits(text: string): string {
  return text.replace(/(\d)(?=[\u4e00-\u9fff])/g, '$1 ').replace(/([\u4e00-\u9fff])(?=\d)/g, '$1 ');
}

/** What ends a token of this kind besides its own expiry date. */
export function invalidations(type: string | undefined, expires: When | undefined): Invalidation[] {
  const expiry: Invalidation[] = expires ? [{ code: 'expires', event: t('checks.tokenFacts.expires', { date: dateOf(expires) }), certainty: 'documented' }] : [];
  const person: Invalidation[] = [
    { code: 'password_changed', event: t('checks.tokenFacts.passwordChanged'), certainty: 'documented' },
    { code: 'app_removed', event: t('checks.tokenFacts.appRemoved'), certainty: 'documented' },
    { code: 'account_checkpoint', event: t('checks.tokenFacts.checkpoint'), certainty: 'documented' },
  ];
  const secretReset: Invalidation = { code: 'app_secret_reset', event: t('checks.tokenFacts.secretReset'), certainty: 'not documented' };
  switch (type) {
    case 'PAGE':
      return [...expiry, ...person, { code: 'page_role_lost', event: t('checks.tokenFacts.roleLost'), certainty: 'documented' }, secretReset];
    case 'USER':
      return [...expiry, ...person, secretReset];
    case 'APP':
      return [{ code: 'app_secret_reset', event: t('checks.tokenFacts.appSecretReset'), certainty: 'documented' }];
    default:
      return [...expiry, secretReset];
  }
}

/** debug_token's answer as facts a person can act on. */
export function tokenFacts(data: DebugTokenData, nowMs: number): TokenFacts {
  const valid = data.is_valid === true;
  const expires = when(data.expires_at, nowMs);
  const scopes = data.scopes ?? [];
  const code = data.error?.code;
  const subcode = data.error?.subcode;
  const known = valid ? undefined : explainGraphError(code ?? 190, subcode);
  return {
    valid,
    type: data.type,
    appId: data.app_id === undefined ? undefined : String(data.app_id),
    application: data.application,
    pageId: data.profile_id,
    userId: data.user_id,
    expires,
    dataAccessExpires: when(data.data_access_expires_at, nowMs),
    issued: when(data.issued_at, nowMs),
    scopes,
    missingScopes: data.type === 'PAGE' && valid ? MESSENGER_SCOPES.filter((scope) => !scopes.includes(scope)) : [],
    error: valid ? undefined : { code, subcode, message: data.error?.message, explanation: known?.explanation ?? t('checks.tokenFacts.notValid'), fix: known?.fix },
    invalidatedBy: invalidations(data.type, expires),
  };
}

/**
 * What is known about data access, as one sentence. Meta documents that data access lapses 90
 * days after the person last renewed their consent; it does not document whether Messenger
 * delivery to 3CX stops then for a page token, so nothing here predicts an outage.
 */
export function dataAccessNote(moment: When | undefined): string {
  if (!moment) return t('checks.tokenFacts.noDataAccess');
  const values = { date: dateOf(moment), relative: daysFromNow(moment) };
  return moment.secondsLeft < 0 ? t('checks.tokenFacts.dataAccessLapsed', values) : t('checks.tokenFacts.dataAccessUntil', values);
}

/** The sentence for the token's expiry: "never expires", "expires on 2026-12-25 (in 3 days)". */
export function expiryPhrase(expires: When | undefined): string {
  if (!expires) return t('checks.token.expiry.never');
  return expires.secondsLeft < 0 ? t('checks.token.expiry.expired', { date: dateOf(expires) }) : t('checks.token.expiry.expires', { date: dateOf(expires), relative: daysFromNow(expires) });
}
