import { explainGraphError } from '../../../graph/explain.js';
import type { DebugTokenData } from '../../../graph/messenger.js';
import { t } from '../../../i18n/index.js';
import { dataAccessNote, dateOf, daysFromNow, SOON_DAYS, tokenFacts, type When } from '../../token.js';
import { AppCredentialsError, describeFailure, failedRead, graphCode, type Fetched } from '../facts.js';
import type { CheckDefinition, CheckOutcome, VerifyEnv } from '../types.js';

export const REQUIRED_SCOPES = ['pages_messaging', 'pages_manage_metadata'] as const;

/** One or both of the two required scopes, as a phrase: "pages_messaging and pages_manage_metadata". */
function scopePhrase(scopes: readonly string[]): string {
  const [first = '', second] = scopes;
  return second === undefined ? first : t('checks.join.and', { first, second });
}

/** The skip of every check that only debug_token can answer, when the app is not known. */
export function needsAppCredentials(): CheckOutcome {
  return { status: 'skip', code: 'needs_app_credentials', detail: t('checks.needsApp') };
}

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
  const explanation = known?.explanation ?? t('checks.token.invalid');
  const detail = code !== undefined ? t('checks.token.invalidWithCode', { explanation, code: `${code}${subcode !== undefined ? `/${subcode}` : ''}` }) : explanation;
  return { status: 'fail', code: 'token_invalid', detail, fix: known?.fix ?? t('checks.token.fix') };
}

/** Returns the debug data of a valid token, or the outcome to report instead. */
async function validDebugData(env: VerifyEnv): Promise<DebugTokenData | CheckOutcome | undefined> {
  const debug = await inspect(env);
  if (!debug) return undefined;
  if (!debug.ok) {
    const { detail, fix, unreachable } = describeFailure(debug.error);
    if (debug.error instanceof AppCredentialsError) return { status: 'skip', code: 'app_credentials_refused', detail: t('checks.token.debugAppRefused') };
    return { status: unreachable ? 'fail' : 'skip', code: 'debug_token_failed', detail: t('checks.token.debugFailed', { detail }), fix, unreachable };
  }
  if (debug.value.is_valid !== true) return { status: 'skip', code: 'token_not_valid', detail: t('checks.token.notValid') };
  return debug.value;
}

/** For the checks that only debug_token can answer: its data, or a skip when the app is not known. */
async function appDebugData(env: VerifyEnv): Promise<DebugTokenData | CheckOutcome> {
  return (await validDebugData(env)) ?? needsAppCredentials();
}

function isOutcome(value: unknown): value is CheckOutcome {
  return typeof value === 'object' && value !== null && 'status' in value && 'detail' in value;
}

function notAccepted(): CheckOutcome {
  return { status: 'skip', code: 'token_not_accepted', detail: t('checks.token.notAccepted') };
}

export const tokenValid: CheckDefinition = {
  id: 'token.valid',
  get title() {
    return t('checks.token.valid.title');
  },
  async run(env) {
    const debug = await inspect(env);
    if (debug?.ok) {
      return debug.value.is_valid === true ? { status: 'pass', code: 'token_accepted', detail: t('checks.token.valid.inspected') } : invalidToken(debug.value);
    }
    const me = await env.facts.me();
    if (me.ok) {
      if (debug && !debug.ok && debug.error instanceof AppCredentialsError) {
        const problem = `${debug.error.message.charAt(0).toLowerCase()}${debug.error.message.slice(1)}`;
        return { status: 'warn', code: 'app_credentials_refused', detail: t('checks.token.valid.appRefused', { problem }), fix: debug.error.hint };
      }
      const name = me.value.name ?? me.value.id;
      const detail = debug && !debug.ok ? t('checks.token.valid.meDebugFailed', { name, detail: describeFailure(debug.error).detail }) : t('checks.token.valid.me', { name });
      return { status: 'pass', code: 'token_accepted', detail };
    }
    return failedRead(me.error);
  },
};

export const tokenType: CheckDefinition = {
  id: 'token.type',
  get title() {
    return t('checks.token.type.title');
  },
  async run(env) {
    const data = await validDebugData(env);
    if (isOutcome(data)) return data;
    if (data) {
      if (data.type === 'PAGE') return { status: 'pass', code: 'page_token', detail: t('checks.token.type.page') };
      return {
        status: 'fail',
        code: 'not_page_token',
        detail: t('checks.token.type.notPage', { type: data.type ?? t('checks.token.type.unknownType') }),
        fix: t('checks.token.pageTokenFix'),
      };
    }
    const me = await env.facts.me();
    if (!me.ok) return notAccepted();
    if (me.value.id === env.inputs.pageId) return { status: 'pass', code: 'page_token', detail: t('checks.token.type.pageByMe') };
    const apps = await env.facts.subscribedApps();
    if (!apps.ok && graphCode(apps.error).code === 210) {
      return { status: 'fail', code: 'user_token', detail: t('checks.token.type.user', { name: me.value.name ?? me.value.id }), fix: t('checks.token.pageTokenFix') };
    }
    return {
      status: 'warn',
      code: 'token_type_unknown',
      detail: t('checks.token.type.unsure', { name: me.value.name ?? '?', id: me.value.id ?? '?' }),
      fix: t('checks.token.type.unsureFix'),
    };
  },
};

