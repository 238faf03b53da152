import { describe, expect, it } from 'vitest';
import { acceptEventPost, answerHandshake, routeRequest } from '../../src/core/webhook/request.js';
import { signBody } from '../../src/core/webhook/signature.js';
import { sample } from '../support/samples.js';

const policy = { path: '/webhook', verifyToken: 'my-verify-token', appSecret: 'app-secret-0123456789' };
const verification = sample<{ query: Record<string, string>; expected_response_if_token_matches: { status: number; body: string } }>('webhook.verification.get.json');

describe('routeRequest', () => {
  it('takes GET and POST on the webhook path only', () => {
    expect(routeRequest('GET', '/webhook', policy)).toBe('handshake');
    expect(routeRequest('POST', '/webhook', policy)).toBe('event');
    expect(routeRequest('PUT', '/webhook', policy)).toMatchObject({ status: 405 });
    expect(routeRequest('HEAD', '/webhook', policy)).toMatchObject({ status: 405 });
    expect(routeRequest('POST', '/other', policy)).toMatchObject({ status: 404 });
    expect(routeRequest('POST', '/webhook/', policy)).toMatchObject({ status: 404 });
  });
});

describe('answerHandshake', () => {
  it('answers the sample verification with exactly the challenge', () => {
    const answer = answerHandshake(new URLSearchParams(verification.query), 'my-verify-token');
    expect(answer).toEqual({ kind: 'handshake', status: 200, challenge: verification.expected_response_if_token_matches.body });
  });

  it('refuses a wrong token or mode with 403, and a bare GET with 400', () => {
    expect(answerHandshake(new URLSearchParams({ ...verification.query, 'hub.verify_token': 'nope' }), 'my-verify-token')).toMatchObject({ status: 403 });
    expect(answerHandshake(new URLSearchParams({ ...verification.query, 'hub.mode': 'unsubscribe' }), 'my-verify-token')).toMatchObject({ status: 403 });
    expect(answerHandshake(new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }), 'my-verify-token')).toMatchObject({ status: 403 });
    expect(answerHandshake(new URLSearchParams(''), 'my-verify-token')).toMatchObject({ status: 400 });
  });

  it('never reveals the expected token in the reason', () => {
    const answer = answerHandshake(new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': 'x', 'hub.challenge': '1' }), 'my-verify-token');
    expect(JSON.stringify(answer)).not.toContain('my-verify-token');
  });
});

describe('acceptEventPost', () => {
  const body = Buffer.from(JSON.stringify({ object: 'page', entry: [] }));

  it('accepts a correctly signed JSON body', () => {
    expect(acceptEventPost(body, { sha256: signBody(body, policy.appSecret) }, policy.appSecret)).toMatchObject({ kind: 'accepted', signature: 'sha256' });
  });

  it('refuses a missing or wrong signature with 403 when the secret is known', () => {
    expect(acceptEventPost(body, {}, policy.appSecret)).toMatchObject({ status: 403 });
    expect(acceptEventPost(body, { sha256: signBody(body, 'other-secret-xyz') }, policy.appSecret)).toMatchObject({ status: 403 });
  });

  it('accepts anything signed or not when no secret is known, marked none', () => {
    expect(acceptEventPost(body, {}, undefined)).toMatchObject({ kind: 'accepted', signature: 'none' });
  });

  it('answers 400 to bodies that are not a JSON object', () => {
    for (const text of ['', '{', 'null', '[1]', '"x"', '{"a":1']) {
      const raw = Buffer.from(text);
      expect(acceptEventPost(raw, { sha256: signBody(raw, policy.appSecret) }, policy.appSecret)).toMatchObject({ status: 400 });
    }
  });

  it('checks the signature before parsing (an unsigned malformed body is 403, not 400)', () => {
    expect(acceptEventPost(Buffer.from('{'), {}, policy.appSecret)).toMatchObject({ status: 403 });
  });
});
