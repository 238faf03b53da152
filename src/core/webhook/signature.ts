import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

export type SignatureAlgorithm = 'sha256' | 'sha1';

/** `sha256=<hex>`: HMAC of the exact body bytes keyed with the app secret (graph-api-facts 6.2). */
export function signBody(body: Uint8Array | string, appSecret: string, algorithm: SignatureAlgorithm = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, appSecret).update(body).digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true; algorithm: SignatureAlgorithm }
  | { ok: false; reason: string };

const HEX_LENGTH: Record<SignatureAlgorithm, number> = { sha256: 64, sha1: 40 };

/**
 * Checks `X-Hub-Signature-256` over the raw bytes with a constant-time comparison. The legacy
 * `X-Hub-Signature` (sha1) counts only when the sha256 header is absent; the caller flags it.
 */
export function verifySignature(rawBody: Uint8Array, headers: { sha256?: string | undefined; sha1?: string | undefined }, appSecret: string): SignatureCheck {
  if (headers.sha256 !== undefined) return compare(rawBody, headers.sha256, appSecret, 'sha256', 'X-Hub-Signature-256');
  if (headers.sha1 !== undefined) return compare(rawBody, headers.sha1, appSecret, 'sha1', 'X-Hub-Signature');
  return { ok: false, reason: 'the X-Hub-Signature-256 header is missing, so the body cannot be verified' };
}

function compare(rawBody: Uint8Array, header: string, appSecret: string, algorithm: SignatureAlgorithm, headerName: string): SignatureCheck {
  const trimmed = header.trim();
  const prefix = `${algorithm}=`;
  if (!trimmed.toLowerCase().startsWith(prefix)) {
    return { ok: false, reason: `the ${headerName} header does not start with "${prefix}"` };
  }
  const hex = trimmed.slice(prefix.length);
  if (hex.length !== HEX_LENGTH[algorithm] || !/^[0-9a-fA-F]+$/.test(hex)) {
    return { ok: false, reason: `the ${headerName} header is not a ${algorithm} hex digest` };
  }
  const expected = createHmac(algorithm, secretKey(appSecret)).update(rawBody).digest();
  const given = Buffer.from(hex, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: `the ${headerName} signature does not match this app secret (wrong app secret, or the body was changed on the way)` };
  }
  return { ok: true, algorithm };
}

// One listener checks thousands of bodies with the same secret: prepare its key once.
let cachedKey: { secret: string; key: KeyObject } | undefined;
function secretKey(appSecret: string): KeyObject {
  if (cachedKey?.secret !== appSecret) cachedKey = { secret: appSecret, key: createSecretKey(Buffer.from(appSecret, 'utf8')) };
  return cachedKey.key;
}

/** Constant-time comparison of two strings (the verify token), safe for different lengths. */
export function safeEqualText(a: string, b: string): boolean {
  const left = createHmac('sha256', 'fb3cx-compare').update(a).digest();
  const right = createHmac('sha256', 'fb3cx-compare').update(b).digest();
  return timingSafeEqual(left, right) && a === b;
}
