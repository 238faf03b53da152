import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../../src/graph/client.js';
import { GraphApiError } from '../../src/graph/errors.js';
import {
  appSubscriptionForm,
  appToken,
  debugToken,
  readApp,
  readAppPermissions,
  readAppSubscriptions,
  readMe,
  readPage,
  readSubscribedApps,
  readUserProfile,
  sendTextMessage,
  setAppSubscription,
  subscribePage,
  subscriptionFieldNames,
  type GraphCaller,
} from '../../src/graph/messenger.js';
import type { GraphRequest, GraphResponse } from '../../src/graph/types.js';
import { REQUIRED_FIELDS } from '../../src/core/verify/fields.js';
import { startSandbox } from '../../src/sandbox/server.js';
import type { ScenarioName } from '../../src/sandbox/scenario-names.js';
import type { RunningSandbox } from '../../src/sandbox/types.js';
import { fakeGraph, NotTheAnswer } from '../support/graph.js';
import { sample } from '../support/samples.js';

/** A fake Graph that gives every call the same answer. */
const answering = (body: unknown) => fakeGraph(() => body);

const APP = { appId: '1234567890123456', appSecret: 's3cr3t0app0secret' };
const APP_TOKEN = '1234567890123456|s3cr3t0app0secret';
const PAGE_ID = '111111111111111';
const PAGE_TOKEN = 'EAAPageToken0123';
const PSID = '2222222222222222';

describe('the app token', () => {
  it('is the App ID and the app secret joined by "|"', () => {
    expect(appToken(APP)).toBe(APP_TOKEN);
  });
});

