/**
 * Validators by purpose. Each returns the reason a value is refused, as the end of a sentence
 * that names the setting ("must be 5 to 25 digits"), or undefined when the value is usable. The
 * sentence itself is built in one place (settingProblem in schema.ts), so every command refuses
 * the same value with the same words.
 */
import { webClientUrlFromHost } from '../core/review/urls.js';
import { LANGUAGES, parseLanguage } from '../i18n/languages.js';
import { isWellFormedVersion } from '../graph/versions.js';

export type Validator = (value: string) => string | undefined;

export const NUMERIC_ID = /^\d{5,25}$/;

/** A language fb3cx speaks (`en`, `zh-CN`), or a locale name that means one. */
export const language: Validator = (value) => (parseLanguage(value) === undefined ? `must be one of ${LANGUAGES.join(', ')}` : undefined);

/** Nothing fb3cx writes into a text may look like a template placeholder. */
function placeholderProblem(value: string): string | undefined {
  return value.includes('{{') || value.includes('}}') ? 'must not contain "{{" or "}}"' : undefined;
}

function singleLineProblem(value: string): string | undefined {
  return /[\r\n]/.test(value) ? 'must be a single line' : undefined;
}

/** An ID from Meta's dashboard (page, app, person). */
export const numericId: Validator = (value) => (NUMERIC_ID.test(value) ? undefined : "must be 5 to 25 digits, as shown in Meta's dashboard");

/** Parses a URL a person gave; the one place that decides which schemes are acceptable. */
function urlProblem(value: string, schemes: readonly string[], schemeReason: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL (write it in full, starting with https://)';
  }
  if (!schemes.includes(url.protocol)) return schemeReason;
  if (url.username || url.password) return 'must not contain a user name or password';
  return placeholderProblem(value);
}

/** Where Meta delivers to: HTTPS only. */
export const httpsUrl: Validator = (value) => urlProblem(value, ['https:'], 'must start with https:// (Meta only talks to HTTPS)');

/** A page people (or fb3cx) open: http is accepted, and warned about where it matters. */
export const httpUrl: Validator = (value) => urlProblem(value, ['https:', 'http:'], 'must start with https:// or http://');

/** For options that only need yes or no, such as listen --forward-to and trigger --url. */
export function isHttpUrl(value: string): boolean {
  return httpUrl(value) === undefined;
}

/** A token or secret pasted from a dashboard: one piece, no spaces or line breaks inside. */
export const token: Validator = (value) => (/\s/.test(value) ? 'contains spaces or line breaks inside it; paste it again as one piece' : undefined);

export const extensionNumber: Validator = (value) => (/^\d{1,12}$/.test(value) ? undefined : 'must be the extension number (digits only)');

export const graphVersion: Validator = (value) => (isWellFormedVersion(value) ? undefined : 'must look like v25.0');

/** A short name shown in the App Review texts. */
export const shortText: Validator = (value) =>
  singleLineProblem(value) ?? placeholderProblem(value) ?? (value.length > 200 ? 'is longer than 200 characters; use the short name people know' : undefined);

/** A secret that appears in the App Review texts (the test password). */
export const secretText: Validator = (value) => singleLineProblem(value) ?? placeholderProblem(value);

/** A bare host name, turned into the web client URL the 3CX manual shows. */
export const hostName: Validator = (value) => {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.includes('/')) return 'must be a bare host name such as pbx.example.com (give a full URL with --web-client-url instead)';
  return 'problem' in webClientUrlFromHost(value) ? 'is not a valid host name' : undefined;
};
