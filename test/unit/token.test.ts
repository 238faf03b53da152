import { Chalk } from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../src/graph/client.js';
import { exchangeForLongLivedUserToken, readUserPages } from '../../src/graph/messenger.js';
import { dataAccessNote, tokenFacts } from '../../src/core/token.js';
import { exchangePageToken, TokenRefused, type ExchangeOutcome } from '../../src/core/token-exchange.js';
import { AppCredentialsError } from '../../src/core/verify/facts.js';
import { startSandbox } from '../../src/sandbox/server.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';
import { tokenExchangePresenter, tokenInspectPresenter, type TokenExchangeResult, type TokenInspectResult } from '../../src/commands/present/token.js';
import type { HumanLine, Screen } from '../../src/commands/types.js';
import { SecretRegistry } from '../../src/core/secrets.js';
import { Output } from '../../src/io/output.js';
import { fakeGraph } from '../support/graph.js';

const APP = { appId: '1234567890123456', appSecret: 's3cr3t0app0secret' };
const NOW = Date.parse('2026-11-25T00:00:00Z');
const plain = new Chalk({ level: 0 });
const screen: Screen = { style: plain, errStyle: plain, columns: undefined };

describe('the token Graph calls', () => {
  it('exchange: GET /oauth/access_token with grant_type fb_exchange_token, the app ID and secret, and no access token', async () => {
    const graph = fakeGraph(() => ({ access_token: 'EAALongLived0000', token_type: 'bearer', expires_in: 5183944 }));
    const answer = await exchangeForLongLivedUserToken(graph, { ...APP, userToken: 'EAAShort0000' });
    expect(answer).toEqual({ access_token: 'EAALongLived0000', token_type: 'bearer', expires_in: 5183944 });
    expect(graph.requests).toHaveLength(1);
    const [req] = graph.requests;
    expect(req).toMatchObject({
      path: '/oauth/access_token',
      query: { grant_type: 'fb_exchange_token', client_id: APP.appId, client_secret: APP.appSecret, fb_exchange_token: 'EAAShort0000' },
    });
    expect(req?.token).toBeUndefined();
    // An answer without a token is no answer to the exchange.
    await expect(exchangeForLongLivedUserToken(fakeGraph(() => ({ token_type: 'bearer' })), { ...APP, userToken: 'x' })).rejects.toThrow(/not the documented answer/);
  });

  it('pages: GET /me/accounts with the user token, following the after cursor while Meta says there is more', async () => {
    const graph = fakeGraph((req) =>
      req.query?.after === undefined
        ? { data: [{ id: '1', name: 'One', access_token: 'EAAPage1' }], paging: { cursors: { after: 'CURSOR2' }, next: 'https://graph.example/next' } }
        : { data: [{ id: '2', name: 'Two', access_token: 'EAAPage2', tasks: ['MESSAGING'] }], paging: { cursors: { after: 'CURSOR3' } } },
    );
    const pages = await readUserPages(graph, { userToken: 'EAAUser' });
    expect(pages.map((page) => page.id)).toEqual(['1', '2']);
    expect(graph.requests.map((req) => [req.path, req.token, req.query?.after])).toEqual([
      ['/me/accounts', 'EAAUser', undefined],
      ['/me/accounts', 'EAAUser', 'CURSOR2'],
    ]);
    expect(graph.requests[0]?.query?.fields).toBe('id,name,access_token,category,tasks');
  });
});

describe('token facts', () => {
  it('reads expires_at 0 as never, and names what still ends a page token', () => {
    const facts = tokenFacts({ type: 'PAGE', is_valid: true, expires_at: 0, data_access_expires_at: NOW / 1000 + 3 * 86400, profile_id: '111', app_id: 42, scopes: ['pages_messaging'] }, NOW);
    expect(facts.expires).toBeUndefined();
    expect(facts.dataAccessExpires).toMatchObject({ days: 3, iso: '2026-11-28T00:00:00.000Z' });
    expect(facts.appId).toBe('42');
    expect(facts.missingScopes).toEqual(['pages_manage_metadata']);
    const events = facts.invalidatedBy.map((item) => item.event).join('\n');
    expect(events).toMatch(/password/);
    expect(events).toMatch(/loses their role on the page/);
    expect(facts.invalidatedBy.find((item) => /app secret is reset/.test(item.event))?.certainty).toBe('not documented');
  });

  it('counts days by date, so whole-second timestamps a moment short of 80 days still read 80', () => {
    const now = Date.UTC(2026, 11, 2, 2, 3, 45, 500);
    const facts = tokenFacts({ type: 'PAGE', is_valid: true, expires_at: 0, data_access_expires_at: Math.floor(now / 1000) + 80 * 86400 }, now);
    expect(facts.dataAccessExpires?.days).toBe(80);
    expect(dataAccessNote(facts.dataAccessExpires)).toMatch(/in 80 days/);
  });

  it('explains an invalid token with Meta\'s subcode', () => {
    const facts = tokenFacts({ is_valid: false, type: 'PAGE', error: { code: 190, subcode: 460, message: 'changed password' } }, NOW);
    expect(facts.valid).toBe(false);
    expect(facts.error?.explanation).toMatch(/changed their Facebook password/);
  });
});

