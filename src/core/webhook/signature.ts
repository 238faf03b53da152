import { createHmac, hash, timingSafeEqual } from 'node:crypto';

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
  const expected = hmacOneShot(algorithm, hmacKey(appSecret, algorithm), rawBody);
  const given = Buffer.from(hex, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: `the ${headerName} signature does not match this app secret (wrong app secret, or the body was changed on the way)` };
  }
  return { ok: true, algorithm };
}

/** The HMAC key pads (RFC 2104) for one secret; SHA-1 and SHA-256 both use 64-byte blocks. */
interface HmacPads {
  secret: string;
  algorithm: SignatureAlgorithm;
  inner: Buffer;
  outer: Buffer;
}

const BLOCK_BYTES = 64;

// One listener checks thousands of bodies with the same secret: prepare its pads once.
let cachedPads: HmacPads | undefined;
function hmacKey(appSecret: string, algorithm: SignatureAlgorithm): HmacPads {
  if (cachedPads?.secret === appSecret && cachedPads.algorithm === algorithm) return cachedPads;
  let key = Buffer.from(appSecret, 'utf8');
  if (key.length > BLOCK_BYTES) key = hash(algorithm, key, 'buffer');
  const inner = Buffer.alloc(BLOCK_BYTES, 0x36);
  const outer = Buffer.alloc(BLOCK_BYTES, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (inner[i] as number) ^ (key[i] as number);
    outer[i] = (outer[i] as number) ^ (key[i] as number);
  }
  cachedPads = { secret: appSecret, algorithm, inner, outer };
  return cachedPads;
}

/**
 * HMAC computed as H(outer || H(inner || body)) with one-shot hashes. Same result as
 * createHmac (the tests compare both on random keys and bodies), but without a native Hmac
 * object per request, which under load cost the listener several microseconds per event.
 */
export function hmacOneShot(algorithm: SignatureAlgorithm, pads: HmacPads, body: Uint8Array): Buffer {
  const innerDigest = hash(algorithm, Buffer.concat([pads.inner, body]), 'buffer');
  return hash(algorithm, Buffer.concat([pads.outer, innerDigest]), 'buffer');
}

/** For tests: the HMAC of a body with a secret through the one-shot path. */
export function hmacOf(body: Uint8Array, appSecret: string, algorithm: SignatureAlgorithm = 'sha256'): Buffer {
  return hmacOneShot(algorithm, hmacKey(appSecret, algorithm), body);
}

/** Constant-time comparison of two strings (the verify token), safe for different lengths. */
export function safeEqualText(a: string, b: string): boolean {
  const left = createHmac('sha256', 'fb3cx-compare').update(a).digest();
  const right = createHmac('sha256', 'fb3cx-compare').update(b).digest();
  return timingSafeEqual(left, right) && a === b;
}
