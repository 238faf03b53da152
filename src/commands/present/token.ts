import { dataAccessNote, dateOf, daysFromNow, expiryPhrase, SOON_DAYS, type Invalidation, type TokenFacts, type When } from '../../core/token.js';
import type { ExchangeOutcome } from '../../core/token-exchange.js';
import type { HumanLine, Presenter, Screen } from '../types.js';

/** Where the page token goes in 3CX, for every reminder. */
export const PASTE_INTO_3CX = 'Paste the new page token into 3CX: Admin > Voice & Chat > the Facebook integration, then save it there.';

/** One token as --json shows it: Meta's unix seconds (0 = never) beside ISO dates. */
export interface TokenJson {
  valid: boolean;
  type: string | null;
  appId: string | null;
  application: string | null;
  pageId: string | null;
  userId: string | null;
  /** Unix seconds; 0 = never expires (as debug_token says it). */
  expiresAt: number;
  expires: string | null;
  /** Unix seconds; null when Meta reported none. */
  dataAccessExpiresAt: number | null;
  dataAccessExpires: string | null;
  issuedAt: number | null;
  scopes: string[];
  missingScopes: string[];
  error: { code: number | null; subcode: number | null; message: string | null; explanation: string; fix: string | null } | null;
  invalidatedBy: Invalidation[];
}

export function tokenJson(facts: TokenFacts): TokenJson {
  return {
    valid: facts.valid,
    type: facts.type ?? null,
    appId: facts.appId ?? null,
    application: facts.application ?? null,
    pageId: facts.pageId ?? null,
    userId: facts.userId ?? null,
    expiresAt: facts.expires?.unix ?? 0,
    expires: facts.expires?.iso ?? null,
    dataAccessExpiresAt: facts.dataAccessExpires?.unix ?? null,
    dataAccessExpires: facts.dataAccessExpires?.iso ?? null,
    issuedAt: facts.issued?.unix ?? null,
    scopes: facts.scopes,
    missingScopes: facts.missingScopes,
    error: facts.error
      ? { code: facts.error.code ?? null, subcode: facts.error.subcode ?? null, message: facts.error.message ?? null, explanation: facts.error.explanation, fix: facts.error.fix ?? null }
      : null,
    invalidatedBy: facts.invalidatedBy,
  };
}

function dataAccessPhrase(moment: When | undefined): string {
  if (!moment) return 'not reported';
  return `${moment.secondsLeft < 0 ? 'lapsed on' : 'until'} ${dateOf(moment)} (${daysFromNow(moment)})`;
}

function soon(moment: When | undefined): boolean {
  return moment !== undefined && moment.days < SOON_DAYS;
}

// ------------------------------------------------------------------ inspect

export interface TokenInspectResult {
  facts: TokenFacts;
  /** The configured page and app, when known, to compare with what Meta says. */
  pageId: string | undefined;
  appId: string;
}

export interface TokenInspectJson {
  schemaVersion: 1;
  /** The token is valid, a PAGE token of the configured page and app, and does not expire. */
  ok: boolean;
  token: TokenJson;
  /** What needs attention, one sentence each (the same lines the text shows). */
  warnings: string[];
}

/** What needs attention about this token for 3CX, one sentence each; data access is reported, not counted as a problem. */
export function inspectWarnings(result: TokenInspectResult): string[] {
  return [...inspectProblems(result), ...(result.facts.valid && soon(result.facts.dataAccessExpires) ? [dataAccessNote(result.facts.dataAccessExpires)] : [])];
}

/** What stops this token from serving 3CX for good: not valid, not this page's, missing scopes, an expiry date. */
export function inspectProblems(result: TokenInspectResult): string[] {
  const { facts, pageId, appId } = result;
  if (!facts.valid) return [`Meta says the token is not valid: ${facts.error?.explanation ?? ''}`.trim()];
  const warnings: string[] = [];
  if (facts.type !== 'PAGE') warnings.push(`This is a ${facts.type ?? 'token of unknown type'}${facts.type ? ' token' : ''}; 3CX needs a PAGE token.`);
  if (facts.type === 'PAGE' && pageId !== undefined && facts.pageId !== undefined && facts.pageId !== pageId) warnings.push(`It is the token of page ${facts.pageId}, not of the configured page ${pageId}.`);
  if (facts.appId !== undefined && facts.appId !== appId) warnings.push(`It was issued by app ${facts.appId}, not by the configured app ${appId}.`);
  if (facts.missingScopes.length > 0) warnings.push(`It lacks ${facts.missingScopes.join(' and ')}, which 3CX needs.`);
  if (facts.expires) warnings.push(`It ${expiryPhrase(facts.expires)}; 3CX stops receiving messages then. fb3cx token exchange gets a page token that does not expire.`);
  return warnings;
}

export function inspectOk(result: TokenInspectResult): boolean {
  return result.facts.valid && inspectProblems(result).length === 0;
}

function typeLine(facts: TokenFacts): string {
  return facts.type === 'PAGE' ? `Page token of page ${facts.pageId ?? '(unknown)'}` : `${facts.type ?? 'Unknown'} token`;
}

function row(label: string, value: string): string {
  return `  ${label.padEnd(12)}${value}`;
}

function invalidationLines(list: Invalidation[], s: Screen['style']): string[] {
  return list.map((item) => `    - ${item.event}${item.certainty === 'reported' ? s.dim(' (reported, not documented by Meta)') : ''}`);
}

