import { createHmac, randomBytes } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { createSecureContext } from 'node:tls';
import { REQUIRED_FIELDS } from '../core/verify/fields.js';
import { DEFAULT_GRAPH_VERSION } from '../graph/versions.js';
import type { ScenarioName } from './scenario-names.js';
import { SANDBOX_CA_CERT, SANDBOX_HOST_CERT, SANDBOX_HOST_KEY } from './tls.js';
import type { RecordedRequest, ReceivedWebhook, RunningSandbox, SandboxIdentity, SandboxOptions, WebhookTrust } from './types.js';

/**
 * A Graph API and 3CX webhook emulator. It serves the endpoints fb3cx uses with the documented
 * response shapes and validates requests the way Graph does, so the real client, checks and
 * commands run unchanged against it. Everything is fictional and stays on 127.0.0.1.
 */

export const MESSENGER_FIELDS_3CX = REQUIRED_FIELDS;

/** Valid page webhook field names the emulator accepts (the messaging subset plus a few common ones). */
const VALID_PAGE_FIELDS = new Set<string>([
  ...MESSENGER_FIELDS_3CX,
  'message_edits', 'message_reactions', 'message_context', 'message_mention', 'message_template_status_update',
  'messaging_account_linking', 'messaging_appointments', 'messaging_checkout_updates', 'messaging_direct_sends',
  'messaging_fblogin_account_linking', 'messaging_feedback', 'messaging_game_plays', 'messaging_handovers',
  'messaging_in_thread_lead_form_submit', 'messaging_integrity', 'messaging_optins', 'messaging_optouts',
  'messaging_payments', 'messaging_policy_enforcement', 'messaging_postbacks', 'messaging_referrals',
  'response_feedback', 'send_cart', 'standby', 'inbox_labels', 'calls', 'call_permission_reply', 'feed',
]);

const PBX_HOST = 'contoso.3cx.example';
const DAY = 86_400;
const HOUR = 3_600;

interface TokenRecord {
  kind: 'PAGE' | 'USER' | 'APP';
  appId: string;
  pageId?: string;
  userId?: string;
  valid: boolean;
  error?: { code: number; subcode?: number; message: string };
  expiresAt: number;
  /** Seconds; when unset, 80 days from now (the healthy case). */
  dataAccessExpiresAt?: number;
  scopes: string[];
}

interface PageRecord {
  id: string;
  name: string;
  link: string;
  category: string;
  is_published: boolean;
  username: string;
}

interface SubscribedApp {
  id: string;
  name: string;
  category: string;
  link: string;
  subscribed_fields: string[];
}

interface AppSubscription {
  object: string;
  callback_url: string;
  active: boolean;
  fields: Array<{ name: string; version: string }>;
}

interface State {
  tokens: Map<string, TokenRecord>;
  /** Page tokens handed out by /me/accounts, by user token and page. */
  mintedPageTokens: Map<string, string>;
  pages: Map<string, PageRecord>;
  subscribedApps: Map<string, SubscribedApp[]>;
  appSubscriptions: AppSubscription[];
  app: Record<string, unknown>;
  permissions: Array<{ permission: string; status: string }>;
  people: Map<string, { first_name: string; last_name: string; lastMessageAt: number; blocked?: boolean }>;
  profileAccess: boolean;
  rateLimitedCalls: number;
  graphDown: boolean;
  webhookAnswersChallenge: boolean;
  /** Meta's 10/1893063: the page is temporarily restricted, so reading it and messaging fail. */
  pageRestricted: boolean;
  /** The page's Messenger conversations, newest first, as GET /{page-id}/conversations lists them. */
  conversations: Array<{ id: string; updated_time: string }>;
  /** Meta refuses the conversations edge for lack of pages_read_engagement. */
  conversationsForbidden: boolean;
  pbx: PbxState;
}

/** The fake 3CX host's Configuration API. */
interface PbxState {
  /** 'bad-key': the token call refuses the client; 'no-licence': the token works, /xapi answers 403. */
  api: 'ok' | 'bad-key' | 'no-licence';
  /**
   * Which spelling of the enum filter ChatHistoryView takes (UNCONFIRMED for real 3CX): the other
   * is answered with HTTP 400, as an OData server refuses a literal it does not parse.
   */
  filterSpelling: 'enum' | 'plain';
  /** Stored chat messages, any order; served newest first. */
  chats: ChatRecord[];
  /** Access tokens handed out by /connect/token. */
  tokens: Set<string>;
}

interface ChatRecord {
  TimeSent: string;
  ProviderType: string;
  ProviderName: string;
  ChatName: string;
  IsExternal: boolean;
}

const CHAT_FIELDS = ['TimeSent', 'ProviderType', 'ProviderName', 'ChatName', 'IsExternal'] as const;
const FACEBOOK_INTEGRATION = 'Contoso Facebook';

/** The PBX's stored chats: a Facebook message `facebookAgoMs` ago and a recent live chat. */
function chatHistory(nowMs: number, facebookAgoMs: number): ChatRecord[] {
  return [
    { TimeSent: new Date(nowMs - facebookAgoMs).toISOString(), ProviderType: 'Facebook', ProviderName: FACEBOOK_INTEGRATION, ChatName: 'Maria Muster', IsExternal: true },
    { TimeSent: new Date(nowMs - 5 * 60_000).toISOString(), ProviderType: 'LiveChat', ProviderName: 'Website chat', ChatName: 'Visitor 42', IsExternal: true },
    { TimeSent: new Date(nowMs - 2 * DAY * 1000).toISOString(), ProviderType: 'Internal', ProviderName: '', ChatName: 'Team', IsExternal: false },
  ];
}

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly envelope: Record<string, unknown>,
  ) {
    super(String(envelope.message));
  }
}

