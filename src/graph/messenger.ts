/**
 * The Graph API calls fb3cx makes, one typed function each. Paths, tokens and parameter names
 * are written here and nowhere else, so a command or check never spells a Graph path itself.
 * Shapes: shared/reference/graph-api-facts.md and the samples beside it.
 */
import { t } from '../i18n/index.js';
import { GraphApiError } from './errors.js';
import type { GraphApi } from './types.js';

/** Only `call` is needed, so tests and callers may pass a plain recording fake. */
export type GraphCaller = Pick<GraphApi, 'call'>;

export interface AppCredentials {
  appId: string;
  appSecret: string;
}

interface Described {
  /** What the call is for, as the error message starts ("Reading the page failed: ..."). */
  operation?: string;
}

/** Graph's app access token. It is as secret as the app secret it contains. */
export function appToken({ appId, appSecret }: AppCredentials): string {
  return `${appId}|${appSecret}`;
}

/** An ID as one path segment: IDs come from users, and a "/" must not reach another node. */
function node(id: string): string {
  return `/${encodeURIComponent(id)}`;
}

/**
 * The documented shape of each answer (graph-api-facts and the samples), as the client checks it:
 * a body without it did not come from Meta. Each names the one thing every such answer holds.
 */
const ANSWER = {
  node: (body: Record<string, unknown>) => typeof body.id === 'string',
  list: (body: Record<string, unknown>) => Array.isArray(body.data),
  debugToken: (body: Record<string, unknown>) => typeof body.data === 'object' && body.data !== null && !Array.isArray(body.data),
  success: (body: Record<string, unknown>) => body.success !== undefined,
  sent: (body: Record<string, unknown>) => typeof body.message_id === 'string' || typeof body.recipient_id === 'string',
} as const;

function listOf<T>(body: { data?: T[] | undefined }): T[] {
  return Array.isArray(body.data) ? body.data : [];
}

// ------------------------------------------------------------------ debug_token

export interface DebugTokenData {
  app_id?: string | number;
  type?: string;
  application?: string;
  is_valid?: boolean;
  expires_at?: number;
  data_access_expires_at?: number;
  profile_id?: string;
  user_id?: string;
  scopes?: string[];
  granular_scopes?: Array<{ scope: string; target_ids?: string[] }>;
  issued_at?: number;
  error?: { code?: number; subcode?: number; message?: string };
}

/** GET /debug_token with the app token: what Meta knows about `inputToken`. */
export async function debugToken(graph: GraphCaller, input: AppCredentials & Described & { inputToken: string }): Promise<DebugTokenData> {
  const res = await graph.call<{ data?: DebugTokenData }>({
    path: '/debug_token',
    token: appToken(input),
    query: { input_token: input.inputToken },
    operation: input.operation ?? t('graph.operation.debugToken'),
    accepts: ANSWER.debugToken,
  });
  return res.body.data ?? {};
}

// ------------------------------------------------------------------ tokens that last

export interface LongLivedUserTokenData {
  access_token?: string;
  token_type?: string;
  /** Seconds; about 60 days. Meta may leave it out. */
  expires_in?: number;
}

/**
 * GET /oauth/access_token?grant_type=fb_exchange_token: a long-lived user token (about 60 days)
 * for a short-lived one ("Get long-lived tokens"). The app secret travels as client_secret, so the
 * call carries no access_token (and so no appsecret_proof).
 */
export async function exchangeForLongLivedUserToken(graph: GraphCaller, input: AppCredentials & Described & { userToken: string }): Promise<LongLivedUserTokenData> {
  const res = await graph.call<LongLivedUserTokenData>({
    path: '/oauth/access_token',
    query: { grant_type: 'fb_exchange_token', client_id: input.appId, client_secret: input.appSecret, fb_exchange_token: input.userToken },
    operation: input.operation ?? t('graph.operation.exchangeToken'),
    accepts: (body) => typeof body.access_token === 'string',
  });
  return res.body;
}

