import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { t } from '../../i18n/index.js';

export type SignatureAlgorithm = 'sha256' | 'sha1';

/** `sha256=<hex>`: HMAC of the exact body bytes keyed with the app secret (graph-api-facts 6.2). */
export function signBody(body: Uint8Array | string, appSecret: string, algorithm: SignatureAlgorithm = 'sha256'): string {
  return `${algorithm}=${createHmac(algorithm, appSecret).update(body).digest('hex')}`;
}

export type SignatureCheck =
  | { ok: true; algorithm: SignatureAlgorithm }
  | { ok: false; code: string; reason: string };

/**
 * Checks `X-Hub-Signature-256` over the raw bytes with a constant-time comparison. The legacy
 * `X-Hub-Signature` (sha1) counts only when the sha256 header is absent; the caller flags it.
 */
export function verifySignature(rawBody: Uint8Array, headers: { sha256?: string | undefined; sha1?: string | undefined }, appSecret: string): SignatureCheck {
  if (headers.sha256 !== undefined) return compare(rawBody, headers.sha256, appSecret, 'sha256', 'X-Hub-Signature-256');
  if (headers.sha1 !== undefined) return compare(rawBody, headers.sha1, appSecret, 'sha1', 'X-Hub-Signature');
  return { ok: false, code: 'signature_missing', reason: t('webhook.signature.missing') };
}

function compare(rawBody: Uint8Array, header: string, appSecret: string, algorithm: SignatureAlgorithm, headerName: string): SignatureCheck {
  const trimmed = header.trim();
  const prefix = `${algorithm}=`;
  if (!trimmed.startsWith(prefix) && trimmed.slice(0, prefix.length).toLowerCase() !== prefix) {
    return { ok: false, code: 'signature_prefix', reason: t('webhook.signature.prefix', { header: headerName, prefix }) };
  }
  const pads = hmacKey(appSecret, algorithm);
  // Decoding hex stops at the first character that is not hex, so a full write means a valid digest.
  const given = pads.given;
  if (trimmed.length - prefix.length !== given.length * 2 || given.write(trimmed.slice(prefix.length), 0, 'hex') !== given.length) {
    // node:http joins a repeated header with ", ": two signatures are ambiguous, so refused.
    if (trimmed.includes(',')) return { ok: false, code: 'signature_repeated', reason: t('webhook.signature.repeated', { header: headerName }) };
    return { ok: false, code: 'signature_malformed', reason: t('webhook.signature.malformed', { header: headerName, algorithm }) };
  }
  pads.expected.write(hmacDigest(pads, rawBody), 0, 'latin1');
  if (!timingSafeEqual(given, pads.expected)) {
    return { ok: false, code: 'signature_mismatch', reason: t('webhook.signature.mismatch', { header: headerName }) };
  }
  return { ok: true, algorithm };
}

/** The HMAC key pads (RFC 2104) for one secret; SHA-1 and SHA-256 both use 64-byte blocks. */
interface HmacPads {
  secret: string;
  algorithm: SignatureAlgorithm;
  inner: Buffer;
  /** The outer pad followed by room for the inner digest: the whole input of the outer hash. */
  outer: Buffer;
  /** Reused for the digest a request carries and the one computed, so a check allocates no buffers. */
  given: Buffer;
  expected: Buffer;
}

const BLOCK_BYTES = 64;
const DIGEST_BYTES: Record<SignatureAlgorithm, number> = { sha256: 32, sha1: 20 };

// One listener checks thousands of bodies with the same secret: prepare its pads once.
let cachedPads: HmacPads | undefined;
function hmacKey(appSecret: string, algorithm: SignatureAlgorithm): HmacPads {
  if (cachedPads?.secret === appSecret && cachedPads.algorithm === algorithm) return cachedPads;
  let key = Buffer.from(appSecret, 'utf8');
  if (key.length > BLOCK_BYTES) key = hash(algorithm, key, 'buffer');
  const size = DIGEST_BYTES[algorithm];
  const inner = Buffer.alloc(BLOCK_BYTES, 0x36);
  const outer = Buffer.alloc(BLOCK_BYTES + size, 0x5c);
  for (let i = 0; i < key.length; i++) {
    inner[i] = (inner[i] as number) ^ (key[i] as number);
    outer[i] = (outer[i] as number) ^ (key[i] as number);
  }
  cachedPads = { secret: appSecret, algorithm, inner, outer, given: Buffer.alloc(size), expected: Buffer.alloc(size) };
  return cachedPads;
}

/** Bodies up to this size are hashed from one reused buffer; larger ones get their own. */
const SCRATCH_LIMIT = 64 * 1024;
let scratch = Buffer.alloc(0);

/**
 * HMAC computed as H(outer || H(inner || body)) with one-shot hashes, returned as a latin1
 * string of the digest bytes. Same result as createHmac (the tests compare both on random keys
 * and bodies), but without a native Hmac object or a new Buffer per request: under load each of
 * those cost the listener microseconds per event.
 */
function hmacDigest(pads: HmacPads, body: Uint8Array): string {
  const length = BLOCK_BYTES + body.byteLength;
  let input: Buffer;
  if (length <= SCRATCH_LIMIT) {
    if (scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_LIMIT, Math.max(length, 4096)));
    pads.inner.copy(scratch, 0);
    scratch.set(body, BLOCK_BYTES);
    input = scratch.subarray(0, length);
  } else {
    input = Buffer.concat([pads.inner, body]);
  }
  pads.outer.write(hash(pads.algorithm, input, 'binary'), BLOCK_BYTES, 'latin1');
  return hash(pads.algorithm, pads.outer, 'binary');
}

/** For tests: the HMAC of a body with a secret through the listener's path. */
export function hmacOf(body: Uint8Array, appSecret: string, algorithm: SignatureAlgorithm = 'sha256'): Buffer {
  return Buffer.from(hmacDigest(hmacKey(appSecret, algorithm), body), 'latin1');
}

/** Constant-time comparison of two strings (the verify token), safe for different lengths. */
export function safeEqualText(a: string, b: string): boolean {
  const left = createHmac('sha256', 'fb3cx-compare').update(a).digest();
  const right = createHmac('sha256', 'fb3cx-compare').update(b).digest();
  return timingSafeEqual(left, right) && a === b;
}