let traceCounter = 0;
function graphError(status: number, code: number, message: string, extra: Record<string, unknown> = {}): GraphError {
  traceCounter++;
  return new GraphError(status, { message, type: 'OAuthException', code, ...extra, fbtrace_id: `ASandboxTrace${traceCounter.toString(36)}` });
}

function makeIdentity(port: number): SandboxIdentity {
  return {
    pageId: '111111111111111',
    pageName: 'Contoso Support',
    pageToken: 'EAASandboxPageToken0contoso0000000000000000000000000000ZZ',
    appId: '1234567890123456',
    appName: '3CX Messenger Connector',
    appSecret: 'sandbox0app0secret0000000000abcd',
    psid: '2222222222222222',
    userToken: 'EAASandboxUserToken0alex00000000000000000000000000000000ZZ',
    otherPageId: '444444444444444',
    webhookUrl: `https://${PBX_HOST}:${port}/facebook/webhook/3f9c2a7e`,
    webClientUrl: `https://${PBX_HOST}:5001/webclient`,
    pbxHost: PBX_HOST,
    pbxUrl: `https://${PBX_HOST}:${port}`,
    pbxClientId: '900100',
    pbxClientSecret: 'SandboxPbxApiKey0contoso0000000000000ZZ',
    company: 'Contoso Ltd',
    testExtension: '901',
    testPassword: 'Sandbox-Review-Pass-7',
  };
}