describe('the exchange against the sandbox (short-lived-token)', () => {
  let sandbox: RunningSandbox | undefined;
  let client: GraphClient | undefined;
  afterEach(async () => {
    await client?.close();
    await sandbox?.close();
    sandbox = undefined;
    client = undefined;
  });

  async function setup() {
    sandbox = await startSandbox({ scenario: 'short-lived-token' });
    client = new GraphClient({ baseUrl: sandbox.graphUrl, version: 'v25.0', appSecret: sandbox.identity.appSecret, maxRetries: 0 });
    return { graph: client, id: sandbox.identity, sb: sandbox };
  }

  it('turns the one-hour page token into one that does not expire, registering every token it meets', async () => {
    const { graph, id, sb } = await setup();
    const secrets: string[] = [];
    const outcome = await exchangePageToken(graph, { appId: id.appId, appSecret: id.appSecret, pageId: id.pageId, userToken: id.userToken, currentPageToken: id.pageToken, nowMs: Date.now(), onSecret: (value) => secrets.push(value) });
    expect(outcome.before?.expires?.secondsLeft).toBeLessThanOrEqual(3600);
    expect(outcome.before?.expires?.secondsLeft).toBeGreaterThan(3000);
    expect(outcome.after).toMatchObject({ valid: true, type: 'PAGE', pageId: id.pageId, expires: undefined });
    expect(outcome.pageName).toBe(id.pageName);
    expect(outcome.newPageToken).not.toBe(id.pageToken);
    expect(secrets).toContain(outcome.newPageToken);
    expect(Math.abs((outcome.userToken.longLivedExpires?.secondsLeft ?? 0) - 60 * 86400)).toBeLessThan(5);
    expect(sb.unmatched).toEqual([]);
    // The sandbox records the exchange without its secrets.
    const exchange = sb.requests.find((req) => req.path.endsWith('/oauth/access_token'));
    expect(exchange?.params).toMatchObject({ client_secret: '***', fb_exchange_token: '***', grant_type: 'fb_exchange_token' });
  });

  it('refuses a page token given as the user token, before exchanging anything', async () => {
    const { graph, id, sb } = await setup();
    const attempt = exchangePageToken(graph, { appId: id.appId, appSecret: id.appSecret, pageId: id.pageId, userToken: id.pageToken, currentPageToken: undefined, nowMs: Date.now(), onSecret: () => {} });
    await expect(attempt).rejects.toBeInstanceOf(TokenRefused);
    await expect(attempt).rejects.toThrow(/is a PAGE token \(of page 111111111111111\)/);
    expect(sb.requests.some((req) => req.path.endsWith('/oauth/access_token'))).toBe(false);
  });

  it('refuses a page the person does not manage, naming the pages they do', async () => {
    const { graph, id } = await setup();
    const attempt = exchangePageToken(graph, { appId: id.appId, appSecret: id.appSecret, pageId: '999999999999', userToken: id.userToken, currentPageToken: undefined, nowMs: Date.now(), onSecret: () => {} });
    await expect(attempt).rejects.toThrow(/Page 999999999999 is not among the pages .*Contoso Support \(111111111111111\)/);
  });

  it('reports a wrong app secret as the app credentials, not the token', async () => {
    const { graph, id } = await setup();
    const attempt = exchangePageToken(graph, { appId: id.appId, appSecret: 'wrong0secret0000', pageId: id.pageId, userToken: id.userToken, currentPageToken: undefined, nowMs: Date.now(), onSecret: () => {} });
    await expect(attempt).rejects.toBeInstanceOf(AppCredentialsError);
  });
});

describe('the exchange refuses a user token of another app', () => {
  it('names both apps and exchanges nothing', async () => {
    const graph = fakeGraph((req) => {
      if (req.path === '/debug_token') return { data: { is_valid: true, type: 'USER', app_id: '5555555555555555', application: 'Other Helpdesk App', expires_at: NOW / 1000 + 3600, user_id: '3' } };
      throw new Error(`unexpected ${req.path}`);
    });
    const attempt = exchangePageToken(graph, { ...APP, pageId: '111', userToken: 'EAAUser', currentPageToken: undefined, nowMs: NOW, onSecret: () => {} });
    await expect(attempt).rejects.toThrow(/belongs to app 5555555555555555 \("Other Helpdesk App"\), not to app 1234567890123456/);
    expect(graph.requests.map((req) => req.path)).toEqual(['/debug_token']);
  });
});

function lines(list: HumanLine[]): { stdout: string; stderr: string } {
  return {
    stdout: list.flatMap((line) => (typeof line === 'string' ? [line] : [])).join('\n'),
    stderr: list.flatMap((line) => (typeof line === 'string' ? [] : [line.stderr])).join('\n'),
  };
}

