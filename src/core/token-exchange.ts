/**
 * The documented way to a page token that does not expire ("Get long-lived tokens"): exchange the
 * person's user token for a long-lived one (about 60 days) with the app secret, then read the
 * page's token with it from /me/accounts; a page token read with a long-lived user token has no
 * expiry date. debug_token before and after shows what changed.
 */
import { CliError, ExitCode } from '../errors.js';
import { GraphApiError } from '../graph/errors.js';
import { debugToken, exchangeForLongLivedUserToken, readUserPages, type AppCredentials, type GraphCaller } from '../graph/messenger.js';
import { AppCredentialsError } from './verify/facts.js';
import { tokenFacts, type TokenFacts, type When } from './token.js';
import { t } from '../i18n/index.js';


/** The user token or the page cannot give what 3CX needs; nothing was changed. */
export class TokenRefused extends CliError {
  constructor(message: string, hint: string) {
    super(message, { code: 'token_refused', exitCode: ExitCode.checkFailed, hint });
  }
}

export interface ExchangeInput extends AppCredentials {
  pageId: string;
  userToken: string;
  /** The page token in use now, to show its expiry before; optional. */
  currentPageToken: string | undefined;
  nowMs: number;
  /** Every token Meta hands out here is registered before anything is printed. */
  onSecret(value: string): void;
}

export interface ExchangeOutcome {
  pageId: string;
  pageName: string | undefined;
  /** The person's tasks on the page, as /me/accounts lists them. */
  tasks: string[];
  /** The user token given, and when the long-lived one Meta gave for it expires. */
  userToken: { given: TokenFacts; longLivedExpires: When | undefined };
  /** The page token in use before, when one was known and Meta could inspect it. */
  before: TokenFacts | undefined;
  /** Why `before` is missing, in words. */
  beforeNote: string | undefined;
  /** Why `before` is missing, as a stable code beside those words. */
  beforeNoteCode?: 'no_page_token' | 'not_inspected' | undefined;
  after: TokenFacts;
  /** The new page token itself: a secret, for the profile and nothing else. */
  newPageToken: string;
}

/** debug_token with the app token: Meta refusing the app token is the App ID or secret's fault. */
async function inspect(graph: GraphCaller, input: AppCredentials & { inputToken: string; operation: string }, nowMs: number): Promise<TokenFacts> {
  try {
    return tokenFacts(await debugToken(graph, input), nowMs);
  } catch (error) {
    if (error instanceof GraphApiError && (error.graphCode === 190 || error.graphCode === 101)) throw new AppCredentialsError(error);
    throw error;
  }
}

/** Refuses a user token that cannot give this app's page token. */
function refuseUnusable(user: TokenFacts, appId: string): void {
  if (!user.valid) {
    const explanation = user.error?.explanation;
    throw new TokenRefused(explanation !== undefined ? t('token.exchange.userTokenInvalid', { explanation }) : t('token.exchange.userTokenRefused'), t('token.exchange.userTokenHowto'));
  }
  if (user.type === 'PAGE') {
    throw new TokenRefused(
      user.pageId ? t('token.exchange.pageTokenGivenOf', { pageId: user.pageId }) : t('token.exchange.pageTokenGiven'),
      t('token.exchange.pageTokenGivenHint'),
    );
  }
  if (user.type !== 'USER') {
    throw new TokenRefused(user.type ? t('token.exchange.otherTypeGiven', { type: user.type }) : t('token.exchange.notUserToken'), t('token.exchange.userTokenHowto'));
  }
  if (user.appId !== appId) {
    const facts = { tokenAppId: user.appId ?? t('token.inspect.unknown'), appId };
    throw new TokenRefused(
      user.application ? t('token.exchange.otherAppNamed', { ...facts, application: user.application }) : t('token.exchange.otherApp', facts),
      t('token.exchange.otherAppHint', { appId }),
    );
  }
}

export async function exchangePageToken(graph: GraphCaller, input: ExchangeInput): Promise<ExchangeOutcome> {
  const app = { appId: input.appId, appSecret: input.appSecret };
  const [given, before] = await Promise.all([
    inspect(graph, { ...app, inputToken: input.userToken, operation: t('token.exchange.inspectUser') }, input.nowMs),
    input.currentPageToken === undefined
      ? Promise.resolve(undefined)
      : inspect(graph, { ...app, inputToken: input.currentPageToken, operation: t('token.exchange.inspectCurrent') }, input.nowMs).then(
          (facts) => ({ facts }),
          (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
        ),
  ]);
  if (before && 'error' in before && before.error instanceof AppCredentialsError) throw before.error;
  refuseUnusable(given, input.appId);

  const longLived = await exchangeForLongLivedUserToken(graph, { ...app, userToken: input.userToken });
  const longToken = longLived.access_token;
  if (longToken === undefined) throw new TokenRefused(t('token.exchange.noToken'), t('token.exchange.userTokenHowto'));
  input.onSecret(longToken);

  const pages = await readUserPages(graph, { userToken: longToken });
  for (const { access_token: pageToken } of pages) if (pageToken !== undefined) input.onSecret(pageToken);
  const page = pages.find((candidate) => candidate.id === input.pageId);
  if (!page) {
    const listed = pages.map((candidate) => `${candidate.name ?? t('token.exchange.noName')} (${candidate.id})`).join(', ');
    throw new TokenRefused(
      listed ? t('token.exchange.notTheirPage', { pageId: input.pageId, pages: listed }) : t('token.exchange.noPages', { pageId: input.pageId }),
      t('token.exchange.notTheirPageHint', { pageId: input.pageId }),
    );
  }
  if (page.access_token === undefined) {
    throw new TokenRefused(t('token.exchange.noPageToken', { pageId: input.pageId }), t('token.exchange.noPageTokenHint'));
  }
  const after = await inspect(graph, { ...app, inputToken: page.access_token, operation: t('token.exchange.inspectNew') }, input.nowMs);
  if (!after.valid || after.type !== 'PAGE' || (after.pageId !== undefined && after.pageId !== input.pageId)) {
    const type = after.type ?? 'unknown';
    const what = !after.valid ? t('token.exchange.newTokenInvalid') : after.pageId ? t('token.exchange.newTokenOf', { type, pageId: after.pageId }) : t('token.exchange.newTokenTyped', { type });
    throw new TokenRefused(t('token.exchange.badNewToken', { pageId: input.pageId, what }), t('token.exchange.badNewTokenHint'));
  }
  return {
    pageId: input.pageId,
    pageName: page.name,
    tasks: page.tasks ?? [],
    userToken: { given, longLivedExpires: longLived.expires_in === undefined ? undefined : tokenFacts({ expires_at: Math.floor(input.nowMs / 1000) + longLived.expires_in }, input.nowMs).expires },
    before: before && 'facts' in before ? before.facts : undefined,
    ...beforeNoteOf(input.currentPageToken === undefined, before && 'error' in before ? before.error : undefined),
    after,
    newPageToken: page.access_token,
  };
}

/** Why the page token in use before is not shown, in words and as a code. */
function beforeNoteOf(noneSet: boolean, error: Error | undefined): Pick<ExchangeOutcome, 'beforeNote' | 'beforeNoteCode'> {
  if (noneSet) return { beforeNote: t('token.exchange.noTokenBefore'), beforeNoteCode: 'no_page_token' };
  if (error) return { beforeNote: t('token.exchange.beforeNotInspected', { error: error.message }), beforeNoteCode: 'not_inspected' };
  return { beforeNote: undefined, beforeNoteCode: undefined };
}
