import { dataAccessNote, SOON_DAYS, type Invalidation, type TokenFacts, type When } from '../../core/token.js';
import type { ExchangeOutcome } from '../../core/token-exchange.js';
import { textWidth } from '../../core/wrap.js';
import { formatDate, formatList, relativeTime } from '../../i18n/format.js';
import { currentLanguage, t } from '../../i18n/index.js';
import { padCells } from '../../io/webhook-render.js';
import type { HumanLine, Presenter, Screen } from '../types.js';

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

const DAY_SECONDS = 86_400;

/**
 * "in 3 days", "in 1 hour", "2 days ago" (Intl, in the language): hours within the last day,
 * since a short-lived token has only one or two. Chinese puts a space between the number and
 * its unit, as the glossary writes it ("3 天后"); Intl glues them.
 */
function relativeOf(moment: When): string {
  const seconds = Math.abs(moment.secondsLeft);
  const sign = moment.secondsLeft >= 0 ? 1 : -1;
  const text = seconds < DAY_SECONDS ? relativeTime(sign * Math.max(1, Math.ceil(seconds / 3600)), 'hour') : relativeTime(sign * Math.abs(moment.days), 'day');
  return currentLanguage() === 'zh-CN' ? text.replace(/(\d)(?=[^\d\s,.])/g, '$1 ') : text;
}

/** The date and how far it is: "2026-12-25 (in 3 days)". */
function dated(moment: When): { date: string; relative: string } {
  return { date: formatDate(moment.iso), relative: relativeOf(moment) };
}

/** "never expires", "expires on 2026-12-25 (in 3 days)", "expired on 2026-12-01". */
function expiryPhrase(expires: When | undefined): string {
  if (!expires) return t('token.when.never');
  return expires.secondsLeft < 0 ? t('token.when.expiredOn', dated(expires)) : t('token.when.expiresOn', dated(expires));
}

function dataAccessPhrase(moment: When | undefined): string {
  if (!moment) return t('token.when.notReported');
  return moment.secondsLeft < 0 ? t('token.when.dataAccessLapsed', dated(moment)) : t('token.when.dataAccessUntil', dated(moment));
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
  /** The verdict in one sentence, beside its code. */
  outcome: { code: 'page_token_ok' | 'page_token_not_ok'; message: string };
  /** What needs attention, one sentence each (the same lines the text shows), each beside its code. */
  warnings: TokenNotice[];
}

/** One sentence that needs attention, beside the stable code a script matches on. */
export interface TokenNotice {
  code: 'token_invalid' | 'not_page_token' | 'other_page' | 'other_app' | 'missing_scopes' | 'token_expires' | 'token_expired' | 'data_access_soon';
  message: string;
}

/** What needs attention about this token for 3CX; data access is reported, not counted as a problem. */
function inspectNotices(result: TokenInspectResult): TokenNotice[] {
  const soonAccess = result.facts.valid && soon(result.facts.dataAccessExpires);
  return [...problemNotices(result), ...(soonAccess ? [{ code: 'data_access_soon' as const, message: dataAccessNote(result.facts.dataAccessExpires) }] : [])];
}

/** What needs attention about this token for 3CX, one sentence each (the same lines the text shows). */
export function inspectWarnings(result: TokenInspectResult): string[] {
  return inspectNotices(result).map((notice) => notice.message);
}

/** What stops this token from serving 3CX for good: not valid, not this page's, missing scopes, an expiry date. */
export function inspectProblems(result: TokenInspectResult): string[] {
  return problemNotices(result).map((notice) => notice.message);
}