describe('each call asks Graph as documented and returns the typed answer', () => {
  it('debug_token: GET /debug_token with the app token, the inspected token as input_token', async () => {
    const answer = sample<{ data: object }>('debug_token.page.ok.json');
    const graph = answering(answer);
    const data = await debugToken(graph, { ...APP, inputToken: PAGE_TOKEN });
    expect(graph.requests).toEqual([{ path: '/debug_token', token: APP_TOKEN, query: { input_token: PAGE_TOKEN }, operation: 'Inspecting the page token (debug_token)' }]);
    expect(data).toEqual(answer.data);
    expect(data.profile_id).toBe(PAGE_ID);
    // An object without `data` is no answer of debug_token: a proxy's {} must not read as "no facts".
    await expect(debugToken(answering({}), { ...APP, inputToken: PAGE_TOKEN })).rejects.toBeInstanceOf(NotTheAnswer);
  });

  it('me: GET /me?fields=id,name with the page token', async () => {
    const graph = answering(sample('me.page_token.json'));
    const me = await readMe(graph, { pageToken: PAGE_TOKEN });
    expect(graph.requests).toEqual([{ path: '/me', token: PAGE_TOKEN, query: { fields: 'id,name' }, operation: 'Reading /me with the page token' }]);
    expect(me.id).toBe(PAGE_ID);
  });

  it('page: GET /{page-id} with the verify fields by default, or the ones asked for and the caller\'s words', async () => {
    const graph = answering(sample('page.get.ok.json'));
    const page = await readPage(graph, { pageId: PAGE_ID, pageToken: PAGE_TOKEN });
    expect(page.name).toBe('Contoso Support');
    await readPage(graph, { pageId: PAGE_ID, pageToken: PAGE_TOKEN, fields: ['name'], operation: 'Reading the page name' });
    expect(graph.requests).toEqual([
      { path: `/${PAGE_ID}`, token: PAGE_TOKEN, query: { fields: 'id,name,link,category,is_published,is_webhooks_subscribed' }, operation: 'Reading the page' },
      { path: `/${PAGE_ID}`, token: PAGE_TOKEN, query: { fields: 'name' }, operation: 'Reading the page name' },
    ]);
  });

  it('page: without is_webhooks_subscribed in the answer the read still counts; when Meta refuses that field it asks again without it', async () => {
    // page.get.ok.json has no is_webhooks_subscribed: the answer shape stays the node's id.
    expect((await readPage(answering(sample('page.get.ok.json')), { pageId: PAGE_ID, pageToken: PAGE_TOKEN })).is_webhooks_subscribed).toBeUndefined();
    const asked: string[] = [];
    const refusing: GraphCaller = {
      async call<T>(req: GraphRequest): Promise<GraphResponse<T>> {
        const fields = String(req.query?.fields);
        asked.push(fields);
        if (fields.includes('is_webhooks_subscribed')) throw new GraphApiError(400, { message: '(#100) Tried accessing nonexisting field (is_webhooks_subscribed) on node type (Page)', code: 100 }, 'Reading the page');
        return { status: 200, body: sample<T>('page.get.ok.json'), headers: {} };
      },
    };
    expect((await readPage(refusing, { pageId: PAGE_ID, pageToken: PAGE_TOKEN })).name).toBe('Contoso Support');
    expect(asked).toEqual(['id,name,link,category,is_published,is_webhooks_subscribed', 'id,name,link,category,is_published']);
    // Any other refusal is the caller's to report, not retried.
    const restricted: GraphCaller = {
      async call<T>(): Promise<GraphResponse<T>> {
        throw new GraphApiError(400, { message: '(#10) Page temporarily restricted', code: 10, error_subcode: 1893063 }, 'Reading the page');
      },
    };
    await expect(readPage(restricted, { pageId: PAGE_ID, pageToken: PAGE_TOKEN })).rejects.toMatchObject({ graphCode: 10, subcode: 1893063 });
  });

  it('keeps an ID in one path segment', async () => {
    const graph = answering({ data: [] });
    await readSubscribedApps(graph, { pageId: '1/../2', pageToken: PAGE_TOKEN });
    expect(graph.requests[0]?.path).toBe('/1%2F..%2F2/subscribed_apps');
  });

  it('subscribed_apps read: GET /{page-id}/subscribed_apps, the list; a body without the list is refused', async () => {
    const answer = sample<{ data: Array<{ id: string; subscribed_fields: string[] }> }>('subscribed_apps.get.json');
    const graph = answering(answer);
    const apps = await readSubscribedApps(graph, { pageId: PAGE_ID, pageToken: PAGE_TOKEN });
    expect(graph.requests).toEqual([{ path: `/${PAGE_ID}/subscribed_apps`, token: PAGE_TOKEN, operation: "Reading the page's subscribed apps" }]);
    expect(apps).toEqual(answer.data);
    expect(await readSubscribedApps(answering({ data: [] }), { pageId: PAGE_ID, pageToken: PAGE_TOKEN })).toEqual([]);
    await expect(readSubscribedApps(answering({}), { pageId: PAGE_ID, pageToken: PAGE_TOKEN })).rejects.toBeInstanceOf(NotTheAnswer);
  });

  it('subscribed_apps write: POST /{page-id}/subscribed_apps with subscribed_fields as a form', async () => {
    const graph = answering(sample('subscribed_apps.post.ok.json'));
    const result = await subscribePage(graph, { pageId: PAGE_ID, pageToken: PAGE_TOKEN, fields: ['messages', 'message_reads'] });
    expect(graph.requests).toEqual([
      { method: 'POST', path: `/${PAGE_ID}/subscribed_apps`, token: PAGE_TOKEN, form: { subscribed_fields: 'messages,message_reads' }, operation: 'Subscribing the page to the webhook fields' },
    ]);
    expect(result.success).toBe(true);
  });

  it('app: GET /{app-id} with the app token, verify\'s fields by default', async () => {
    const answer = sample<{ privacy_policy_url: string }>('app.get.ok.json');
    const graph = answering(answer);
    const app = await readApp(graph, APP);
    await readApp(graph, { ...APP, fields: ['id', 'name'], operation: 'Checking the App ID and app secret' });
    expect(graph.requests).toEqual([
      { path: `/${APP.appId}`, token: APP_TOKEN, query: { fields: 'id,name,category,icon_url,privacy_policy_url,website_url,supported_platforms' }, operation: "Reading the app's settings" },
      { path: `/${APP.appId}`, token: APP_TOKEN, query: { fields: 'id,name' }, operation: 'Checking the App ID and app secret' },
    ]);
    expect(app.privacy_policy_url).toBe(answer.privacy_policy_url);
  });

  it('app subscriptions read: GET /{app-id}/subscriptions with the app token', async () => {
    const answer = sample<{ data: Array<{ object: string }> }>('app_subscriptions.get.json');
    const graph = answering(answer);
    const subs = await readAppSubscriptions(graph, APP);
    expect(graph.requests).toEqual([{ path: `/${APP.appId}/subscriptions`, token: APP_TOKEN, operation: "Reading the app's webhook subscriptions" }]);
    expect(subs).toEqual(answer.data);
    expect(subscriptionFieldNames(subs[0]?.fields)).toEqual([...REQUIRED_FIELDS]);
    expect(subscriptionFieldNames([{ name: 'messages' }, 'feed'])).toEqual(['messages', 'feed']);
  });

  it('app subscriptions write: POST /{app-id}/subscriptions with the documented form', async () => {
    const graph = answering(sample('app_subscriptions.post.ok.json'));
    const subscription = { object: 'page' as const, callbackUrl: 'https://contoso.3cx.example/facebook/webhook/abc123', verifyToken: 'Abc123', fields: ['messages', 'feed'], includeValues: true };
    const result = await setAppSubscription(graph, { ...APP, subscription });
    const form = { object: 'page', callback_url: subscription.callbackUrl, verify_token: 'Abc123', fields: 'messages,feed', include_values: 'true' };
    expect(graph.requests).toEqual([{ method: 'POST', path: `/${APP.appId}/subscriptions`, token: APP_TOKEN, form, operation: 'Setting the app webhook' }]);
    expect(appSubscriptionForm(subscription)).toEqual(form);
    expect(result.success).toBe(true);
  });

  it('permissions: GET /{app-id}/permissions with the app token', async () => {
    const answer = sample<{ data: Array<{ permission: string; status: string }> }>('app_permissions.get.SHAPE_UNCONFIRMED.json');
    const graph = answering(answer);
    const permissions = await readAppPermissions(graph, APP);
    expect(graph.requests).toEqual([{ path: `/${APP.appId}/permissions`, token: APP_TOKEN, operation: "Reading the app's approved permissions" }]);
    expect(permissions).toEqual(answer.data);
  });

  it('user profile: GET /{psid}?fields=first_name,last_name,profile_pic with the page token, as listen asks', async () => {
    const graph = answering(sample('user_profile.get.ok.json'));
    const profile = await readUserProfile(graph, { psid: PSID, pageToken: PAGE_TOKEN });
    expect(graph.requests).toEqual([{ path: `/${PSID}`, token: PAGE_TOKEN, query: { fields: 'first_name,last_name,profile_pic' }, operation: 'Looking up the sender' }]);
    expect([profile.first_name, profile.last_name]).toEqual(['Maria', 'Muster']);
  });

  it('Send API: POST /{page-id}/messages (or /me/messages) with a JSON RESPONSE text message', async () => {
    const answer = sample<{ message_id: string }>('send_api.post.ok.json');
    const graph = answering(answer);
    const sent = await sendTextMessage(graph, { pageId: PAGE_ID, pageToken: PAGE_TOKEN, recipientId: PSID, text: 'Hello' });
    await sendTextMessage(graph, { pageToken: PAGE_TOKEN, recipientId: PSID, text: 'Hello' });
    const json = { recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Hello' } };
    expect(graph.requests).toEqual([
      { method: 'POST', path: `/${PAGE_ID}/messages`, token: PAGE_TOKEN, json, operation: 'Replying through the Send API' },
      { method: 'POST', path: '/me/messages', token: PAGE_TOKEN, json, operation: 'Replying through the Send API' },
    ]);
    expect(sent).toEqual({ recipient_id: PSID, message_id: answer.message_id });
  });
});

describe('against the sandbox emulator, through the real client', () => {
  let sandbox: RunningSandbox | undefined;
  let client: GraphClient | undefined;
  afterEach(async () => {
    await client?.close();
    await sandbox?.close();
    client = undefined;
    sandbox = undefined;
  });

  async function setup(scenario: ScenarioName = 'healthy') {
    sandbox = await startSandbox({ scenario });
    client = new GraphClient({ baseUrl: sandbox.graphUrl, version: 'v25.0', maxRetries: 0 });
    const id = sandbox.identity;
    return { graph: client, sb: sandbox, id, app: { appId: id.appId, appSecret: id.appSecret } };
  }

  it('reads the token, the page, the app, its webhook and its permissions', async () => {
    const { graph, sb, id, app } = await setup();
    const debug = await debugToken(graph, { ...app, inputToken: id.pageToken });
    expect(debug).toMatchObject({ is_valid: true, type: 'PAGE', app_id: id.appId, profile_id: id.pageId });
    expect(await readMe(graph, { pageToken: id.pageToken })).toMatchObject({ id: id.pageId, name: id.pageName });
    expect((await readPage(graph, { pageId: id.pageId, pageToken: id.pageToken })).name).toBe(id.pageName);
    expect((await readApp(graph, app)).supported_platforms).toEqual(['WEB']);
    const [pageSub] = await readAppSubscriptions(graph, app);
    expect(pageSub).toMatchObject({ object: 'page', callback_url: id.webhookUrl, active: true });
    expect(subscriptionFieldNames(pageSub?.fields)).toEqual([...REQUIRED_FIELDS]);
    expect(await readAppPermissions(graph, app)).toContainEqual({ permission: 'pages_messaging', status: 'live' });
    expect(sb.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v25.0/debug_token',
      'GET /v25.0/me',
      `GET /v25.0/${id.pageId}`,
      `GET /v25.0/${id.appId}`,
      `GET /v25.0/${id.appId}/subscriptions`,
      `GET /v25.0/${id.appId}/permissions`,
    ]);
    expect(sb.unmatched).toEqual([]);
  });

  it('subscribes a page that had no app and reads the fields back', async () => {
    const { graph, id } = await setup('not-subscribed');
    expect(await readSubscribedApps(graph, { pageId: id.pageId, pageToken: id.pageToken })).toEqual([]);
    expect(await subscribePage(graph, { pageId: id.pageId, pageToken: id.pageToken, fields: REQUIRED_FIELDS })).toEqual({ success: true });
    const [ours] = await readSubscribedApps(graph, { pageId: id.pageId, pageToken: id.pageToken });
    expect(ours).toMatchObject({ id: id.appId, subscribed_fields: [...REQUIRED_FIELDS] });
  });

  it('points the app webhook at 3CX (Meta checks the callback first)', async () => {
    const { graph, sb, id, app } = await setup('callback-elsewhere');
    const subscription = { object: 'page' as const, callbackUrl: id.webhookUrl, verifyToken: 'Abc123xyz', fields: REQUIRED_FIELDS, includeValues: true };
    expect(await setAppSubscription(graph, { ...app, subscription })).toEqual({ success: true });
    expect(sb.webhookRequests.some((r) => r.method === 'GET')).toBe(true);
    const [pageSub] = await readAppSubscriptions(graph, app);
    expect(pageSub?.callback_url).toBe(id.webhookUrl);
  });

  it('looks up a sender and replies through the Send API', async () => {
    const { graph, sb, id } = await setup();
    expect(await readUserProfile(graph, { psid: id.psid, pageToken: id.pageToken })).toMatchObject({ first_name: 'Maria', last_name: 'Muster' });
    const viaPage = await sendTextMessage(graph, { pageId: id.pageId, pageToken: id.pageToken, recipientId: id.psid, text: 'Hi' });
    const viaMe = await sendTextMessage(graph, { pageToken: id.pageToken, recipientId: id.psid, text: 'Hi' });
    for (const sent of [viaPage, viaMe]) {
      expect(sent.recipient_id).toBe(id.psid);
      expect(sent.message_id).toMatch(/^m_/);
    }
    expect(sb.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v25.0/${id.psid}`, `POST /v25.0/${id.pageId}/messages`, 'POST /v25.0/me/messages']);
  });

  it('starts an error with the operation, in the caller\'s words when given', async () => {
    const { graph, id, app } = await setup('dev-mode');
    const refused = await readUserProfile(graph, { psid: id.psid, pageToken: id.pageToken }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphApiError);
    expect(refused instanceof GraphApiError && [refused.graphCode, refused.subcode]).toEqual([100, 2018247]);
    expect(refused instanceof Error && refused.message).toMatch(/^Looking up the sender failed: /);
    const wrongSecret = await readApp(graph, { ...app, appSecret: 'not-the-secret', operation: 'Checking the App ID and app secret' }).catch((error: unknown) => error);
    expect(wrongSecret instanceof Error && wrongSecret.message).toMatch(/^Checking the App ID and app secret failed: /);
    expect(wrongSecret instanceof Error && wrongSecret.message).not.toContain('not-the-secret');
  });
});

// ---------------------------------------------------------------------------- the guard

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
/** Only these may speak Graph paths: the Messenger API module and the emulator of Graph itself. */
// src/pbx is the 3CX API's typed module, as src/graph is Meta's: its own paths and calls live there.
const GRAPH_HOMES = ['graph', 'sandbox', 'pbx'];

interface Finding {
  kind: 'graph path' | 'raw call' | 'app token';
  line: number;
  text: string;
}

const PATTERNS: Array<[Finding['kind'], RegExp]> = [
  // A request path written out: path: '/me', path: `/${pageId}/subscribed_apps`, ...
  ['graph path', /\bpath\s*:\s*['"`]\//],
  // A Graph edge in any template or string used as a path, even when built in a variable first.
  ['graph path', /['"`][^'"`\n]*\/(subscribed_apps|subscriptions|debug_token|messages|permissions)['"`]/],
  // GraphApi.call used directly instead of a messenger function (graph.call(...), .call<T>(...)).
  ['raw call', /\bgraph\s*\.\s*call\b|\.call</],
  // The app token assembled by hand: `${appId}|${appSecret}`.
  ['app token', /\}\|\$\{/],
];

function findGraphSpeech(source: string): Finding[] {
  const findings: Finding[] = [];
  const lines = source.split('\n');
  lines.forEach((text, index) => {
    const code = text.replace(/^\s*(\/\/|\*|\/\*).*$/, '');
    const kinds = new Set(PATTERNS.filter(([, pattern]) => pattern.test(code)).map(([kind]) => kind));
    for (const kind of kinds) findings.push({ kind, line: index + 1, text: text.trim() });
  });
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return GRAPH_HOMES.includes(relative(SRC, full)) ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('no command or core module writes a Graph path by hand', () => {
  it('finds the hand-written forms it guards against', () => {
    const kinds = (source: string) => findGraphSpeech(source).map((finding) => finding.kind);
    expect(kinds("await graph.call<{ data?: X[] }>({ path: `/${pageId}/subscribed_apps`, token })")).toEqual(['graph path', 'raw call']);
    expect(kinds('const res = await this.graph.call({')).toEqual(['raw call']);
    expect(kinds("  .call<Body>({\n    path: '/debug_token',")).toEqual(['raw call', 'graph path']);
    expect(kinds('const edge = `/${appId}/permissions`;')).toEqual(['graph path']);
    expect(kinds('token: `${appId}|${appSecret}`,')).toEqual(['app token']);
    expect(kinds("  // path: '/me' in a comment\nconst path = options.path;\nfn.call(this, x);")).toEqual([]);
  });

  it('holds for every file under src/ outside src/graph and src/sandbox', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const name = relative(SRC, file).split('\\').join('/');
      for (const finding of findGraphSpeech(readFileSync(file, 'utf8'))) {
        offenders.push(`src/${name}:${finding.line} (${finding.kind}): ${finding.text}`);
      }
    }
    expect(offenders, 'call a function of src/graph/messenger.ts instead').toEqual([]);
  });
});
