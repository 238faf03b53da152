import { describe, expect, it } from 'vitest';
import { sample } from '../support/samples.js';
import { safeEqualText, signBody, verifySignature } from '../../src/core/webhook/signature.js';

const vector = sample<{
  app_secret: string;
  raw_body: string;
  headers: Record<string, string>;
  expected: { hmac_sha256_hex: string; hmac_sha1_hex: string };
  negative_case: { raw_body_with_extra_space: string };
}>('webhook.signature.test_vector.json');
const raw = Buffer.from(vector.raw_body, 'utf8');
const sha256 = vector.headers['X-Hub-Signature-256'];
const sha1 = vector.headers['X-Hub-Signature'];

describe('webhook signatures (test vector)', () => {
  it('signs the raw bytes exactly like the vector', () => {
    expect(signBody(raw, vector.app_secret)).toBe(`sha256=${vector.expected.hmac_sha256_hex}`);
    expect(signBody(raw, vector.app_secret, 'sha1')).toBe(`sha1=${vector.expected.hmac_sha1_hex}`);
  });

  it('verifies the vector with X-Hub-Signature-256', () => {
    expect(verifySignature(raw, { sha256 }, vector.app_secret)).toEqual({ ok: true, algorithm: 'sha256' });
  });

  it('refuses the negative case (re-serialised body, same signature)', () => {
    const result = verifySignature(Buffer.from(vector.negative_case.raw_body_with_extra_space), { sha256, sha1 }, vector.app_secret);
    expect(result.ok).toBe(false);
  });

  it('refuses the right body with a different app secret', () => {
    expect(verifySignature(raw, { sha256 }, 'another-secret-0000000000000000').ok).toBe(false);
  });

  it('falls back to sha1 only when the sha256 header is absent', () => {
    expect(verifySignature(raw, { sha1 }, vector.app_secret)).toEqual({ ok: true, algorithm: 'sha1' });
    const wrong256 = `sha256=${'0'.repeat(64)}`;
    expect(verifySignature(raw, { sha256: wrong256, sha1 }, vector.app_secret).ok).toBe(false);
  });

  it('explains missing and malformed headers', () => {
    const missing = verifySignature(raw, {}, vector.app_secret);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.reason).toMatch(/missing/);
    for (const header of ['', 'sha256=', 'sha256=xyz', `sha1=${vector.expected.hmac_sha1_hex}`, `sha256=${vector.expected.hmac_sha256_hex}00`, vector.expected.hmac_sha256_hex]) {
      expect(verifySignature(raw, { sha256: header }, vector.app_secret).ok).toBe(false);
    }
  });

  it('refuses a digest of the right length with a character that is not hex, wherever it is', () => {
    const hex = vector.expected.hmac_sha256_hex;
    for (const at of [0, 31, 62, 63]) {
      const broken = `${hex.slice(0, at)}g${hex.slice(at + 1)}`;
      expect(verifySignature(raw, { sha256: `sha256=${broken}` }, vector.app_secret).ok, `position ${at}`).toBe(false);
    }
    // A refused header leaves nothing behind that a following good one could lean on.
    expect(verifySignature(raw, { sha256: `sha256=${hex}` }, vector.app_secret).ok).toBe(true);
  });

  it('accepts an upper-case algorithm prefix and surrounding spaces', () => {
    expect(verifySignature(raw, { sha256: `  SHA256=${vector.expected.hmac_sha256_hex} ` }, vector.app_secret).ok).toBe(true);
  });

  it('accepts an upper-case hex digest (same bytes)', () => {
    expect(verifySignature(raw, { sha256: `sha256=${vector.expected.hmac_sha256_hex.toUpperCase()}` }, vector.app_secret).ok).toBe(true);
  });

  it('compares verify tokens in constant time, including different lengths', () => {
    expect(safeEqualText('abc', 'abc')).toBe(true);
    expect(safeEqualText('abc', 'abd')).toBe(false);
    expect(safeEqualText('abc', 'abcd')).toBe(false);
  });
});

describe('one-shot HMAC', () => {
  it('equals createHmac for random secrets (short, block-sized and longer than a block) and bodies', async () => {
    const { createHmac, randomBytes } = await import('node:crypto');
    const { hmacOf } = await import('../../src/core/webhook/signature.js');
    for (const secretLength of [1, 16, 32, 63, 64, 65, 200]) {
      for (const bodyLength of [0, 1, 55, 64, 300, 70_000]) {
        const secret = randomBytes(secretLength).toString('hex').slice(0, secretLength);
        const body = randomBytes(bodyLength);
        for (const algorithm of ['sha256', 'sha1'] as const) {
          expect(hmacOf(body, secret, algorithm).toString('hex'), `${algorithm} key ${secretLength} body ${bodyLength}`).toBe(createHmac(algorithm, secret).update(body).digest('hex'));
        }
      }
    }
  });
});
