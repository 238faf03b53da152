/**
 * What a token is and what will end it, read from debug_token. Sources: shared reference
 * meta-2026.md ("Tokens") and graph-api-facts.md §1.1 and §7.2. Where Meta documents nothing
 * (the app secret reset, lapsed data access), the words say so and how to check by hand.
 */
import { explainGraphError } from '../graph/explain.js';
import type { DebugTokenData } from '../graph/messenger.js';

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

/** "2026-12-25", the date of a moment. */
export function dateOf(moment: When): string {
  return moment.iso.slice(0, 10);
}

/** "in 3 days", "in 1 hour", "2 days ago": hours within the last day, since a short-lived token has only one or two. */
export function daysFromNow(moment: When): string {
  const seconds = Math.abs(moment.secondsLeft);
  const amount = seconds < DAY_MS / 1000 ? plural(Math.max(1, Math.ceil(seconds / 3600)), 'hour') : plural(Math.abs(moment.days), 'day');
  return moment.secondsLeft >= 0 ? `in ${amount}` : `${amount} ago`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** What ends a token of this kind besides its own expiry date. */
export function invalidations(type: string | undefined, expires: When | undefined): Invalidation[] {
  const expiry: Invalidation[] = expires ? [{ event: `it expires on ${dateOf(expires)}`, certainty: 'documented' }] : [];
  const person: Invalidation[] = [
    { event: 'the person who made it changes their Facebook password (error 190/460)', certainty: 'documented' },
    { event: 'that person removes the app from their Facebook settings, or logs out of the session (190/458, 190/467)', certainty: 'documented' },
    { event: 'Facebook locks that account for a security check (190/459)', certainty: 'documented' },
  ];
  const secretReset: Invalidation = {
    event: 'the app secret is reset (App Settings > Basic): whether that ends page and user tokens is not documented; run fb3cx token inspect after a reset to see',
    certainty: 'not documented',
  };
  switch (type) {
    case 'PAGE':
      return [...expiry, ...person, { event: 'that person loses their role on the page (190/492)', certainty: 'documented' }, secretReset];
    case 'USER':
      return [...expiry, ...person, secretReset];
    case 'APP':
      return [{ event: 'the app secret is reset: an app token is the App ID and the secret', certainty: 'documented' }];
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
    error: valid ? undefined : { code, subcode, message: data.error?.message, explanation: known?.explanation ?? 'Meta says the token is not valid.', fix: known?.fix },
    invalidatedBy: invalidations(data.type, expires),
  };
}

/**
 * What is known about data access, as one sentence. Meta documents that data access lapses 90
 * days after the person last renewed their consent; it does not document whether Messenger
 * delivery to 3CX stops then for a page token, so nothing here predicts an outage.
 */
export function dataAccessNote(moment: When | undefined): string {
  if (!moment) return 'Meta reported no data-access date for this token.';
  const lapsed = moment.secondsLeft < 0;
  return `Data access ${lapsed ? 'lapsed' : 'lasts until'} ${dateOf(moment)} (${daysFromNow(moment)}). Meta does not document whether Messenger delivery stops when a page token's data access lapses; renewing it is what fb3cx token exchange does with a fresh user token from the same person. To check by hand after that date, send the page a message and see it arrive in 3CX.`;
}

/** The sentence for the token's expiry: "never expires", "expires on 2026-12-25 (in 3 days)". */
export function expiryPhrase(expires: When | undefined): string {
  if (!expires) return 'never expires';
  return expires.secondsLeft < 0 ? `expired on ${dateOf(expires)}` : `expires on ${dateOf(expires)} (${daysFromNow(expires)})`;
}
