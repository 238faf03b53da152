import type { AppContext, GlobalOptions } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { tokenFacts } from '../core/token.js';
import { exchangePageToken } from '../core/token-exchange.js';
import { AppCredentialsError } from '../core/verify/facts.js';
import { GraphApiError } from '../graph/errors.js';
import { debugToken } from '../graph/messenger.js';
import { SANDBOX_PROFILE, type Session } from '../session.js';
import { howToGiveLine, type SettingKey } from '../settings/schema.js';
import {
  exchangeOk,
  inspectOk,
  tokenExchangePresenter,
  tokenInspectPresenter,
  type TokenExchangeJson,
  type TokenExchangeResult,
  type TokenInspectJson,
  type TokenInspectResult,
} from './present/token.js';
import type { Outcome, ResultCommand } from './types.js';

export interface TokenInspectOptions {
  pageId?: string;
  appId?: string;
  pageTokenStdin?: boolean;
  appSecretStdin?: boolean;
}

export interface TokenExchangeOptions {
  pageId?: string;
  appId?: string;
  appSecretStdin?: boolean;
  userTokenStdin?: boolean;
  save?: boolean;
  printToken?: boolean;
}

const GRAPH_KEYS: readonly SettingKey[] = ['graphUrl', 'graphVersion'];

/** debug_token is the one call that says when a token ends, and it needs the app token. */
const WHY_APP = 'debug_token, the one call that says when a token expires, needs the app token made of the App ID and the app secret (App Settings > Basic).';

function missingValues(session: Session, command: string, keys: readonly SettingKey[], why: string): UsageError {
  const missing = keys.filter((key) => session.settings.values[key] === undefined);
  return new UsageError(
    `fb3cx ${command} needs ${missing.length === 1 ? 'one more value' : `${missing.length} more values`}:\n${missing.map((key) => `  ${howToGiveLine(key)}`).join('\n')}`,
    `${why} Or rehearse with fb3cx ${command} --sandbox short-lived-token.`,
  );
}

export const tokenInspect: ResultCommand<TokenInspectOptions, TokenInspectResult, TokenInspectJson> = {
  kind: 'result',
  present: tokenInspectPresenter,
  async run(ctx, options) {
    const session = await ctx.session({ options, keys: ['pageId', 'pageToken', 'appId', 'appSecret', ...GRAPH_KEYS], askFor: ['pageToken', 'appId', 'appSecret'] });
    try {
      const { pageToken, appId, appSecret, pageId } = session.settings.values;
      if (pageToken === undefined || appId === undefined || appSecret === undefined) throw missingValues(session, 'token inspect', ['pageToken', 'appId', 'appSecret'], WHY_APP);
      const graph = await session.graph();
      const data = await debugToken(graph, { appId, appSecret, inputToken: pageToken }).catch((error: unknown) => {
        if (error instanceof GraphApiError && (error.graphCode === 190 || error.graphCode === 101)) throw new AppCredentialsError(error);
        throw error;
      });
      const result: TokenInspectResult = { facts: tokenFacts(data, ctx.clock.now()), pageId, appId };
      return { result, exitCode: inspectOk(result) ? ExitCode.ok : ExitCode.checkFailed };
    } finally {
      await session.close();
    }
  },
};

export const tokenExchange: ResultCommand<TokenExchangeOptions, TokenExchangeResult, TokenExchangeJson> = {
  kind: 'result',
  present: tokenExchangePresenter,
  run,
};

async function run(ctx: AppContext, options: TokenExchangeOptions & GlobalOptions): Promise<Outcome<TokenExchangeResult>> {
  if (options.printToken && options.json) throw new UsageError('--print-token and --json do not go together: --print-token writes only the token on standard output.');
  if (options.printToken && ctx.out.stdout.isTTY === true) {
    throw new UsageError(
      '--print-token writes the new page token to standard output, which is a terminal here: it would stay on the screen and in its scrollback.',
      'Pipe it to your clipboard instead: fb3cx token exchange --print-token | pbcopy (clip on Windows, wl-copy or xclip on Linux).',
    );
  }
  const session = await ctx.session({
    options,
    keys: ['pageId', 'pageToken', 'appId', 'appSecret', 'userToken', ...GRAPH_KEYS],
    askFor: ['pageId', 'appId', 'appSecret', 'userToken'],
  });
  try {
    const { pageId, appId, appSecret, userToken, pageToken } = session.settings.values;
    if (pageId === undefined || appId === undefined || appSecret === undefined || userToken === undefined) {
      throw missingValues(session, 'token exchange', ['pageId', 'appId', 'appSecret', 'userToken'], `The exchange itself needs the app secret (GET /oauth/access_token), and ${WHY_APP}`);
    }
    const graph = await session.graph();
    const outcome = await exchangePageToken(graph, {
      appId,
      appSecret,
      pageId,
      userToken,
      currentPageToken: pageToken,
      nowMs: ctx.clock.now(),
      onSecret: (value) => ctx.out.secrets.add(value),
    });
    const saved = await offerToSave(ctx, options, session, outcome.pageId, outcome.newPageToken);
    const result: TokenExchangeResult = { outcome, ...saved, printToken: options.printToken ?? false };
    return { result, exitCode: exchangeOk(result) ? ExitCode.ok : ExitCode.checkFailed };
  } finally {
    await session.close();
  }
}

/**
 * Saves the new page token in the profile when asked to (--save, --yes) or when the person says
 * so at a terminal; never silently, and never over another page's token.
 */
async function offerToSave(
  ctx: AppContext,
  options: TokenExchangeOptions & GlobalOptions,
  session: Session,
  pageId: string,
  newPageToken: string,
): Promise<{ savedIn: string | undefined; saveNote: string }> {
  // Under --sandbox, as init does: the rehearsal writes to the "sandbox" profile, never a real one.
  const name = session.sandbox ? (options.profile ?? SANDBOX_PROFILE) : session.profileName;
  let save = options.save === true || options.yes === true;
  if (!save && ctx.prompt.interactive) save = await ctx.prompt.confirm({ message: `Save the new page token in profile "${name}"?`, default: true });
  if (!save) {
    return {
      savedIn: undefined,
      saveNote: ctx.prompt.interactive ? `Not saved in profile "${name}".` : `Not saved: give --save to save it in profile "${name}" (fb3cx asks only at a terminal).`,
    };
  }
  const store = await session.configStore();
  const existing = store.getProfile(name) ?? {};
  if (existing.pageId !== undefined && existing.pageId !== pageId) {
    return { savedIn: undefined, saveNote: `Not saved: profile "${name}" is for page ${existing.pageId}, not page ${pageId}; give --profile <name> to save it in another profile.` };
  }
  store.saveProfile(name, { ...existing, pageId, pageToken: newPageToken });
  return { savedIn: name, saveNote: `Saved in profile "${name}"${existing.pageToken !== undefined ? ', replacing its page token' : ''}.` };
}
