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

/** How to get a user token to start from, for every refusal that needs a new one. */
export const USER_TOKEN_HOWTO =
  'Get a user token in Graph API Explorer (developers.facebook.com/tools/explorer): choose your app under Meta App, "Get User Token", tick pages_show_list, pages_messaging and pages_manage_metadata, Generate Access Token, and pick the page when Facebook asks; the person must have full control of the page.';

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
    throw new TokenRefused(`The user token is not valid: ${user.error?.explanation ?? 'Meta refused it.'}`, USER_TOKEN_HOWTO);
  }
  if (user.type === 'PAGE') {
    throw new TokenRefused(
      `The token given as the user token is a PAGE token${user.pageId ? ` (of page ${user.pageId})` : ''}: fb3cx token exchange starts from the user token of a person who manages the page.`,
      `${USER_TOKEN_HOWTO} To see what a page token is and when it ends, run fb3cx token inspect.`,
    );
  }
  if (user.type !== 'USER') {
    throw new TokenRefused(`The token given as the user token is ${user.type ? `an ${user.type} token` : 'not a user token'}.`, USER_TOKEN_HOWTO);
  }
  if (user.appId !== appId) {
    throw new TokenRefused(
      `The user token belongs to app ${user.appId ?? '(unknown)'}${user.application ? ` ("${user.application}")` : ''}, not to app ${appId}: only the app that issued a token can exchange it.`,
      `In Graph API Explorer, choose app ${appId} under Meta App before generating the token. ${USER_TOKEN_HOWTO}`,
    );
  }
}

export async function exchangePageToken(graph: GraphCaller, input: ExchangeInput): Promise<ExchangeOutcome> {
  const app = { appId: input.appId, appSecret: input.appSecret };
  const [given, before] = await Promise.all([
    inspect(graph, { ...app, inputToken: input.userToken, operation: 'Inspecting the user token (debug_token)' }, input.nowMs),
    input.currentPageToken === undefined
      ? Promise.resolve(undefined)
      : inspect(graph, { ...app, inputToken: input.currentPageToken, operation: 'Inspecting the current page token (debug_token)' }, input.nowMs).then(
          (facts) => ({ facts }),
          (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
        ),
  ]);
  if (before && 'error' in before && before.error instanceof AppCredentialsError) throw before.error;
  refuseUnusable(given, input.appId);

  const longLived = await exchangeForLongLivedUserToken(graph, { ...app, userToken: input.userToken });
  const longToken = longLived.access_token;
  if (longToken === undefined) throw new TokenRefused('Meta answered the exchange without a token.', USER_TOKEN_HOWTO);
  input.onSecret(longToken);

  const pages = await readUserPages(graph, { userToken: longToken });
  for (const { access_token: pageToken } of pages) if (pageToken !== undefined) input.onSecret(pageToken);
  const page = pages.find((candidate) => candidate.id === input.pageId);
  if (!page) {
    const listed = pages.map((candidate) => `${candidate.name ?? '(no name)'} (${candidate.id})`).join(', ');
    throw new TokenRefused(
      `Page ${input.pageId} is not among the pages of the person whose user token this is${listed ? `; their pages: ${listed}` : ' (Meta listed no pages)'}.`,
      `Check the Page ID, or use the user token of a person with full control of page ${input.pageId}, and pick that page when Facebook asks which pages the app may use. ${USER_TOKEN_HOWTO}`,
    );
  }
  if (page.access_token === undefined) {
    throw new TokenRefused(
      `Meta listed page ${input.pageId} but gave no page token for it: the person's role on the page does not allow it, or pages_show_list was not granted.`,
      `Have a person with full control of the page make the user token. ${USER_TOKEN_HOWTO}`,
    );
  }
  const after = await inspect(graph, { ...app, inputToken: page.access_token, operation: 'Inspecting the new page token (debug_token)' }, input.nowMs);
  if (!after.valid || after.type !== 'PAGE' || (after.pageId !== undefined && after.pageId !== input.pageId)) {
    throw new TokenRefused(
      `Meta's new token for page ${input.pageId} is not a valid page token of that page (debug_token: ${after.valid ? `${after.type ?? 'unknown'} token${after.pageId ? ` of page ${after.pageId}` : ''}` : 'not valid'}).`,
      'Run fb3cx token exchange again with a new user token; if it persists, generate the page token in Messenger API Settings instead.',
    );
  }
  return {
    pageId: input.pageId,
    pageName: page.name,
    tasks: page.tasks ?? [],
    userToken: { given, longLivedExpires: longLived.expires_in === undefined ? undefined : tokenFacts({ expires_at: Math.floor(input.nowMs / 1000) + longLived.expires_in }, input.nowMs).expires },
    before: before && 'facts' in before ? before.facts : undefined,
    beforeNote:
      input.currentPageToken === undefined
        ? 'no page token was set before'
        : before && 'error' in before
          ? `the current page token could not be inspected: ${before.error.message}`
          : undefined,
    after,
    newPageToken: page.access_token,
  };
}