function problemNotices(result: TokenInspectResult): TokenNotice[] {
  const { facts, pageId, appId } = result;
  if (!facts.valid) return [{ code: 'token_invalid', message: t('token.problem.invalid', { explanation: facts.error?.explanation ?? '' }).trim() }];
  const notices: TokenNotice[] = [];
  if (facts.type !== 'PAGE') notices.push({ code: 'not_page_token', message: facts.type ? t('token.problem.notPage', { type: facts.type }) : t('token.problem.unknownType') });
  if (facts.type === 'PAGE' && pageId !== undefined && facts.pageId !== undefined && facts.pageId !== pageId) {
    notices.push({ code: 'other_page', message: t('token.problem.otherPage', { tokenPageId: facts.pageId, pageId }) });
  }
  if (facts.appId !== undefined && facts.appId !== appId) notices.push({ code: 'other_app', message: t('token.problem.otherApp', { tokenAppId: facts.appId, appId }) });
  if (facts.missingScopes.length > 0) notices.push({ code: 'missing_scopes', message: t('token.problem.lacksScopes', { scopes: formatList(facts.missingScopes) }) });
  if (facts.expires) {
    const expired = facts.expires.secondsLeft < 0;
    notices.push({ code: expired ? 'token_expired' : 'token_expires', message: expired ? t('token.problem.expired', dated(facts.expires)) : t('token.problem.expires', dated(facts.expires)) });
  }
  return notices;
}

export function inspectOk(result: TokenInspectResult): boolean {
  return result.facts.valid && inspectProblems(result).length === 0;
}

function typeLine(facts: TokenFacts): string {
  if (facts.type === 'PAGE') return t('token.inspect.pageToken', { pageId: facts.pageId ?? t('token.inspect.unknown') });
  return facts.type ? t('token.inspect.typedToken', { type: facts.type }) : t('token.inspect.unknownToken');
}

/** Rows of label and value, the values starting in one terminal column whatever the labels' language. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const width = Math.max(12, ...rows.map(([label]) => textWidth(label) + 1));
  return rows.map(([label, value]) => `  ${padCells(label, width)}${value}`);
}

function invalidationLines(list: Invalidation[], s: Screen['style']): string[] {
  return list.map((item) => `    - ${item.event}${item.certainty === 'reported' ? s.dim(t('token.inspect.reported')) : ''}`);
}

export const tokenInspectPresenter: Presenter<TokenInspectResult, TokenInspectJson> = {
  json: (result) => {
    const problems = inspectNotices(result);
    const ok = inspectOk(result);
    const outcome = ok ? { code: 'page_token_ok' as const, message: t('token.inspect.keeps') } : { code: 'page_token_not_ok' as const, message: t('token.inspect.notOk') };
    return { schemaVersion: 1, ok, outcome, token: tokenJson(result.facts), warnings: problems };
  },
  human: (result, { style: s }) => {
    const { facts } = result;
    const lines: HumanLine[] = [`${typeLine(facts)}${facts.valid ? '' : ` ${s.red(t('token.inspect.notValid'))}`}`];
    const notReported = t('token.inspect.notReported');
    const rows: Array<readonly [string, string]> = [[t('token.inspect.type'), facts.type ?? notReported]];
    if (facts.pageId !== undefined) rows.push([t('token.inspect.page'), facts.pageId]);
    rows.push([t('token.inspect.app'), `${facts.appId ?? notReported}${facts.application ? ` ("${facts.application}")` : ''}`]);
    if (facts.userId !== undefined) rows.push([t('token.inspect.madeBy'), t('token.inspect.user', { userId: facts.userId })]);
    if (facts.issued) rows.push([t('token.inspect.issued'), formatDate(facts.issued.iso)]);
    const expires = facts.expires;
    rows.push([t('token.inspect.expires'), expires ? (expires.secondsLeft < 0 ? t('token.when.expiredOn', dated(expires)) : t('token.when.moment', dated(expires))) : t('token.when.neverZero')]);
    rows.push([t('token.inspect.dataAccess'), dataAccessPhrase(facts.dataAccessExpires)]);
    rows.push([t('token.inspect.scopes'), facts.scopes.length > 0 ? facts.scopes.join(', ') : s.dim(t('token.inspect.none'))]);
    if (facts.error) rows.push([t('token.inspect.error'), `${facts.error.explanation}${facts.error.code !== undefined ? ` (#${facts.error.code}${facts.error.subcode !== undefined ? `/${facts.error.subcode}` : ''})` : ''}`]);
    lines.push(...table(rows));
    if (facts.valid) lines.push(t('token.inspect.stopsWhen'), ...invalidationLines(facts.invalidatedBy, s));
    const warnings = inspectWarnings(result);
    if (inspectOk(result)) lines.push(`  ${s.green('✔')} ${t('token.inspect.keeps')}`);
    for (const warning of warnings) lines.push({ stderr: `! ${warning}` });
    if (!facts.valid && facts.error?.fix) lines.push({ stderr: t('token.inspect.fix', { fix: facts.error.fix }) });
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
  /** Why `before` is null, beside its code. */
  beforeNote: { code: NonNullable<ExchangeOutcome['beforeNoteCode']>; message: string } | null;
  after: TokenJson;
  /** The long-lived user token's expiry (unix seconds), as the exchange reported it; it is not kept. */
  userTokenExpiresAt: number | null;
  saved: boolean;
  profile: string | null;
  /** What to do now, each step beside its code. */
  next: NextStep[];
}