export interface UserPageData {
  id: string;
  name?: string;
  /** The page token, as long-lived as the user token that read it. */
  access_token?: string;
  category?: string;
  tasks?: string[];
}

export const USER_PAGE_FIELDS = ['id', 'name', 'access_token', 'category', 'tasks'] as const;

/** Enough for anyone: a person with more pages than this is not setting up one page for 3CX by hand. */
const MAX_ACCOUNT_PAGES = 10;

/**
 * GET /me/accounts with a user token: the pages the person can act on, each with its page token.
 * Follows the `after` cursor (Meta pages the list) up to MAX_ACCOUNT_PAGES requests of 100.
 */
export async function readUserPages(graph: GraphCaller, input: Described & { userToken: string }): Promise<UserPageData[]> {
  const pages: UserPageData[] = [];
  let after: string | undefined;
  for (let request = 0; request < MAX_ACCOUNT_PAGES; request++) {
    const res = await graph.call<{ data?: UserPageData[]; paging?: { cursors?: { after?: string }; next?: string } }>({
      path: '/me/accounts',
      token: input.userToken,
      query: { fields: USER_PAGE_FIELDS.join(','), limit: '100', after },
      operation: input.operation ?? t('graph.operation.accounts'),
      accepts: ANSWER.list,
    });
    pages.push(...listOf(res.body));
    after = res.body.paging?.cursors?.after;
    if (typeof res.body.paging?.next !== 'string' || after === undefined) break;
  }
  return pages;
}

// ------------------------------------------------------------------ the page

export interface MeData {
  id?: string;
  name?: string;
}

/** GET /me?fields=id,name: with a page token, the page the token belongs to. */
export async function readMe(graph: GraphCaller, input: Described & { pageToken: string }): Promise<MeData> {
  const res = await graph.call<MeData>({
    path: '/me',
    token: input.pageToken,
    query: { fields: 'id,name' },
    operation: input.operation ?? t('graph.operation.me'),
    accepts: ANSWER.node,
  });
  return res.body;
}

export type PageData = {
  id?: string;
  name?: string;
  link?: string;
  category?: string;
  is_published?: boolean;
  /**
   * Whether the token's app gets the page's webhooks. Known from Meta's business SDK only, not
   * from its reference pages: absent when Meta leaves it out or does not know the field.
   */
  is_webhooks_subscribed?: boolean;
};

export const PAGE_FIELDS: ReadonlyArray<keyof PageData> = ['id', 'name', 'link', 'category', 'is_published', 'is_webhooks_subscribed'];

/** Fields fb3cx asks for without Meta's reference naming them: a read that Meta refuses for them is made again without. */
const UNCONFIRMED_PAGE_FIELDS: ReadonlySet<keyof PageData> = new Set(['is_webhooks_subscribed']);

/** GET /{page-id}?fields=... with the page token. */
export async function readPage(graph: GraphCaller, input: Described & { pageId: string; pageToken: string; fields?: ReadonlyArray<keyof PageData> }): Promise<PageData> {
  const fields = input.fields ?? PAGE_FIELDS;
  const read = async (wanted: ReadonlyArray<keyof PageData>) =>
    (
      await graph.call<PageData>({
        path: node(input.pageId),
        token: input.pageToken,
        query: { fields: wanted.join(',') },
        operation: input.operation ?? t('graph.operation.page'),
        accepts: ANSWER.node,
      })
    ).body;
  try {
    return await read(fields);
  } catch (error) {
    const confirmed = fields.filter((field) => !UNCONFIRMED_PAGE_FIELDS.has(field));
    if (confirmed.length === fields.length || !refusesAField(error, fields.filter((field) => UNCONFIRMED_PAGE_FIELDS.has(field)))) throw error;
    return read(confirmed);
  }
}

/** Meta's "(#100) Tried accessing nonexisting field (x)" for one of these fields. */
function refusesAField(error: unknown, fields: ReadonlyArray<string>): boolean {
  return error instanceof GraphApiError && error.graphCode === 100 && fields.some((field) => error.graphMessage.includes(`(${field})`));
}

