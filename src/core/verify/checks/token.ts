import { explainGraphError } from '../../../graph/explain.js';
import type { DebugTokenData } from '../../../graph/messenger.js';
import { dataAccessNote, dateOf, daysFromNow, SOON_DAYS, tokenFacts } from '../../token.js';
import { AppCredentialsError, describeFailure, failedRead, graphCode, type Fetched } from '../facts.js';
import type { CheckDefinition, CheckOutcome, VerifyEnv } from '../types.js';

const TOKEN_FIX =
  'Generate a new page token: Meta developer portal > your app > Messenger > Messenger API Settings > Access Tokens > Generate token. Paste it into 3CX and into fb3cx.';
const PAGE_TOKEN_FIX =
  'Use the page token from Messenger API Settings > Access Tokens > Generate token (next to the page), not a user token from the Graph API Explorer.';
export const REQUIRED_SCOPES = ['pages_messaging', 'pages_manage_metadata'] as const;

const NEEDS_APP = 'needs the App ID and app secret (debug_token); give FB3CX_APP_ID and FB3CX_APP_SECRET to run it';

/** debug_token when app credentials are known; undefined when they are not. */
async function inspect(env: VerifyEnv): Promise<Fetched<DebugTokenData> | undefined> {
  if (!env.facts.hasAppCredentials) return undefined;
  return env.facts.debugToken();
}

/** The token's own error from debug_token (is_valid false), explained. */
function invalidToken(data: DebugTokenData): CheckOutcome {
  const code = data.error?.code;
  const subcode = data.error?.subcode;
  const known = explainGraphError(code ?? 190, subcode);
  const label = code !== undefined ? ` (#${code}${subcode !== undefined ? `/${subcode}` : ''})` : '';
  return { status: 'fail', detail: `${known?.explanation ?? 'The token is not valid.'}${label}`, fix: known?.fix ?? TOKEN_FIX };
}


/** Returns the debug data of a valid token, or the outcome to report instead. */
async function validDebugData(env: VerifyEnv): Promise<DebugTokenData | CheckOutcome | undefined> {
  const debug = await inspect(env);
  if (!debug) return undefined;
  if (!debug.ok) {
    const { detail, fix, unreachable } = describeFailure(debug.error);
    if (debug.error instanceof AppCredentialsError) return { status: 'skip', detail: 'debug_token could not run: the App ID or app secret was refused (see token.valid)' };
    return { status: unreachable ? 'fail' : 'skip', detail: `debug_token could not run: ${detail}`, fix, unreachable };
  }
  if (debug.value.is_valid !== true) return { status: 'skip', detail: 'the token is not valid (see token.valid)' };
  return debug.value;
}

/** For the checks that only debug_token can answer: its data, or a skip when the app is not known. */
async function appDebugData(env: VerifyEnv): Promise<DebugTokenData | CheckOutcome> {
  return (await validDebugData(env)) ?? { status: 'skip', detail: NEEDS_APP };
}

function isOutcome(value: unknown): value is CheckOutcome {
  return typeof value === 'object' && value !== null && 'status' in value && 'detail' in value;
}

export const tokenValid: CheckDefinition = {
  id: 'token.valid',
  title: 'Page token is accepted',
  async run(env) {
    const debug = await inspect(env);
    if (debug?.ok) {
      return debug.value.is_valid === true ? { status: 'pass', detail: 'accepted (inspected with debug_token)' } : invalidToken(debug.value);
    }
    const me = await env.facts.me();
    if (me.ok) {
      if (debug && !debug.ok && debug.error instanceof AppCredentialsError) {
        return { status: 'warn', detail: `the page token is accepted (GET /me), but ${debug.error.message.charAt(0).toLowerCase()}${debug.error.message.slice(1)}`, fix: debug.error.hint };
      }
      const note = debug && !debug.ok ? `; debug_token failed: ${describeFailure(debug.error).detail}` : '';
      return { status: 'pass', detail: `accepted (GET /me answered as "${me.value.name ?? me.value.id}")${note}` };
    }
    return failedRead(me.error);
  },
};

export const tokenType: CheckDefinition = {
  id: 'token.type',
  title: 'Token is a PAGE token',
  async run(env) {
    const data = await validDebugData(env);
    if (isOutcome(data)) return data;
    if (data) {
      if (data.type === 'PAGE') return { status: 'pass', detail: 'PAGE token' };
      return {
        status: 'fail',
        detail: `this is a ${data.type ?? 'unknown'} token, but 3CX needs a PAGE token`,
        fix: PAGE_TOKEN_FIX,
      };
    }
    const me = await env.facts.me();
    if (!me.ok) return { status: 'skip', detail: 'the token is not accepted (see token.valid)' };
    if (me.value.id === env.inputs.pageId) return { status: 'pass', detail: 'PAGE token (GET /me returned the page itself)' };
    const apps = await env.facts.subscribedApps();
    if (!apps.ok && graphCode(apps.error).code === 210) {
      return { status: 'fail', detail: `a USER token ("${me.value.name ?? me.value.id}"): Meta answered that a Page access token is required`, fix: PAGE_TOKEN_FIX };
    }
    return {
      status: 'warn',
      detail: `GET /me returned "${me.value.name ?? '?'}" (${me.value.id ?? '?'}), not the page; without the app secret fb3cx cannot tell a user token from another page's token`,
      fix: `${PAGE_TOKEN_FIX} Give the app secret for an exact answer.`,
    };
  },
};