export function exchangeOk(result: TokenExchangeResult): boolean {
  return result.outcome.after.valid && result.outcome.after.expires === undefined;
}

interface NextStep {
  code: 'paste_into_3cx' | 'copy_with_print_token' | 'run_verify';
  text: string;
}

function nextSteps(result: TokenExchangeResult): NextStep[] {
  const copy: NextStep[] = result.printToken ? [] : [{ code: 'copy_with_print_token', text: t('token.exchange.printNowhere') }];
  return [{ code: 'paste_into_3cx', text: t('token.exchange.pasteInto3cx') }, ...copy, { code: 'run_verify', text: t('token.exchange.verifyAfter') }];
}

function tokenSummary(facts: TokenFacts): string {
  return t('token.exchange.summary', { expiry: expiryPhrase(facts.expires), dataAccess: dataAccessPhrase(facts.dataAccessExpires) });
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
      beforeNote: outcome.beforeNote !== undefined && outcome.beforeNoteCode !== undefined ? { code: outcome.beforeNoteCode, message: outcome.beforeNote } : null,
      after: tokenJson(outcome.after),
      userTokenExpiresAt: outcome.userToken.longLivedExpires?.unix ?? null,
      saved: result.savedIn !== undefined,
      profile: result.savedIn ?? null,
      next: nextSteps(result),
    };
  },
  human: (result, { style: s }) => {
    const { outcome } = result;
    const [before, after] = [t('token.exchange.before'), t('token.exchange.after')];
    const width = Math.max(8, textWidth(before) + 2, textWidth(after) + 2);
    const lines = [
      outcome.pageName ? t('token.exchange.pageNamed', { pageId: outcome.pageId, pageName: outcome.pageName }) : t('token.exchange.page', { pageId: outcome.pageId }),
      `  ${padCells(before, width)}${outcome.before ? tokenSummary(outcome.before) : s.dim(t('token.exchange.beforeMissing', { note: outcome.beforeNote ?? t('token.exchange.unknown') }))}`,
      `  ${padCells(after, width)}${tokenSummary(outcome.after)}`,
      exchangeOk(result)
        ? `  ${s.green('✔')} ${t('token.exchange.noExpiry')}`
        : `  ${s.red('✖')} ${t('token.exchange.stillExpires', { expiry: expiryPhrase(outcome.after.expires) })}`,
      `  ${result.savedIn !== undefined ? s.green('✔') : s.yellow('!')} ${result.saveNote}`,
    ];
    const human: HumanLine[] = result.printToken ? lines.map((line) => ({ stderr: line })) : lines;
    if (result.printToken) human.push(outcome.newPageToken);
    return human;
  },
  notes: (result) => [
    ...(soon(result.outcome.after.dataAccessExpires) ? [dataAccessNote(result.outcome.after.dataAccessExpires)] : []),
    ...nextSteps(result).map((step) => t('token.exchange.next', { step: step.text })),
  ],
  shows: (result) => (result.printToken ? [result.outcome.newPageToken] : []),
};
