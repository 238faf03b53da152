/**
 * The 3CX Configuration API calls fb3cx makes, one typed function each. Paths and query options
 * are written here and nowhere else. Source: 3CX's xapi-tutorial (swagger.yaml of API 20.0.10,
 * auth.ts) as summed up in shared/reference/3cx-xapi.md, with what is UNCONFIRMED there.
 */
import { t } from '../i18n/index.js';
import { PbxApiError } from './errors.js';
import type { PbxCaller } from './types.js';

export interface PbxCredentials {
  clientId: string;
  clientSecret: string;
}

export interface TokenData {
  token_type?: string;
  /** Seconds since 3CX 20.0.9 (minutes before); fb3cx uses a token for one run only, so either will do. */
  expires_in?: number;
  access_token: string;
}

/** POST /connect/token with the client credentials grant. */
export function requestToken(pbx: PbxCaller, credentials: PbxCredentials): Promise<TokenData> {
  return pbx.call<TokenData>({
    method: 'POST',
    path: '/connect/token',
    form: { client_id: credentials.clientId, client_secret: credentials.clientSecret, grant_type: 'client_credentials' },
    authorised: false,
    operation: t('pbx.operation.token'),
    accepts: (body) => typeof body.access_token === 'string' && body.access_token !== '',
  });
}

export interface SystemStatusData {
  Version?: string;
  Activated?: boolean;
  FQDN?: string;
}

/** GET /xapi/v1/SystemStatus: the version and whether the system is activated; a cheap "credentials work" probe. */
export function readSystemStatus(pbx: PbxCaller): Promise<SystemStatusData> {
  return pbx.call<SystemStatusData>({
    path: '/xapi/v1/SystemStatus',
    query: { $select: 'Version,Activated,FQDN' },
    operation: t('pbx.operation.status'),
    accepts: (body) => typeof body.Version === 'string',
  });
}

export interface ChatMessageData {
  /** ISO 8601 with an offset. */
  TimeSent: string;
  /** The enum Pbx.ChatType: SMS, LiveChat, Facebook, Internal, RCS. */
  ProviderType?: string;
  /** The name given to the integration in Voice & Chat. */
  ProviderName?: string;
  ChatName?: string;
  IsExternal?: boolean;
}

const CHAT_FIELDS = 'TimeSent,ProviderType,ProviderName,ChatName,IsExternal';
/** OData v4's spelling of an enum literal; whether 3CX takes it is UNCONFIRMED. */
export const FACEBOOK_FILTER = "ProviderType eq Pbx.ChatType'Facebook'";
/** How many of the newest messages are read when the filter is refused and fb3cx filters them itself. */
export const UNFILTERED_PAGE = 100;

export interface NewestFacebookMessage {
  message: ChatMessageData | undefined;
  /** 'server': 3CX took the filter; 'client': it refused it and fb3cx read the newest page itself. */
  filteredBy: 'server' | 'client';
  /** Under 'client': how many messages of any kind were read. */
  scanned?: number;
}

interface Collection<T> {
  value: T[];
}

const isCollection = (body: Record<string, unknown>) => Array.isArray(body.value);

function chatHistory(pbx: PbxCaller, query: Record<string, string>): Promise<Collection<ChatMessageData>> {
  return pbx.call<Collection<ChatMessageData>>({
    path: '/xapi/v1/ChatHistoryView',
    query: { $orderby: 'TimeSent desc', $select: CHAT_FIELDS, ...query },
    operation: t('pbx.operation.chats'),
    accepts: isCollection,
  });
}

/**
 * GET /xapi/v1/ChatHistoryView: the newest message of a Facebook integration the PBX stored. The
 * enum filter is tried first; when the server refuses it (HTTP 400), the newest page is read
 * without it and filtered here.
 */
export async function readNewestFacebookMessage(pbx: PbxCaller): Promise<NewestFacebookMessage> {
  try {
    const answer = await chatHistory(pbx, { $filter: FACEBOOK_FILTER, $top: '1' });
    return { message: answer.value[0], filteredBy: 'server' };
  } catch (error) {
    if (!(error instanceof PbxApiError && error.status === 400)) throw error;
  }
  const page = await chatHistory(pbx, { $top: String(UNFILTERED_PAGE) });
  return { message: page.value.find((message) => message.ProviderType === 'Facebook'), filteredBy: 'client', scanned: page.value.length };
}
