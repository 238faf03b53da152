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
import { t } from '../i18n/index.js';

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

/** The values still missing, one line each; `hint` says why they are needed (debug_token needs the app token). */
function missingValues(session: Session, command: string, keys: readonly SettingKey[], hint: string): UsageError {
  const missing = keys.filter((key) => session.settings.values[key] === undefined);
  return new UsageError(t('token.error.missing', { command, count: missing.length, lines: missing.map((key) => `  ${howToGiveLine(key)}`).join('\n') }), hint);
}

export const tokenInspect: ResultCommand<TokenInspectOptions, TokenInspectResult, TokenInspectJson> = {
  kind: 'result',
  present: tokenInspectPresenter,
  async run(ctx, options) {
    const session = await ctx.session({ options, keys: ['pageId', 'pageToken', 'appId', 'appSecret', ...GRAPH_KEYS], askFor: ['pageToken', 'appId', 'appSecret'] });
    try {
      const { pageToken, appId, appSecret, pageId } = session.settings.values;
      if (pageToken === undefined || appId === undefined || appSecret === undefined) throw missingValues(session, 'token inspect', ['pageToken', 'appId', 'appSecret'], t('token.error.missingInspectHint'));
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
  if (options.printToken && options.json) throw new UsageError(t('token.error.printTokenJson'));
  if (options.printToken && ctx.out.stdout.isTTY === true) {
    throw new UsageError(t('token.error.printTokenTerminal'), t('token.error.printTokenTerminalHint'));
  }
  const session = await ctx.session({
    options,
    keys: ['pageId', 'pageToken', 'appId', 'appSecret', 'userToken', ...GRAPH_KEYS],
    askFor: ['pageId', 'appId', 'appSecret', 'userToken'],
  });
  try {
    const { pageId, appId, appSecret, userToken, pageToken } = session.settings.values;
    if (pageId === undefined || appId === undefined || appSecret === undefined || userToken === undefined) {
      throw missingValues(session, 'token exchange', ['pageId', 'appId', 'appSecret', 'userToken'], t('token.error.missingExchangeHint'));
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
  if (!save && ctx.prompt.interactive) save = await ctx.prompt.confirm({ message: t('token.save.confirm', { profile: name }), default: true });
  if (!save) {
    return {
      savedIn: undefined,
      saveNote: ctx.prompt.interactive ? t('token.save.declined', { profile: name }) : t('token.save.giveSave', { profile: name }),
    };
  }
  const store = await session.configStore();
  const existing = store.getProfile(name) ?? {};
  if (existing.pageId !== undefined && existing.pageId !== pageId) {
    return { savedIn: undefined, saveNote: t('token.save.otherPage', { profile: name, savedPageId: existing.pageId, pageId }) };
  }
  store.saveProfile(name, { ...existing, pageId, pageToken: newPageToken });
  return { savedIn: name, saveNote: existing.pageToken !== undefined ? t('token.save.replaced', { profile: name }) : t('token.save.saved', { profile: name }) };
}