export const tokenPage: CheckDefinition = {
  id: 'token.page',
  get title() {
    return t('checks.token.page.title');
  },
  async run(env) {
    const data = await validDebugData(env);
    if (isOutcome(data)) return data;
    const pageId = env.inputs.pageId;
    if (data) {
      if (data.type !== 'PAGE') {
        const targets = data.granular_scopes?.find((g) => g.scope === 'pages_messaging')?.target_ids;
        const covers = targets === undefined || targets.includes(pageId);
        return { status: 'skip', code: 'not_page_token', detail: covers ? t('checks.token.page.notPageCovers', { pageId }) : t('checks.token.page.notPage') };
      }
      if (data.profile_id === pageId) return { status: 'pass', code: 'token_for_page', detail: t('checks.token.page.issued', { pageId }) };
      return {
        status: 'fail',
        code: 'token_for_other_page',
        detail: t('checks.token.page.other', { other: data.profile_id ?? t('checks.token.page.unknownPage'), pageId }),
        fix: t('checks.token.page.otherFix', { pageId }),
      };
    }
    const me = await env.facts.me();
    if (!me.ok) return notAccepted();
    if (me.value.id === pageId) return { status: 'pass', code: 'token_for_page', detail: t('checks.token.page.meIsPage', { pageId, name: me.value.name ?? '' }) };
    return {
      status: 'fail',
      code: 'token_for_other_page',
      detail: t('checks.token.page.speaksForOther', { name: me.value.name ?? '?', id: me.value.id ?? '?', pageId }),
      fix: t('checks.token.page.speaksForOtherFix', { pageId }),
    };
  },
};

export const tokenApp: CheckDefinition = {
  id: 'token.app',
  get title() {
    return t('checks.token.app.title');
  },
  async run(env) {
    const data = await appDebugData(env);
    if (isOutcome(data)) return data;
    const appId = env.inputs.appId;
    const name = data.application;
    if (String(data.app_id) === appId) {
      return { status: 'pass', code: 'token_from_app', detail: name ? t('checks.token.app.issuedNamed', { appId, name }) : t('checks.token.app.issued', { appId }) };
    }
    const other = String(data.app_id);
    return {
      status: 'fail',
      code: 'token_from_other_app',
      detail: name ? t('checks.token.app.otherNamed', { other, name, appId }) : t('checks.token.app.other', { other, appId }),
      fix: t('checks.token.app.otherFix'),
    };
  },
};

/** The finding about the token's own expiry, followed by its data access when Meta reported it. */
function withAccess(finding: string, access: When | undefined): string {
  if (!access) return finding;
  const values = { date: dateOf(access), relative: daysFromNow(access) };
  const note = access.secondsLeft < 0 ? t('checks.token.expiry.accessLapsed', values) : t('checks.token.expiry.accessUntil', values);
  return t('checks.join.clauses', { first: finding, second: note });
}

export const tokenExpiry: CheckDefinition = {
  id: 'token.expiry',
  get title() {
    return t('checks.token.expiry.title');
  },
  async run(env) {
    const data = await appDebugData(env);
    if (isOutcome(data)) return data;
    const now = env.now();
    const facts = tokenFacts(data, now);
    const access = facts.dataAccessExpires;
    const expires = facts.expires;
    if (!expires) {
      const detail = withAccess(t('checks.token.expiry.never'), access);
      // Meta documents the 90-day data access, not what its end does to Messenger delivery: a warning with the date, no predicted outage.
      if (access && access.days < (env.inputs.expiryWarnDays ?? SOON_DAYS)) return { status: 'warn', code: 'data_access_expiring', detail, fix: dataAccessNote(access) };
      return { status: 'pass', code: 'never_expires', detail };
    }
    const date = dateOf(expires);
    const fix = t('checks.token.expiry.fix');
    if (expires.secondsLeft < 0) return { status: 'fail', code: 'token_expired', detail: withAccess(t('checks.token.expiry.expired', { date }), access), fix };
    const relative = daysFromNow(expires);
    if (expires.days <= 7) return { status: 'fail', code: 'token_expiring', detail: withAccess(t('checks.token.expiry.expiresSoon', { date, relative }), access), fix };
    return { status: 'warn', code: 'token_expires', detail: withAccess(t('checks.token.expiry.expires', { date, relative }), access), fix };
  },
};

export const tokenScopes: CheckDefinition = {
  id: 'token.scopes',
  get title() {
    return t('checks.token.scopes.title');
  },
  async run(env) {
    const data = await appDebugData(env);
    if (isOutcome(data)) return data;
    const scopes = data.scopes ?? [];
    const missing = REQUIRED_SCOPES.filter((scope) => !scopes.includes(scope));
    const fix = t('checks.token.scopes.fix');
    if (missing.length > 0) return { status: 'fail', code: 'scopes_missing', detail: t('checks.token.scopes.missing', { scopes: scopePhrase(missing) }), fix };
    const notForPage = REQUIRED_SCOPES.filter((scope) => {
      const targets = data.granular_scopes?.find((g) => g.scope === scope)?.target_ids;
      return targets !== undefined && !targets.includes(env.inputs.pageId);
    });
    if (notForPage.length > 0) return { status: 'fail', code: 'scopes_not_for_page', detail: t('checks.token.scopes.notForPage', { scopes: scopePhrase(notForPage), pageId: env.inputs.pageId }), fix };
    return { status: 'pass', code: 'scopes_granted', detail: REQUIRED_SCOPES.join(t('checks.join.comma')) };
  },
};

export const TOKEN_CHECKS = [tokenValid, tokenType, tokenPage, tokenApp, tokenExpiry, tokenScopes];