export const tokenInspectPresenter: Presenter<TokenInspectResult, TokenInspectJson> = {
  json: (result) => ({ schemaVersion: 1, ok: inspectOk(result), token: tokenJson(result.facts), warnings: inspectWarnings(result) }),
  human: (result, { style: s }) => {
    const { facts } = result;
    const lines: HumanLine[] = [`${typeLine(facts)}${facts.valid ? '' : ` ${s.red('(not valid)')}`}`];
    lines.push(row('type', facts.type ?? '(not reported)'));
    if (facts.pageId !== undefined) lines.push(row('page', facts.pageId));
    lines.push(row('app', `${facts.appId ?? '(not reported)'}${facts.application ? ` ("${facts.application}")` : ''}`));
    if (facts.userId !== undefined) lines.push(row('made by', `user ${facts.userId} (app-scoped ID)`));
    if (facts.issued) lines.push(row('issued', dateOf(facts.issued)));
    lines.push(row('expires', facts.expires ? expiryPhrase(facts.expires).replace(/^expires on /, '') : 'never (expires_at 0)'));
    lines.push(row('data access', dataAccessPhrase(facts.dataAccessExpires)));
    lines.push(row('scopes', facts.scopes.length > 0 ? facts.scopes.join(', ') : s.dim('(none)')));
    if (facts.error) lines.push(row('error', `${facts.error.explanation}${facts.error.code !== undefined ? ` (#${facts.error.code}${facts.error.subcode !== undefined ? `/${facts.error.subcode}` : ''})` : ''}`));
    if (facts.valid) lines.push('  It stops working when', ...invalidationLines(facts.invalidatedBy, s));
    const warnings = inspectWarnings(result);
    if (inspectOk(result)) lines.push(`  ${s.green('✔')} a page token 3CX can keep using`);
    for (const warning of warnings) lines.push({ stderr: `! ${warning}` });
    if (!facts.valid && facts.error?.fix) lines.push({ stderr: `  Fix: ${facts.error.fix}` });
    return lines;
  },
};

// ------------------------------------------------------------------ exchange

export interface TokenExchangeResult {
  outcome: ExchangeOutcome;
  /** The profile the new token was saved in; undefined when it was not saved. */
  savedIn: string | undefined;
  /** Why it was not saved, or how it was. */
  saveNote: string;
  /** --print-token: the token alone on stdout, everything else on stderr. */
  printToken: boolean;
}

export interface TokenExchangeJson {
  schemaVersion: 1;
  /** The new page token is valid and does not expire. */
  ok: boolean;
  pageId: string;
  pageName: string | null;
  tasks: string[];
  before: TokenJson | null;
  beforeNote: string | null;
  after: TokenJson;
  /** The long-lived user token's expiry (unix seconds), as the exchange reported it; it is not kept. */
  userTokenExpiresAt: number | null;
  saved: boolean;
  profile: string | null;
  next: string[];
}

export function exchangeOk(result: TokenExchangeResult): boolean {
  return result.outcome.after.valid && result.outcome.after.expires === undefined;
}

function nextSteps(result: TokenExchangeResult): string[] {
  const copy = result.printToken ? [] : ['fb3cx prints the token nowhere; to copy it, run the exchange again with --print-token piped to your clipboard (pbcopy, clip, wl-copy).'];
  return [PASTE_INTO_3CX, ...copy, 'Run fb3cx verify afterwards: token.expiry should say "never expires".'];
}

function tokenSummary(facts: TokenFacts): string {
  return `${expiryPhrase(facts.expires)} · data access ${dataAccessPhrase(facts.dataAccessExpires)}`;
}

export const tokenExchangePresenter: Presenter<TokenExchangeResult, TokenExchangeJson> = {
  json: (result) => {
    const { outcome } = result;
    return {
      schemaVersion: 1,
      ok: exchangeOk(result),
      pageId: outcome.pageId,
      pageName: outcome.pageName ?? null,
      tasks: outcome.tasks,
      before: outcome.before ? tokenJson(outcome.before) : null,
      beforeNote: outcome.beforeNote ?? null,
      after: tokenJson(outcome.after),
      userTokenExpiresAt: outcome.userToken.longLivedExpires?.unix ?? null,
      saved: result.savedIn !== undefined,
      profile: result.savedIn ?? null,
      next: nextSteps(result),
    };
  },
  human: (result, { style: s }) => {
    const { outcome } = result;
    const lines = [
      `Page ${outcome.pageId}${outcome.pageName ? ` ("${outcome.pageName}")` : ''}`,
      `  before  ${outcome.before ? tokenSummary(outcome.before) : s.dim(`(${outcome.beforeNote ?? 'unknown'})`)}`,
      `  after   ${tokenSummary(outcome.after)}`,
      exchangeOk(result)
        ? `  ${s.green('✔')} the new page token does not expire`
        : `  ${s.red('✖')} the new page token still ${expiryPhrase(outcome.after.expires)}: Meta did not give a page token without an expiry date`,
      `  ${result.savedIn !== undefined ? s.green('✔') : s.yellow('!')} ${result.saveNote}`,
    ];
    const human: HumanLine[] = result.printToken ? lines.map((line) => ({ stderr: line })) : lines;
    if (result.printToken) human.push(outcome.newPageToken);
    return human;
  },
  notes: (result) => [
    ...(soon(result.outcome.after.dataAccessExpires) ? [dataAccessNote(result.outcome.after.dataAccessExpires)] : []),
    ...nextSteps(result).map((step) => `Next: ${step}`),
  ],
  shows: (result) => (result.printToken ? [result.outcome.newPageToken] : []),
};