describe('token presenters', () => {
  const shortLived: TokenInspectResult = {
    facts: tokenFacts({ type: 'PAGE', is_valid: true, app_id: APP.appId, application: 'Connector', profile_id: '111', user_id: '333', expires_at: NOW / 1000 + 3600, data_access_expires_at: NOW / 1000 + 80 * 86400, scopes: ['pages_messaging', 'pages_manage_metadata'] }, NOW),
    pageId: '111',
    appId: APP.appId,
  };

  it('inspect: --json holds expires_at as Meta says it, the data-access date, and the same warnings as the text', () => {
    const json = tokenInspectPresenter.json(shortLived);
    expect(json).toMatchObject({ schemaVersion: 1, ok: false, token: { type: 'PAGE', pageId: '111', expiresAt: NOW / 1000 + 3600, expires: '2026-11-25T01:00:00.000Z', dataAccessExpires: '2027-02-13T00:00:00.000Z' } });
    expect(json.warnings).toHaveLength(1);
    expect(json.warnings[0]?.code).toBe('token_expires');
    expect(json.warnings[0]?.message).toMatch(/expires on 2026-11-25 \(in 1 hour\).*fb3cx token exchange/);
    const text = lines(tokenInspectPresenter.human(shortLived, screen));
    expect(text.stdout).toMatch(/^Page token of page 111/);
    expect(text.stdout).toContain('expires     2026-11-25 (in 1 hour)');
    expect(text.stdout).toContain('data access until 2027-02-13 (in 80 days)');
    expect(text.stdout).toMatch(/It stops working when\n {4}- it expires on 2026-11-25/);
    expect(text.stderr).toContain(json.warnings[0]?.message);

    const never: TokenInspectResult = { ...shortLived, facts: { ...shortLived.facts, expires: undefined } };
    expect(tokenInspectPresenter.json(never)).toMatchObject({ ok: true, token: { expiresAt: 0, expires: null }, warnings: [] });
    expect(lines(tokenInspectPresenter.human(never, screen)).stdout).toContain('expires     never (expires_at 0)');
  });

  const outcome: ExchangeOutcome = {
    pageId: '111',
    pageName: 'Contoso Support',
    tasks: ['MESSAGING'],
    userToken: { given: shortLived.facts, longLivedExpires: undefined },
    before: shortLived.facts,
    beforeNote: undefined,
    after: { ...shortLived.facts, expires: undefined },
    newPageToken: 'EAANewPageToken0000000000000000',
  };
  const exchanged: TokenExchangeResult = { outcome, savedIn: 'acme', saveNote: 'Saved in profile "acme".', printToken: false };

  it('exchange: before and after, saved or not, the 3CX reminder; the token itself appears nowhere', () => {
    const json = tokenExchangePresenter.json(exchanged);
    expect(json).toMatchObject({ ok: true, pageId: '111', saved: true, profile: 'acme', before: { expiresAt: NOW / 1000 + 3600 }, after: { expiresAt: 0 } });
    expect(json.next[0]).toMatchObject({ code: 'paste_into_3cx', text: expect.stringMatching(/Admin > Voice & Chat > the Facebook integration/) });
    const text = lines(tokenExchangePresenter.human(exchanged, screen));
    expect(text.stdout).toContain('before  expires on 2026-11-25 (in 1 hour)');
    expect(text.stdout).toContain('after   never expires');
    expect(text.stdout).toContain('✔ the new page token does not expire');
    expect(text.stdout).toContain('✔ Saved in profile "acme".');
    const notes = tokenExchangePresenter.notes?.(exchanged, screen) ?? [];
    expect(notes.join('\n')).toMatch(/Next: Paste the new page token into 3CX/);
    for (const shown of [JSON.stringify(json), text.stdout, text.stderr, notes.join('\n')]) expect(shown).not.toContain(outcome.newPageToken);
    expect(tokenExchangePresenter.shows?.(exchanged)).toEqual([]);
  });

  it('exchange --print-token: the token alone on stdout, through the output writer that scrubs every other secret', () => {
    const secrets = new SecretRegistry();
    secrets.add(outcome.newPageToken);
    secrets.add('EAAOtherSecretToken00000');
    const written = { stdout: '', stderr: '' };
    const out = new Output({ stdout: { write: (chunk: string) => ((written.stdout += chunk), true) }, stderr: { write: (chunk: string) => ((written.stderr += chunk), true) }, env: { NO_COLOR: '1' }, secrets });
    out.present(tokenExchangePresenter, { ...exchanged, printToken: true, saveNote: 'EAAOtherSecretToken00000 must not show' });
    expect(written.stdout).toBe(`${outcome.newPageToken}\n`);
    expect(written.stderr).toContain('after   never expires');
    expect(written.stderr).not.toContain('EAAOtherSecretToken00000');
    expect(written.stderr).not.toContain(outcome.newPageToken);
  });

  it('exchange: a new token that still expires is not ok', () => {
    const still: TokenExchangeResult = { ...exchanged, outcome: { ...outcome, after: shortLived.facts } };
    expect(tokenExchangePresenter.json(still).ok).toBe(false);
    expect(lines(tokenExchangePresenter.human(still, screen)).stdout).toMatch(/✖ the new page token still expires on 2026-11-25/);
  });
});