export const tokenPage: CheckDefinition = {
  id: 'token.page',
  title: 'Token belongs to the page',
  async run(env) {
    const data = await validDebugData(env);
    if (isOutcome(data)) return data;
    const pageId = env.inputs.pageId;
    if (data) {
      if (data.type !== 'PAGE') {
        const targets = data.granular_scopes?.find((g) => g.scope === 'pages_messaging')?.target_ids;
        const covers = targets === undefined || targets.includes(pageId);
        return { status: 'skip', detail: `not a page token (see token.type)${covers ? `; its pages_messaging grant covers page ${pageId}` : ''}` };
      }
      if (data.profile_id === pageId) return { status: 'pass', detail: `issued for page ${pageId}` };
      return {
        status: 'fail',
        detail: `the token belongs to page ${data.profile_id ?? '(unknown)'}, not to the configured page ${pageId}`,
        fix: `Check the Page ID (shown under the page name in Messenger API Settings) or generate the token for page ${pageId}.`,
      };
    }
    const me = await env.facts.me();
    if (!me.ok) return { status: 'skip', detail: 'the token is not accepted (see token.valid)' };
    if (me.value.id === pageId) return { status: 'pass', detail: `GET /me is page ${pageId} ("${me.value.name ?? ''}")` };
    return {
      status: 'fail',
      detail: `the token speaks for "${me.value.name ?? '?'}" (${me.value.id ?? '?'}), not for the configured page ${pageId}`,
      fix: `Check the Page ID, or generate the page token for page ${pageId}.`,
    };
  },
};

export const tokenApp: CheckDefinition = {
  id: 'token.app',
  title: 'Token was issued by the app',
  async run(env) {
    const data = await appDebugData(env);
    if (isOutcome(data)) return data;
    if (String(data.app_id) === env.inputs.appId) return { status: 'pass', detail: `issued by app ${env.inputs.appId}${data.application ? ` ("${data.application}")` : ''}` };
    return {
      status: 'fail',
      detail: `the token was issued by app ${String(data.app_id)}${data.application ? ` ("${data.application}")` : ''}, not by the configured app ${env.inputs.appId}`,
      fix: "Generate the page token inside the app that 3CX uses (that app's Messenger API Settings), or correct the App ID.",
    };
  },
};

const EXPIRY_FIX =
  "Run fb3cx token exchange: it turns a page admin's user token into a page token that does not expire (the documented exchange) and offers to save it; then paste the new token into 3CX (Admin > Voice & Chat > the Facebook integration). Whether the dashboard's Generate token button always gives a token that does not expire is not known, so fb3cx verify reads expires_at every time.";

export const tokenExpiry: CheckDefinition = {
  id: 'token.expiry',
  title: 'Token does not expire',
  async run(env) {
    const data = await appDebugData(env);
    if (isOutcome(data)) return data;
    const now = env.now();
    const facts = tokenFacts(data, now);
    const access = facts.dataAccessExpires;
    const accessNote = access ? `; data access ${access.secondsLeft < 0 ? 'lapsed on' : 'until'} ${dateOf(access)} (${daysFromNow(access)})` : '';
    const expires = facts.expires;
    if (!expires) {
      // Meta documents the 90-day data access, not what its end does to Messenger delivery: a warning with the date, no predicted outage.
      if (access && access.days < (env.inputs.expiryWarnDays ?? SOON_DAYS)) return { status: 'warn', detail: `never expires${accessNote}`, fix: dataAccessNote(access) };
      return { status: 'pass', detail: `never expires${accessNote}` };
    }
    const when = dateOf(expires);
    if (expires.secondsLeft < 0) return { status: 'fail', detail: `expired on ${when}${accessNote}`, fix: EXPIRY_FIX };
    if (expires.days <= 7) return { status: 'fail', detail: `expires on ${when}, ${daysFromNow(expires)}: 3CX stops receiving messages then${accessNote}`, fix: EXPIRY_FIX };
    return { status: 'warn', detail: `expires on ${when} (${daysFromNow(expires)})${accessNote}`, fix: EXPIRY_FIX };
  },
};

export const tokenScopes: CheckDefinition = {
  id: 'token.scopes',
  title: 'Token has the Messenger permissions',
  async run(env) {
    const data = await appDebugData(env);
    if (isOutcome(data)) return data;
    const scopes = data.scopes ?? [];
    const missing = REQUIRED_SCOPES.filter((scope) => !scopes.includes(scope));
    const fix = 'Generate the page token again and grant pages_messaging and pages_manage_metadata when Facebook asks (the person must have full control of the page).';
    if (missing.length > 0) return { status: 'fail', detail: `missing ${missing.join(' and ')}`, fix };
    const notForPage = REQUIRED_SCOPES.filter((scope) => {
      const targets = data.granular_scopes?.find((g) => g.scope === scope)?.target_ids;
      return targets !== undefined && !targets.includes(env.inputs.pageId);
    });
    if (notForPage.length > 0) return { status: 'fail', detail: `${notForPage.join(' and ')} granted, but not for page ${env.inputs.pageId}`, fix };
    return { status: 'pass', detail: REQUIRED_SCOPES.join(', ') };
  },
};

export const TOKEN_CHECKS = [tokenValid, tokenType, tokenPage, tokenApp, tokenExpiry, tokenScopes];
