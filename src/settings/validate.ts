/**
 * Validators by purpose. Each returns why a value is refused, as a reason code, or undefined when
 * the value is usable. The sentence is one catalogue message per reason, chosen in one place
 * (settingProblem in schema.ts), so every command refuses the same value with the same words in
 * every language.
 */
import { webClientUrlFromHost } from '../core/review/urls.js';
import { parseLanguage } from '../i18n/languages.js';
import { isWellFormedVersion } from '../graph/versions.js';

/** Why a value is refused; each has its sentence in settings.json (`settings.problem.<reason>`). */
export type Reason =
  | 'language'
  | 'placeholder'
  | 'singleLine'
  | 'numericId'
  | 'notUrl'
  | 'httpsOnly'
  | 'httpOnly'
  | 'credentialsInUrl'
  | 'spaces'
  | 'extension'
  | 'graphVersion'
  | 'tooLong'
  | 'notBareHost'
  | 'badHost';

export type Validator = (value: string) => Reason | undefined;

export const NUMERIC_ID = /^\d{5,25}$/;

/** A language fb3cx speaks (`en`, `zh-CN`), or a locale name that means one. */
export const language: Validator = (value) => (parseLanguage(value) === undefined ? 'language' : undefined);

/** Nothing fb3cx writes into a text may look like a template placeholder. */
function placeholderProblem(value: string): Reason | undefined {
  return value.includes('{{') || value.includes('}}') ? 'placeholder' : undefined;
}

function singleLineProblem(value: string): Reason | undefined {
  return /[\r\n]/.test(value) ? 'singleLine' : undefined;
}

/** An ID from Meta's dashboard (page, app, person). */
export const numericId: Validator = (value) => (NUMERIC_ID.test(value) ? undefined : 'numericId');

/** Parses a URL a person gave; the one place that decides which schemes are acceptable. */
function urlProblem(value: string, schemes: readonly string[], schemeReason: Reason): Reason | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'notUrl';
  }
  if (!schemes.includes(url.protocol)) return schemeReason;
  if (url.username || url.password) return 'credentialsInUrl';
  return placeholderProblem(value);
}

/** Where Meta delivers to: HTTPS only. */
export const httpsUrl: Validator = (value) => urlProblem(value, ['https:'], 'httpsOnly');

/** A page people (or fb3cx) open: http is accepted, and warned about where it matters. */
export const httpUrl: Validator = (value) => urlProblem(value, ['https:', 'http:'], 'httpOnly');

/** For options that only need yes or no, such as listen --forward-to and trigger --url. */
export function isHttpUrl(value: string): boolean {
  return httpUrl(value) === undefined;
}

/** A token or secret pasted from a dashboard: one piece, no spaces or line breaks inside. */
export const token: Validator = (value) => (/\s/.test(value) ? 'spaces' : undefined);

export const extensionNumber: Validator = (value) => (/^\d{1,12}$/.test(value) ? undefined : 'extension');

export const graphVersion: Validator = (value) => (isWellFormedVersion(value) ? undefined : 'graphVersion');

/** A short name shown in the App Review texts. */
export const shortText: Validator = (value) =>
  singleLineProblem(value) ?? placeholderProblem(value) ?? (value.length > 200 ? 'tooLong' : undefined);

/** A secret that appears in the App Review texts (the test password). */
export const secretText: Validator = (value) => singleLineProblem(value) ?? placeholderProblem(value);

/** A bare host name, turned into the web client URL the 3CX manual shows. */
export const hostName: Validator = (value) => {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes('/')) return 'notBareHost';
  return 'problem' in webClientUrlFromHost(value) ? 'badHost' : undefined;
};