function buildState(scenario: ScenarioName, id: SandboxIdentity, nowSeconds: number): State {
  const fullScopes = ['pages_show_list', 'business_management', 'pages_messaging', 'pages_read_engagement', 'pages_manage_metadata', 'public_profile'];
  const pageToken: TokenRecord = { kind: 'PAGE', appId: id.appId, pageId: id.pageId, userId: '3333333333333333', valid: true, expiresAt: 0, scopes: fullScopes };
  switch (scenario) {
    case 'expired-token':
      Object.assign(pageToken, { valid: false, expiresAt: nowSeconds - 3 * DAY, error: { code: 190, subcode: 463, message: 'Error validating access token: Session has expired.' } });
      break;
    case 'password-changed':
      Object.assign(pageToken, {
        valid: false,
        error: { code: 190, subcode: 460, message: 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.' },
      });
      break;
    case 'user-token':
      Object.assign(pageToken, { kind: 'USER', pageId: undefined, expiresAt: nowSeconds + 50 * DAY });
      break;
    case 'wrong-page':
      pageToken.pageId = id.otherPageId;
      break;
    case 'expiring-token':
      pageToken.expiresAt = nowSeconds + 3 * DAY;
      break;
    // Made from a short-lived user token (Graph API Explorer): both end within the hour.
    case 'short-lived-token':
      pageToken.expiresAt = nowSeconds + HOUR;
      break;
    case 'data-access-expiring':
      pageToken.dataAccessExpiresAt = nowSeconds + 3 * DAY;
      break;
    default:
      break;
  }
  const tokens = new Map<string, TokenRecord>([
    [id.pageToken, pageToken],
    [id.userToken, { kind: 'USER', appId: id.appId, userId: '3333333333333333', valid: true, expiresAt: nowSeconds + (scenario === 'short-lived-token' ? HOUR : 50 * DAY), scopes: fullScopes }],
    [`${id.appId}|${id.appSecret}`, { kind: 'APP', appId: id.appId, valid: true, expiresAt: 0, scopes: [] }],
  ]);
  const pages = new Map<string, PageRecord>([
    [id.pageId, { id: id.pageId, name: id.pageName, link: `https://www.facebook.com/${id.pageId}`, category: 'Software Company', is_published: true, username: 'contososupport' }],
    [id.otherPageId, { id: id.otherPageId, name: 'Fabrikam Outlet', link: `https://www.facebook.com/${id.otherPageId}`, category: 'Retail', is_published: true, username: 'fabrikamoutlet' }],
  ]);
  const ourApp = (fields: string[]): SubscribedApp => ({ id: id.appId, name: id.appName, category: 'Business', link: 'https://contoso.example/3cx', subscribed_fields: fields });
  let pageApps: SubscribedApp[] = [ourApp([...MESSENGER_FIELDS_3CX])];
  if (scenario === 'not-subscribed') pageApps = [];
  if (scenario === 'missing-fields') pageApps = [ourApp(['messages', 'message_echoes', 'message_reads', 'message_deliveries'])];
  if (scenario === 'other-app') pageApps.push({ id: '5555555555555555', name: 'Other Helpdesk App', category: 'Business', link: 'https://helpdesk.example', subscribed_fields: ['messages'] });

  const appSubscription: AppSubscription = {
    object: 'page',
    callback_url: scenario === 'callback-elsewhere' ? 'https://4f2a-198-51-100-23.ngrok-free.app/webhook' : id.webhookUrl,
    active: scenario !== 'webhook-inactive',
    fields: MESSENGER_FIELDS_3CX.map((name) => ({ name, version: DEFAULT_GRAPH_VERSION })),
  };
  const app: Record<string, unknown> = {
    id: id.appId,
    name: id.appName,
    link: `https://www.facebook.com/games/?app_id=${id.appId}`,
    category: 'Messaging',
    subcategory: '',
    icon_url: 'https://static.xx.fbcdn.example/rsrc/sandbox_icon.png',
    logo_url: 'https://static.xx.fbcdn.example/rsrc/sandbox_logo.png',
    privacy_policy_url: 'https://contoso.example/privacy',
    terms_of_service_url: 'https://contoso.example/terms',
    website_url: `https://${PBX_HOST}/`,
    app_domains: [PBX_HOST],
    supported_platforms: ['WEB'],
    has_messenger_product: true,
    contact_email: 'it@contoso.example',
  };
  if (scenario === 'review-incomplete') {
    delete app.privacy_policy_url;
    delete app.icon_url;
    delete app.website_url;
    app.supported_platforms = [];
    app.category = '';
  }
  // The permissions edge knows only "live" and "unapproved" (Meta's SDK enum): Standard Access
  // without an approved review shows as unapproved, as in dev-mode, but profiles stay readable.
  const permissions = [
    { permission: 'pages_messaging', status: scenario === 'dev-mode' || scenario === 'standard-access-only' ? 'unapproved' : 'live' },
    { permission: 'pages_manage_metadata', status: 'live' },
    { permission: 'pages_show_list', status: 'live' },
  ];
  const nowMs = nowSeconds * 1000;
  return {
    tokens,
    mintedPageTokens: new Map(),
    pages,
    subscribedApps: new Map([
      [id.pageId, pageApps],
      [id.otherPageId, []],
    ]),
    appSubscriptions: [appSubscription],
    app,
    permissions,
    people: new Map([
      [id.psid, { first_name: 'Maria', last_name: 'Muster', lastMessageAt: nowMs - 60_000 }],
      ['2222222222222223', { first_name: 'Jonas', last_name: 'Beispiel', lastMessageAt: nowMs - 3 * DAY * 1000 }],
      ['2222222222222224', { first_name: 'Kim', last_name: 'Blocked', lastMessageAt: nowMs - 60_000, blocked: true }],
    ]),
    profileAccess: scenario !== 'dev-mode',
    rateLimitedCalls: scenario === 'rate-limited' ? 2 : 0,
    graphDown: scenario === 'graph-down',
    webhookAnswersChallenge: scenario !== 'webhook-broken',
    pageRestricted: scenario === 'page-restricted',
    // Meta's newest activity: Maria's message a minute ago (2 hours ago in delivery-gap).
    conversations: [{ id: `t_${id.pageId}_10000001`, updated_time: new Date(nowMs - (scenario === 'delivery-gap' ? 2 * HOUR * 1000 : 60_000)).toISOString() }],
    conversationsForbidden: scenario === 'conversations-forbidden',
    pbx: {
      api: scenario === 'pbx-bad-key' ? 'bad-key' : scenario === 'pbx-no-licence' ? 'no-licence' : 'ok',
      // delivery-gap's 3CX takes only the plain spelling, so fb3cx's fallback runs end to end there.
      filterSpelling: scenario === 'delivery-gap' ? 'plain' : 'enum',
      chats: chatHistory(nowMs, scenario === 'delivery-gap' ? 3 * DAY * 1000 : 60_000),
      tokens: new Set(),
    },
  };
}

/**
 * The chat messages a signed webhook body carries, as 3CX would store them: one per incoming
 * message (not echoes, reads or deliveries).
 */
function chatsFromWebhook(body: string, nowMs: number): ChatRecord[] {
  const parsed = safeParse(body);
  const entries = Array.isArray(parsed?.entry) ? parsed.entry : [];
  const out: ChatRecord[] = [];
  for (const entry of entries) {
    const messaging = typeof entry === 'object' && entry !== null && Array.isArray(Reflect.get(entry, 'messaging')) ? (Reflect.get(entry, 'messaging') as unknown[]) : [];
    for (const item of messaging) {
      if (typeof item !== 'object' || item === null) continue;
      const message: unknown = Reflect.get(item, 'message');
      if (typeof message !== 'object' || message === null || Reflect.get(message, 'is_echo') === true) continue;
      const sender: unknown = Reflect.get(item, 'sender');
      const psid = typeof sender === 'object' && sender !== null ? String(Reflect.get(sender, 'id') ?? '') : '';
      out.push({ TimeSent: new Date(nowMs).toISOString(), ProviderType: 'Facebook', ProviderName: FACEBOOK_INTEGRATION, ChatName: psid, IsExternal: true });
    }
  }
  return out;
}

/** Resolves the sandbox's fictional hosts to loopback; everything else goes to the real resolver. */
function sandboxLookup(hosts: string[]): LookupFunction {
  return ((hostname: string, options: unknown, callback: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
    const opts = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean };
    if (hosts.includes(hostname.toLowerCase())) {
      if (opts.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
      return;
    }
    (dnsLookup as unknown as (...args: unknown[]) => void)(hostname, opts, cb);
  }) as LookupFunction;
}

function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  // Like Meta, the header names the version that answered: the one in the path.
  const version = /^\/(v\d+\.\d)\//.exec(res.req.url ?? '')?.[1] ?? DEFAULT_GRAPH_VERSION;
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'facebook-api-version': version, 'x-fb-trace-id': 'ASandboxTraceHeader', ...headers });
  res.end(text);
}