// ------------------------------------------------------------------ page subscription

export interface SubscribedAppData {
  id: string;
  name?: string;
  subscribed_fields?: string[];
}

/** GET /{page-id}/subscribed_apps: the apps installed on the page, with their fields. */
export async function readSubscribedApps(graph: GraphCaller, input: Described & { pageId: string; pageToken: string }): Promise<SubscribedAppData[]> {
  const res = await graph.call<{ data?: SubscribedAppData[] }>({
    path: `${node(input.pageId)}/subscribed_apps`,
    token: input.pageToken,
    operation: input.operation ?? t('graph.operation.subscribedApps'),
    accepts: ANSWER.list,
  });
  return listOf(res.body);
}

export interface ConversationData {
  id: string;
  /** ISO 8601; moves for messages in both directions. */
  updated_time?: string;
}

/**
 * GET /{page-id}/conversations?platform=messenger: the page's newest Messenger conversation.
 * Meta asks for pages_read_engagement (and MESSAGING or MODERATE on the page) here; conversations
 * with people without a role on the app need Advanced Access.
 */
export async function readNewestConversation(graph: GraphCaller, input: Described & { pageId: string; pageToken: string }): Promise<ConversationData | undefined> {
  const res = await graph.call<{ data?: ConversationData[] }>({
    path: `${node(input.pageId)}/conversations`,
    token: input.pageToken,
    query: { platform: 'messenger', fields: 'updated_time', limit: '1' },
    operation: t('graph.operation.conversations'),
    accepts: ANSWER.list,
  });
  return listOf(res.body)[0];
}

export interface SuccessData {
  success?: boolean | string;
}

/**
 * POST /{page-id}/subscribed_apps: installs the token's app on the page with these fields. Meta
 * may replace the app's field list rather than add to it, so pass every field the app keeps.
 */
export async function subscribePage(graph: GraphCaller, input: Described & { pageId: string; pageToken: string; fields: readonly string[] }): Promise<SuccessData> {
  const res = await graph.call<SuccessData>({
    method: 'POST',
    path: `${node(input.pageId)}/subscribed_apps`,
    token: input.pageToken,
    form: { subscribed_fields: input.fields.join(',') },
    operation: input.operation ?? t('graph.operation.subscribePage'),
    accepts: ANSWER.success,
  });
  return res.body;
}

// ------------------------------------------------------------------ the app

export type AppData = {
  id?: string;
  name?: string;
  category?: string;
  icon_url?: string;
  privacy_policy_url?: string;
  website_url?: string;
  supported_platforms?: string[];
};

export const APP_FIELDS: ReadonlyArray<keyof AppData> = ['id', 'name', 'category', 'icon_url', 'privacy_policy_url', 'website_url', 'supported_platforms'];

/** GET /{app-id}?fields=... with the app token; an answer at all proves ID and secret belong together. */
export async function readApp(graph: GraphCaller, input: AppCredentials & Described & { fields?: ReadonlyArray<keyof AppData> }): Promise<AppData> {
  const res = await graph.call<AppData>({
    path: node(input.appId),
    token: appToken(input),
    query: { fields: (input.fields ?? APP_FIELDS).join(',') },
    operation: input.operation ?? t('graph.operation.app'),
    accepts: ANSWER.node,
  });
  return res.body;
}

export interface AppSubscriptionData {
  object: string;
  callback_url?: string | undefined;
  active?: boolean | undefined;
  /** Meta answers `{name, version}` objects; older answers and hand-made states hold plain names. */
  fields?: Array<{ name: string; version?: string } | string> | undefined;
}

export function subscriptionFieldNames(fields: AppSubscriptionData['fields']): string[] {
  return (fields ?? []).map((field) => (typeof field === 'string' ? field : field.name));
}

