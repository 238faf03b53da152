import { scrubQueryTokens } from '../core/secrets.js';

/**
 * A fleet report never holds a secret: the run puts none in it. The JUnit and HTML files are
 * still passed around (CI artifacts, mail), so text that merely looks like a token is hidden
 * as well, in case a library's error message carried one into a check's detail. The patterns
 * are Meta's shapes: access tokens start with EAA, an app token is `appId|secret`, an app
 * secret is 32 hex digits.
 */
const ACCESS_TOKEN = /\bEAA[A-Za-z0-9]{16,}/g;
const APP_TOKEN = /\b(\d{5,20})\|[A-Za-z0-9_-]{8,}/g;
const APP_SECRET = /\b[0-9a-f]{32}\b/g;

export const HIDDEN = '[hidden]';

export function scrubTokenShapes(text: string): string {
  return scrubQueryTokens(text).replace(ACCESS_TOKEN, `EAA…${HIDDEN}`).replace(APP_TOKEN, `$1|${HIDDEN}`).replace(APP_SECRET, HIDDEN);
}