const SECRET_PARAMS = new Set(['access_token', 'input_token', 'appsecret_proof', 'verify_token', 'client_secret', 'fb_exchange_token']);

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const scenario = options.scenario ?? 'healthy';
  const latencyMs = Math.max(0, options.latencyMs ?? 0);
  const pbxLatencyMs = Math.max(0, options.pbxLatencyMs ?? 0);
  const requests: RecordedRequest[] = [];
  const unmatched: string[] = [];
  const webhookRequests: ReceivedWebhook[] = [];
  const hosts = [PBX_HOST];
  const lookup = sandboxLookup(hosts);
  const trust: WebhookTrust = { ca: SANDBOX_CA_CERT, lookup, hosts };

  // The fake 3CX host: answers Meta's handshake for any verify token (3CX does not check it).
  // With pbxLatencyMs, a new connection (its TLS handshake, through the SNI callback) and every
  // answer each wait that long, as one round trip to a distant host would.
  const hostContext = createSecureContext({ cert: SANDBOX_HOST_CERT, key: SANDBOX_HOST_KEY });
  const webhookTraffic = { connections: 0 };
  const webhookServer = createHttpsServer({
    cert: SANDBOX_HOST_CERT,
    key: SANDBOX_HOST_KEY,
    SNICallback: (_name, done) => (pbxLatencyMs > 0 ? setTimeout(() => done(null, hostContext), pbxLatencyMs) : done(null, hostContext)),
  }, (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `https://${PBX_HOST}`);
      const body = req.method === 'POST' ? await readBody(req).catch(() => '') : '';
      const isApi = url.pathname === '/connect/token' || url.pathname.startsWith('/xapi/');
      if (!isApi) webhookRequests.push({ method: req.method ?? 'GET', path: url.pathname, headers: flatHeaders(req.headers), body });
      if (pbxLatencyMs > 0) await new Promise((resolve) => setTimeout(resolve, pbxLatencyMs));
      if (isApi) {
        handlePbxApi(req, res, url, body);
        return;
      }
      if (!url.pathname.startsWith('/facebook/webhook/')) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        return;
      }
      if (req.method === 'GET') {
        const challenge = url.searchParams.get('hub.challenge');
        if (state.webhookAnswersChallenge && url.searchParams.get('hub.mode') === 'subscribe' && challenge) {
          res.writeHead(200, { 'content-type': 'text/plain' }).end(challenge);
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        }
        return;
      }
      if (req.method === 'POST') {
        // Like 3CX, keep the messages of a body signed with the app secret in the chat history.
        const signature = req.headers['x-hub-signature-256'];
        if (typeof signature === 'string' && signature === `sha256=${createHmac('sha256', identity.appSecret).update(body).digest('hex')}`) {
          state.pbx.chats.push(...chatsFromWebhook(body, Date.now()));
        }
        res.writeHead(200, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED');
        return;
      }
      res.writeHead(405).end();
    })();
  });
  webhookServer.on('connection', () => webhookTraffic.connections++);
  await listen(webhookServer);
  const webhookPort = (webhookServer.address() as AddressInfo).port;
  const identity = makeIdentity(webhookPort);
  const state = buildState(scenario, identity, Math.floor(Date.now() / 1000));

  const pbxRequests: RecordedRequest[] = [];

  /** The Configuration API of the fake 3CX host: /connect/token, SystemStatus, ChatHistoryView. */
  function handlePbxApi(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const params: Record<string, string> = {};
    url.searchParams.forEach((value, key) => (params[key] = value));
    const form = new URLSearchParams(body);
    if (req.method === 'POST') form.forEach((value, key) => (params[key] = value));
    pbxRequests.push({ method: req.method ?? 'GET', path: url.pathname, params: redactParams(params), at: Date.now() });
    const json = (status: number, answer: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
    };
    const odataError = (status: number, message: string): void => json(status, { error: { code: '', message } });

    if (url.pathname === '/connect/token') {
      if (req.method !== 'POST') return odataError(405, 'Method not allowed');
      const known = form.get('client_id') === identity.pbxClientId && form.get('client_secret') === identity.pbxClientSecret && state.pbx.api !== 'bad-key';
      if (form.get('grant_type') !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
      if (!known) return json(400, { error: 'invalid_client', error_description: 'Invalid client credentials' });
      const accessToken = `SandboxPbxBearer${randomBytes(16).toString('hex')}`;
      state.pbx.tokens.add(accessToken);
      return json(200, { token_type: 'Bearer', expires_in: 3600, access_token: accessToken, refresh_token: null });
    }
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!bearer || !state.pbx.tokens.has(bearer)) return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    if (state.pbx.api === 'no-licence') return void res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden');
    if (req.method !== 'GET') return odataError(405, 'Method not allowed');
    if (url.pathname === '/xapi/v1/SystemStatus') {
      const status = { Version: '20.0.5.812', Activated: true, FQDN: PBX_HOST, CallsActive: 0 };
      const select = params.$select?.split(',').map((field) => field.trim());
      return json(200, { '@odata.context': `https://${PBX_HOST}/xapi/v1/$metadata#SystemStatus`, ...(select ? Object.fromEntries(select.filter((f) => f in status).map((f) => [f, Reflect.get(status, f)])) : status) });
    }
    if (url.pathname === '/xapi/v1/ChatHistoryView') return chatHistoryView(params, json, odataError);
    unmatched.push(`3CX ${req.method ?? 'GET'} ${url.pathname}`);
    return odataError(404, `No resource ${url.pathname}`);
  }

  /** ChatHistoryView with the OData options fb3cx sends: $filter on ProviderType, $orderby TimeSent, $top, $select. */
  function chatHistoryView(params: Record<string, string>, json: (status: number, answer: unknown) => void, odataError: (status: number, message: string) => void): void {
    let rows = [...state.pbx.chats];
    const filter = params.$filter;
    if (filter !== undefined) {
      const spelled = state.pbx.filterSpelling === 'enum' ? /^ProviderType eq Pbx\.ChatType'(\w+)'$/.exec(filter) : /^ProviderType eq '(\w+)'$/.exec(filter);
      if (!spelled) return odataError(400, `The query specified in the URI is not valid. Could not parse the filter ${JSON.stringify(filter)}.`);
      rows = rows.filter((row) => row.ProviderType === spelled[1]);
    }
    const order = params.$orderby ?? 'TimeSent asc';
    const orderMatch = /^TimeSent( asc| desc)?$/.exec(order);
    if (!orderMatch) return odataError(400, `The query specified in the URI is not valid. Could not order by ${JSON.stringify(order)}.`);
    rows.sort((a, b) => (orderMatch[1] === ' desc' ? b.TimeSent.localeCompare(a.TimeSent) : a.TimeSent.localeCompare(b.TimeSent)));
    if (params.$top !== undefined) {
      if (!/^\d+$/.test(params.$top)) return odataError(400, 'The query specified in the URI is not valid. $top must be a whole number.');
      rows = rows.slice(0, Number(params.$top));
    }
    const select = params.$select?.split(',').map((field) => field.trim());
    const unknownField = select?.find((field) => !(CHAT_FIELDS as readonly string[]).includes(field));
    if (unknownField !== undefined) return odataError(400, `Could not find a property named '${unknownField}' on type 'Pbx.ChatHistoryView'.`);
    const value = rows.map((row) => (select ? Object.fromEntries(select.map((field) => [field, Reflect.get(row, field)])) : row));
    return json(200, { '@odata.context': `https://${PBX_HOST}/xapi/v1/$metadata#ChatHistoryView`, value });
  }

  const graphServer = createHttpServer((req, res) => {
    void handleGraph(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `sandbox internal error: ${String(error)}`, type: 'OAuthException', code: 1 } });
    });
  });

  async function handleGraph(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = method === 'POST' ? await readBody(req) : '';
    const params: Record<string, string> = {};
    url.searchParams.forEach((value, key) => (params[key] = value));
    let jsonBody: Record<string, unknown> | undefined;
    const contentType = String(req.headers['content-type'] ?? '');
    if (raw) {
      if (contentType.includes('application/json')) {
        try {
          jsonBody = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          jsonBody = undefined;
        }
      } else {
        new URLSearchParams(raw).forEach((value, key) => (params[key] = value));
      }
    }
    requests.push({ method, path: url.pathname, params: redactParams(params), at: Date.now() });
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

    if (state.graphDown) {
      sendJson(res, 503, { error: { message: '(#2) Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: 'ASandboxTraceDown' } });
      return;
    }
    if (state.rateLimitedCalls > 0) {
      state.rateLimitedCalls--;
      sendJson(
        res,
        400,
        { error: { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4, is_transient: true, fbtrace_id: 'ASandboxTrace4' } },
        { 'x-app-usage': JSON.stringify({ call_count: 100, total_time: 40, total_cputime: 35 }) },
      );
      return;
    }
    try {
      const body = route(method, url.pathname, params, jsonBody);
      const result = await body;
      sendJson(res, 200, result, { 'x-app-usage': JSON.stringify({ call_count: 3, total_time: 1, total_cputime: 1 }) });
    } catch (error) {
      if (error instanceof GraphError) {
        sendJson(res, error.status, { error: error.envelope });
        return;
      }
      throw error;
    }
  }

  function authenticate(params: Record<string, string>): TokenRecord {
    const token = params.access_token;
    if (!token) throw graphError(400, 2500, 'An active access token must be used to query information about the current user.');
    const record = state.tokens.get(token);
    if (!record) throw graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const proof = params.appsecret_proof;
    if (proof !== undefined) {
      const expected = createHmac('sha256', identity.appSecret).update(token).digest('hex');
      if (proof !== expected) throw new GraphError(400, { message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100, fbtrace_id: 'ASandboxTraceProof' });
    }
    if (!record.valid && record.error) {
      throw graphError(400, record.error.code, record.error.message, record.error.subcode !== undefined ? { error_subcode: record.error.subcode } : {});
    }
    return record;
  }

  function pageRestricted(): GraphError {
    // Only the code, subcode and title are documented (Messenger changelog, 2026-06-25); the wording is the sandbox's.
    return graphError(400, 10, '(#10) Page temporarily restricted', { error_subcode: 1893063 });
  }

  function unknownObject(objectId: string): GraphError {
    return new GraphError(400, {
      message: `Unsupported get request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
      fbtrace_id: 'ASandboxTrace100_33',
    });
  }

  function requirePageToken(token: TokenRecord, pageId: string): void {
    if (token.kind !== 'PAGE') throw graphError(400, 210, '(#210) This call requires a Page access token.');
    if (token.pageId !== pageId) throw unknownObject(pageId);
  }

  function requireAppToken(token: TokenRecord, appId: string): void {
    if (token.kind !== 'APP') throw graphError(400, 15, '(#15) This method must be called with an app access_token.');
    if (token.appId !== appId) throw unknownObject(appId);
  }

  function pickFields(source: Record<string, unknown>, fields: string | undefined, defaults: string[], nodeType: string): Record<string, unknown> {
    const wanted = fields ? fields.split(',').map((f) => f.trim()).filter(Boolean) : defaults;
    const out: Record<string, unknown> = { id: source.id };
    for (const field of wanted) {
      if (field === 'id') continue;
      if (field === 'picture' && nodeType === 'Page') {
        out.picture = { data: { height: 50, is_silhouette: false, url: 'https://scontent.example.invalid/sandbox_page.jpg', width: 50 } };
        continue;
      }
      if (!(field in source) && !OPTIONAL_FIELDS.has(field)) throw graphError(400, 100, `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`);
      if (field in source) out[field] = source[field];
    }
    return out;
  }

  async function route(method: string, path: string, params: Record<string, string>, json: Record<string, unknown> | undefined): Promise<unknown> {
    const match = /^\/(v\d+\.\d)\/(.+?)\/?$/.exec(path);
    if (!match) {
      unmatched.push(`${method} ${path}`);
      throw graphError(400, 2500, `Unknown path components: ${path}`);
    }
    const parts = (match[2] as string).split('/');
    const [node, edge, extra] = parts;
    if (extra !== undefined || !node) {
      unmatched.push(`${method} ${path}`);
      throw graphError(400, 2500, `Unknown path components: /${parts.slice(1).join('/')}`);
    }
    // The token exchange authenticates with the app secret, not with an access token.
    if (node === 'oauth' && edge === 'access_token' && method === 'GET') return exchangeUserToken(params);
    const token = authenticate(params);

    if (node === 'debug_token' && edge === undefined && method === 'GET') {
      if (token.kind !== 'APP' && token.kind !== 'USER') throw graphError(400, 100, '(#100) You must provide an app access token, or a user access token that is an owner or developer of the app');
      const input = params.input_token;
      if (!input) throw graphError(400, 100, '(#100) The parameter input_token is required');
      const inspected = state.tokens.get(input);
      if (!inspected) return { data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }, scopes: [] } };
      const data: Record<string, unknown> = {
        app_id: inspected.appId,
        type: inspected.kind,
        application: identity.appName,
        expires_at: inspected.expiresAt,
        is_valid: inspected.valid,
        scopes: inspected.valid ? inspected.scopes : [],
      };
      if (inspected.kind !== 'APP') {
        data.issued_at = Math.floor(Date.now() / 1000) - 7 * DAY;
        data.data_access_expires_at = inspected.dataAccessExpiresAt ?? Math.floor(Date.now() / 1000) + 80 * DAY;
        data.user_id = inspected.userId;
        data.granular_scopes = inspected.scopes.map((scope) => (scope === 'business_management' || scope === 'public_profile' ? { scope } : { scope, target_ids: [inspected.pageId ?? identity.pageId] }));
      }
      if (inspected.pageId) data.profile_id = inspected.pageId;
      if (inspected.error) data.error = { code: inspected.error.code, message: inspected.error.message, ...(inspected.error.subcode !== undefined ? { subcode: inspected.error.subcode } : {}) };
      return { data };
    }

    if (node === 'me' && edge === undefined && method === 'GET') {
      if (token.kind === 'PAGE') return pickFields(state.pages.get(token.pageId as string) as unknown as Record<string, unknown>, params.fields, ['name'], 'Page');
      if (token.kind === 'USER') return pickFields({ id: '3333333333333333', name: 'Alex Admin' }, params.fields, ['name'], 'User');
      return { id: token.appId, name: identity.appName };
    }
    if (node === 'me' && edge === 'accounts' && method === 'GET') {
      if (token.kind !== 'USER') throw graphError(400, 100, `(#100) Tried accessing nonexisting field (accounts) on node type (${token.kind === 'PAGE' ? 'Page' : 'Application'})`);
      return { data: [...state.pages.values()].map((page) => userPage(token, page)), paging: { cursors: { before: 'QVFIUsandboxBefore', after: 'QVFIUsandboxAfter' } } };
    }
    if (node === 'me' && edge === 'messages' && method === 'POST') {
      if (token.kind !== 'PAGE') throw graphError(400, 210, '(#210) This call requires a Page access token.');
      return sendMessage(params, json);
    }

    const page = state.pages.get(node);
    if (page) {
      if (edge === undefined && method === 'GET') {
        if (token.kind === 'PAGE' && token.pageId !== page.id) throw unknownObject(page.id);
        if (token.kind === 'APP') throw unknownObject(page.id);
        if (state.pageRestricted && page.id === identity.pageId) throw pageRestricted();
        // Whether the token's app gets this page's webhooks, as the page node's field says (SDK).
        const subscribed = (state.subscribedApps.get(page.id) ?? []).some((app) => app.id === token.appId);
        return pickFields({ ...page, is_webhooks_subscribed: subscribed }, params.fields, ['name'], 'Page');
      }
      if (edge === 'subscribed_apps') {
        requirePageToken(token, page.id);
        const apps = state.subscribedApps.get(page.id) ?? [];
        if (method === 'GET') return { data: apps.map((app) => ({ ...app, subscribed_fields: [...app.subscribed_fields] })) };
        if (method === 'POST') {
          const raw = params.subscribed_fields;
          if (raw === undefined || raw.trim() === '') throw graphError(400, 100, '(#100) The parameter subscribed_fields is required.');
          const fields = parseFieldList(raw);
          const unknown = fields.find((field) => !VALID_PAGE_FIELDS.has(field));
          if (unknown !== undefined) throw graphError(400, 100, `(#100) Param subscribed_fields[${fields.indexOf(unknown)}] must be one of {${[...VALID_PAGE_FIELDS].join(', ')}} - got "${unknown}".`);
          if (!token.scopes.includes('pages_manage_metadata')) throw graphError(403, 200, '(#200) Requires pages_manage_metadata permission to manage the object');
          const existing = apps.find((app) => app.id === token.appId);
          if (existing) existing.subscribed_fields = fields;
          else apps.push({ id: token.appId, name: identity.appName, category: 'Business', link: 'https://contoso.example/3cx', subscribed_fields: fields });
          state.subscribedApps.set(page.id, apps);
          return { success: true };
        }
        if (method === 'DELETE') {
          state.subscribedApps.set(page.id, apps.filter((app) => app.id !== token.appId));
          return { success: true };
        }
      }
      if (edge === 'messages' && method === 'POST') {
        requirePageToken(token, page.id);
        return sendMessage(params, json);
      }
      if (edge === 'conversations' && method === 'GET') {
        requirePageToken(token, page.id);
        if (state.conversationsForbidden) throw graphError(403, 200, '(#200) Requires pages_read_engagement permission to manage the object');
        if (params.platform !== undefined && params.platform !== 'messenger' && params.platform !== 'instagram') throw graphError(400, 100, '(#100) Param platform must be one of {MESSENGER, INSTAGRAM}');
        const limit = params.limit === undefined ? 25 : Number(params.limit);
        const list = params.platform === 'instagram' ? [] : state.conversations.slice(0, limit);
        return { data: list.map((conversation) => pickFields(conversation, params.fields ?? 'id', ['id'], 'Conversation')) };
      }
    }

    if (node === identity.appId) {
      if (edge === undefined && method === 'GET') {
        if (token.kind !== 'APP') return pickFields({ id: identity.appId, name: identity.appName, link: state.app.link }, params.fields ?? 'name', ['name'], 'Application');
        return pickFields(state.app, params.fields, ['name'], 'Application');
      }
      if (edge === 'subscriptions') {
        requireAppToken(token, node);
        if (method === 'GET') return { data: state.appSubscriptions.map((s) => ({ ...s, fields: s.fields.map((f) => ({ ...f })) })) };
        if (method === 'POST') return createAppSubscription(params);
        if (method === 'DELETE') {
          const object = params.object;
          const fields = params.fields ? parseFieldList(params.fields) : undefined;
          state.appSubscriptions = state.appSubscriptions.flatMap((s) => {
            if (object && s.object !== object) return [s];
            if (!fields) return [];
            return [{ ...s, fields: s.fields.filter((f) => !fields.includes(f.name)) }];
          });
          return { success: true };
        }
      }
      if (edge === 'permissions' && method === 'GET') {
        requireAppToken(token, node);
        const status = params.status;
        return { data: state.permissions.filter((p) => !status || p.status === status) };
      }
    }

    const person = state.people.get(node);
    if (person && edge === undefined && method === 'GET') {
      if (token.kind !== 'PAGE') throw graphError(400, 210, '(#210) This call requires a Page access token.');
      if (!state.profileAccess) throw graphError(400, 100, '(#100) Insufficient permission to access user profile.', { error_subcode: 2018247 });
      return pickFields({ id: node, first_name: person.first_name, last_name: person.last_name, name: `${person.first_name} ${person.last_name}`, profile_pic: `https://platform-lookaside.fbsbx.example/platform/profilepic/?psid=${node}&sandbox=1` }, params.fields, ['first_name', 'last_name', 'profile_pic'], 'User');
    }

    if (/^\d+$/.test(node) && edge === undefined && method === 'GET') throw unknownObject(node);
    unmatched.push(`${method} ${path}`);
    throw graphError(400, 2500, `Unknown path components: ${path}`);
  }

  /**
   * GET /oauth/access_token?grant_type=fb_exchange_token: a new long-lived (60-day) user token for
   * a valid user token of this app.
   */
  function exchangeUserToken(params: Record<string, string>): unknown {
    if (params.grant_type !== 'fb_exchange_token') throw graphError(400, 100, '(#100) Unsupported grant_type');
    if (params.client_id !== identity.appId) throw graphError(400, 101, 'Error validating application. Invalid application ID.');
    if (params.client_secret !== identity.appSecret) throw graphError(400, 1, 'Error validating client secret.');
    const given = params.fb_exchange_token;
    const record = given === undefined ? undefined : state.tokens.get(given);
    if (!record || !record.valid || record.kind !== 'USER' || record.appId !== identity.appId) throw graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const nowSeconds = Math.floor(Date.now() / 1000);
    const minted = `EAASandboxLongUserToken${(state.tokens.size + 1).toString().padStart(4, '0')}0alex000000000000000000000ZZ`;
    state.tokens.set(minted, { ...record, expiresAt: nowSeconds + 60 * DAY, dataAccessExpiresAt: nowSeconds + 90 * DAY });
    return { access_token: minted, token_type: 'bearer', expires_in: 60 * DAY };
  }

  /**
   * One entry of /me/accounts with its page token, minted once per user token and page: a page
   * token read with a long-lived user token does not expire; one read with a short-lived user
   * token ends with it.
   */
  function userPage(user: TokenRecord, page: PageRecord): Record<string, unknown> {
    const key = `${user.userId ?? ''}:${user.expiresAt}:${page.id}`;
    let pageToken = state.mintedPageTokens.get(key);
    if (pageToken === undefined) {
      const nowSeconds = Math.floor(Date.now() / 1000);
      pageToken = `EAASandboxPageToken0${page.id}0${(state.tokens.size + 1).toString().padStart(4, '0')}000000000000ZZ`;
      state.tokens.set(pageToken, {
        kind: 'PAGE',
        appId: user.appId,
        pageId: page.id,
        ...(user.userId !== undefined ? { userId: user.userId } : {}),
        valid: true,
        expiresAt: user.expiresAt - nowSeconds > DAY ? 0 : user.expiresAt,
        ...(user.dataAccessExpiresAt !== undefined ? { dataAccessExpiresAt: user.dataAccessExpiresAt } : {}),
        scopes: user.scopes,
      });
      state.mintedPageTokens.set(key, pageToken);
    }
    return { access_token: pageToken, category: page.category, category_list: [{ id: '2211', name: page.category }], name: page.name, id: page.id, tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'] };
  }

  function sendMessage(params: Record<string, string>, json: Record<string, unknown> | undefined): unknown {
    const body = json ?? {
      recipient: params.recipient ? safeParse(params.recipient) : undefined,
      message: params.message ? safeParse(params.message) : undefined,
      messaging_type: params.messaging_type,
    };
    const recipient = body.recipient as { id?: string } | undefined;
    const message = body.message as { text?: string } | undefined;
    if (!recipient?.id) throw graphError(400, 100, '(#100) The parameter recipient is required');
    if (!message) throw graphError(400, 100, '(#100) The parameter message is required');
    if (!body.messaging_type) throw graphError(400, 100, '(#100) The parameter messaging_type is required');
    if (state.pageRestricted) throw pageRestricted();
    const person = state.people.get(recipient.id);
    if (!person) throw graphError(400, 100, '(#100) No matching user found', { error_subcode: 2018001 });
    if (person.blocked) throw graphError(400, 551, "(#551) This person isn't available right now.", { error_subcode: 1545041 });
    if (body.messaging_type === 'RESPONSE' && Date.now() - person.lastMessageAt > DAY * 1000) {
      throw graphError(400, 10, '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview', { error_subcode: 2018278 });
    }
    return { recipient_id: recipient.id, message_id: `m_sandbox_${randomBytes(12).toString('hex')}` };
  }

  async function createAppSubscription(params: Record<string, string>): Promise<unknown> {
    const { object, callback_url: callbackUrl, verify_token: verifyToken, fields } = params;
    if (!object) throw graphError(400, 100, '(#100) The parameter object is required');
    if (!callbackUrl) throw graphError(400, 100, '(#100) The parameter callback_url is required');
    if (!verifyToken) throw graphError(400, 100, '(#100) The parameter verify_token is required');
    const list = fields ? parseFieldList(fields) : [];
    const unknown = list.find((field) => !VALID_PAGE_FIELDS.has(field));
    if (unknown !== undefined) throw graphError(400, 100, `(#100) Param fields[${list.indexOf(unknown)}] must be one of the page webhook fields - got "${unknown}".`);
    // Like Meta, check the callback before answering.
    const challenge = String(Math.floor(Math.random() * 1e9));
    const result = await verifyCallback(callbackUrl, verifyToken, challenge);
    if (result.status !== 200 || result.body !== challenge) {
      const detail = result.status === 0 ? `curl_errno = ${result.errno ?? 7}; HTTP Status Code = 0` : `HTTP Status Code = ${result.status}; HTTP Message = ${result.statusMessage}`;
      throw graphError(400, 2200, `(#2200) Callback verification failed with the following errors: ${result.status === 200 ? 'Response does not match challenge, expected value' : detail}`);
    }
    const existing = state.appSubscriptions.find((s) => s.object === object);
    const merged = new Set([...(existing?.fields.map((f) => f.name) ?? []), ...list]);
    const next: AppSubscription = { object, callback_url: callbackUrl, active: true, fields: [...merged].map((name) => ({ name, version: DEFAULT_GRAPH_VERSION })) };
    state.appSubscriptions = [...state.appSubscriptions.filter((s) => s.object !== object), next];
    return { success: true };
  }

  function verifyCallback(callbackUrl: string, verifyToken: string, challenge: string): Promise<{ status: number; statusMessage: string; body: string; errno?: number }> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(callbackUrl);
      } catch {
        resolve({ status: 0, statusMessage: '', body: '', errno: 3 });
        return;
      }
      if (target.protocol !== 'https:' || !hosts.includes(target.hostname)) {
        // Only the sandbox's own 3CX host is reachable from the emulator.
        resolve({ status: 0, statusMessage: '', body: '', errno: 6 });
        return;
      }
      target.searchParams.set('hub.mode', 'subscribe');
      target.searchParams.set('hub.verify_token', verifyToken);
      target.searchParams.set('hub.challenge', challenge);
      const req = httpsRequest(target, { method: 'GET', ca: trust.ca, lookup: trust.lookup, timeout: 5000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', body }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, statusMessage: '', body: '', errno: 28 }));
      req.end();
    });
  }

  await listen(graphServer);
  const graphPort = (graphServer.address() as AddressInfo).port;
  return {
    scenario,
    graphUrl: `http://127.0.0.1:${graphPort}`,
    identity,
    webhookTrust: trust,
    requests,
    unmatched,
    webhookRequests,
    pbxRequests,
    get webhookConnections() {
      return webhookTraffic.connections;
    },
    async close() {
      await Promise.all([closeServer(graphServer), closeServer(webhookServer)]);
    },
  };
}

const OPTIONAL_FIELDS = new Set(['is_published', 'username', 'category', 'link', 'name', 'privacy_policy_url', 'icon_url', 'website_url', 'supported_platforms', 'logo_url', 'terms_of_service_url', 'app_domains', 'contact_email', 'has_messenger_product', 'subcategory']);

function parseFieldList(raw: string): string[] {
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) {
    const parsed = safeParse(trimmed);
    if (Array.isArray(parsed)) return parsed.map(String);
  }
  return trimmed.split(',').map((field) => field.trim()).filter(Boolean);
}

function safeParse(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function redactParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) out[key] = SECRET_PARAMS.has(key) ? '***' : value;
  return out;
}

function flatHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function listen(server: import('node:net').Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: import('node:http').Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