/** GET /{app-id}/subscriptions: the app's webhooks, one per object type. */
export async function readAppSubscriptions(graph: GraphCaller, input: AppCredentials & Described): Promise<AppSubscriptionData[]> {
  const res = await graph.call<{ data?: AppSubscriptionData[] }>({
    path: `${node(input.appId)}/subscriptions`,
    token: appToken(input),
    operation: input.operation ?? t('graph.operation.appSubscriptions'),
    accepts: ANSWER.list,
  });
  return listOf(res.body);
}

export interface AppSubscriptionRequest {
  object: 'page';
  callbackUrl: string;
  /** Meta sends it back in the callback check it makes before answering. */
  verifyToken: string;
  fields: readonly string[];
  includeValues: boolean;
}

/** The form POST /{app-id}/subscriptions takes. */
export function appSubscriptionForm(request: AppSubscriptionRequest): Record<string, string> {
  return {
    object: request.object,
    callback_url: request.callbackUrl,
    verify_token: request.verifyToken,
    fields: request.fields.join(','),
    include_values: String(request.includeValues),
  };
}

/** POST /{app-id}/subscriptions: creates or updates the app's webhook for one object type. */
export async function setAppSubscription(graph: GraphCaller, input: AppCredentials & Described & { subscription: AppSubscriptionRequest }): Promise<SuccessData> {
  const res = await graph.call<SuccessData>({
    method: 'POST',
    path: `${node(input.appId)}/subscriptions`,
    token: appToken(input),
    form: appSubscriptionForm(input.subscription),
    operation: input.operation ?? t('graph.operation.setAppWebhook'),
    accepts: ANSWER.success,
  });
  return res.body;
}

export interface PermissionData {
  permission: string;
  status: string;
}

/** GET /{app-id}/permissions: each permission and its access level (shape not yet confirmed against Meta's own answers). */
export async function readAppPermissions(graph: GraphCaller, input: AppCredentials & Described): Promise<PermissionData[]> {
  const res = await graph.call<{ data?: PermissionData[] }>({
    path: `${node(input.appId)}/permissions`,
    token: appToken(input),
    operation: input.operation ?? t('graph.operation.permissions'),
    accepts: ANSWER.list,
  });
  return listOf(res.body);
}

// ------------------------------------------------------------------ people and messages

export type UserProfileData = {
  id?: string;
  first_name?: string;
  last_name?: string;
  name?: string;
  profile_pic?: string;
};

export const USER_PROFILE_FIELDS: ReadonlyArray<keyof UserProfileData> = ['first_name', 'last_name', 'profile_pic'];

/** GET /{psid}?fields=... with the page token; needs Business Asset User Profile Access. */
export async function readUserProfile(graph: GraphCaller, input: Described & { psid: string; pageToken: string; fields?: ReadonlyArray<keyof UserProfileData> }): Promise<UserProfileData> {
  const res = await graph.call<UserProfileData>({
    path: node(input.psid),
    token: input.pageToken,
    query: { fields: (input.fields ?? USER_PROFILE_FIELDS).join(',') },
    operation: input.operation ?? t('graph.operation.userProfile'),
    accepts: ANSWER.node,
  });
  return res.body;
}

export interface SendMessageData {
  /** Left out by Meta when the recipient was addressed other than by PSID. */
  recipient_id?: string;
  message_id?: string;
}

/**
 * POST /{page-id}/messages (the Send API): a text answer inside the 24-hour window, hence
 * messaging_type RESPONSE. Without a page ID, "me" stands for the page of the page token.
 */
export async function sendTextMessage(graph: GraphCaller, input: Described & { pageId?: string | undefined; pageToken: string; recipientId: string; text: string }): Promise<SendMessageData> {
  const res = await graph.call<SendMessageData>({
    method: 'POST',
    path: `${node(input.pageId ?? 'me')}/messages`,
    token: input.pageToken,
    json: { recipient: { id: input.recipientId }, messaging_type: 'RESPONSE', message: { text: input.text } },
    operation: input.operation ?? t('graph.operation.send'),
    accepts: ANSWER.sent,
  });
  return res.body;
}
