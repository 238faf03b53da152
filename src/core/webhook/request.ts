import { t } from '../../i18n/index.js';
import { shorten } from '../text.js';
import { safeEqualText, verifySignature } from './signature.js';
import type { SignatureKind } from './types.js';

/**
 * What the listener answers, decided without any socket: the HTTP server in src/io feeds it the
 * method, path, query, signature headers and raw body, and writes back what comes out.
 */
export interface ListenerPolicy {
  /** The one path that takes webhooks, such as "/webhook". */
  path: string;
  verifyToken: string;
  /** When undefined, signatures are not checked and events are marked unverified. */
  appSecret?: string | undefined;
}

export interface Rejection {
  kind: 'rejected';
  status: number;
  /** Stable, for scripts (listen --json): the reason's sentence follows the language. */
  code: string;
  reason: string;
}

export interface HandshakeAnswer {
  kind: 'handshake';
  status: 200;
  challenge: string;
}

export interface AcceptedPost {
  kind: 'accepted';
  status: 200;
  payload: unknown;
  signature: SignatureKind;
}

export type WebhookDecision = Rejection | HandshakeAnswer | AcceptedPost;

/** The body fb3cx answers accepted POSTs with, as Meta's own sample does. */
export const ACCEPTED_BODY = 'EVENT_RECEIVED';

/** Path and method first: anything but GET or POST on the webhook path is refused here. */
export function routeRequest(method: string, pathname: string, policy: ListenerPolicy): Rejection | 'handshake' | 'event' {
  if (pathname !== policy.path) return { kind: 'rejected', status: 404, code: 'wrong_path', reason: t('webhook.reject.wrongPath', { path: printable(pathname), webhookPath: policy.path }) };
  if (method === 'GET') return 'handshake';
  if (method === 'POST') return 'event';
  return { kind: 'rejected', status: 405, code: 'method_not_allowed', reason: t('webhook.reject.methodNotAllowed', { method: printable(method) }) };
}

/**
 * Meta's verification GET: `hub.mode=subscribe`, the right `hub.verify_token`, and the
 * `hub.challenge` echoed back exactly. GETs are never signature-checked (there is no body).
 */
export function answerHandshake(query: URLSearchParams, verifyToken: string): HandshakeAnswer | Rejection {
  const mode = query.get('hub.mode');
  const token = query.get('hub.verify_token');
  const challenge = query.get('hub.challenge');
  if (mode === null && token === null && challenge === null) {
    return { kind: 'rejected', status: 400, code: 'not_verification', reason: t('webhook.reject.notVerification') };
  }
  if (mode !== 'subscribe') return { kind: 'rejected', status: 403, code: 'wrong_mode', reason: t('webhook.reject.wrongMode', { mode: printable(mode ?? '') }) };
  if (token === null || !safeEqualText(token, verifyToken)) {
    return { kind: 'rejected', status: 403, code: 'wrong_verify_token', reason: t('webhook.reject.wrongVerifyToken') };
  }
  if (challenge === null || challenge === '') return { kind: 'rejected', status: 400, code: 'no_challenge', reason: t('webhook.reject.noChallenge') };
  return { kind: 'handshake', status: 200, challenge };
}

/** A POST body: signature over the raw bytes (when the app secret is known), then JSON. */
export function acceptEventPost(rawBody: Buffer, headers: { sha256?: string | undefined; sha1?: string | undefined }, appSecret: string | undefined): AcceptedPost | Rejection {
  let signature: SignatureKind = 'none';
  if (appSecret !== undefined) {
    const check = verifySignature(rawBody, headers, appSecret);
    if (!check.ok) return { kind: 'rejected', status: 403, code: check.code, reason: check.reason };
    signature = check.algorithm;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return rawBody.byteLength === 0
      ? { kind: 'rejected', status: 400, code: 'body_empty', reason: t('webhook.reject.bodyEmpty') }
      : { kind: 'rejected', status: 400, code: 'body_not_json', reason: t('webhook.reject.bodyNotJson') };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { kind: 'rejected', status: 400, code: 'body_not_object', reason: t('webhook.reject.bodyNotObject') };
  }
  return { kind: 'accepted', status: 200, payload, signature };
}

/** Header values are raw bytes from anyone: only printable ASCII reaches a message, shortened. */
export function printable(text: string): string {
  return shorten(text.replace(/[^\x20-\x7e]/g, '?'));
}
