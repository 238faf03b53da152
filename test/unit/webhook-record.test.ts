import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../src/core/webhook/normalise.js';
import { serialiseEvent, type SenderProfile } from '../../src/core/webhook/record.js';
import type { NormalisedEvent, SignatureKind } from '../../src/core/webhook/types.js';
import { sample } from '../support/samples.js';

const webhookSamples = readdirSync(fileURLToPath(new URL('../fixtures/samples/', import.meta.url))).filter((name) => name.startsWith('webhook.') && name.endsWith('.json'));

/**
 * The --json event line as a plain object, the reference serialiseEvent is held to: the
 * envelope, every optional field in one fixed order, then raw. JSON.stringify drops the fields
 * that are undefined.
 */
function reference(event: NormalisedEvent, signature: SignatureKind, receivedAt: number, profile: SenderProfile | undefined) {
  return {
    kind: 'event',
    type: event.type,
    pageId: event.pageId,
    senderId: event.senderId,
    recipientId: event.recipientId,
    timestamp: event.timestamp,
    mid: event.mid,
    text: event.text,
    attachments: event.attachments,
    payload: event.payload,
    replyTo: event.replyTo,
    appId: event.appId,
    metadata: event.metadata,
    mids: event.mids,
    watermark: event.watermark,
    title: event.title,
    action: event.action,
    emoji: event.emoji,
    amount: event.amount,
    currency: event.currency,
    responses: event.responses,
    key: event.key,
    verified: signature !== 'none',
    signature,
    standby: event.standby,
    receivedAt,
    profile,
    raw: event.raw,
  };
}

/** The schema the plain way: the envelope, every field the event has, then raw. */
function spreadLine(event: NormalisedEvent, verified: boolean, receivedAt: number, profile?: SenderProfile) {
  const { raw, standby, ...fields } = event;
  return { kind: 'event', ...fields, verified, signature: verified ? 'sha256' : 'none', standby, receivedAt, ...(profile ? { profile } : {}), raw };
}

describe('serialiseEvent: the --json event line', () => {
  it('covers the webhook samples', () => {
    expect(webhookSamples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(webhookSamples)('%s: every normalised field, nothing undefined, raw last', (name) => {
    const { events } = normaliseWebhook(sample(name));
    for (const event of events) {
      const line = serialiseEvent(event, 'sha256', 1767225600999, undefined);
      expect(line).toBe(JSON.stringify(reference(event, 'sha256', 1767225600999, undefined)));
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed).toEqual(JSON.parse(JSON.stringify(spreadLine(event, true, 1767225600999))));
      expect(Object.keys(parsed).slice(0, 6)).toEqual(['kind', 'type', 'pageId', 'senderId', 'recipientId', 'timestamp']);
      expect(Object.keys(parsed).at(-1)).toBe('raw');
    }
  });

  it('marks unsigned events unverified and adds the looked-up profile', () => {
    const [event] = normaliseWebhook(sample('webhook.message.text.json')).events;
    if (!event) throw new Error('no event');
    const parsed = JSON.parse(serialiseEvent(event, 'none', 5, { name: 'Maria Muster' }));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(spreadLine(event, false, 5, { name: 'Maria Muster' }))));
    expect(parsed).toMatchObject({ verified: false, signature: 'none', profile: { name: 'Maria Muster' } });
  });

  it('carries every optional field of NormalisedEvent', () => {
    const everything: Required<NormalisedEvent> = {
      type: 'unknown',
      pageId: 'p',
      senderId: 's',
      recipientId: 'r',
      timestamp: 1,
      mid: 'm',
      text: 't',
      attachments: [{ type: 'image' }],
      payload: 'pl',
      replyTo: 'rt',
      appId: 'a',
      metadata: 'md',
      mids: ['m1'],
      watermark: 2,
      title: 'ti',
      action: 'react',
      emoji: 'e',
      amount: '1.00',
      currency: 'EUR',
      responses: [{ key: 'k', value: 'v' }],
      key: 'weird',
      standby: true,
      raw: { any: 'thing' },
    };
    const parsed = JSON.parse(serialiseEvent(everything, 'sha256', 3, undefined));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(spreadLine(everything, true, 3))));
  });

  /** A small seeded generator (mulberry32), so a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const pieces = ['a', 'Z', '0', ' ', 'ä', 'ß', '€', '"', '\\', '/', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\u2029', '😀', '\ud800', '\udfff', '\udc00x', '<', '}', ','];

  it('equals JSON.stringify on 3,000 random events: escapes, surrogates, odd numbers, missing fields', () => {
    const next = random(20261125);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const text = () => Array.from({ length: Math.floor(next() * 12) }, () => pick(pieces)).join('');
    const maybe = <T>(value: () => T): T | undefined => (next() < 0.5 ? value() : undefined);
    const numbers = [0, -0, 1, 1767225600001, 0.1, 1e21, -5, Number.NaN, Number.POSITIVE_INFINITY];
    for (let i = 0; i < 3000; i++) {
      const event: NormalisedEvent = {
        type: pick(['message', 'echo', 'delivery', 'read', 'unknown'] as const),
        pageId: next() < 0.2 ? null : text(),
        senderId: next() < 0.2 ? null : text(),
        recipientId: next() < 0.2 ? null : text(),
        timestamp: next() < 0.2 ? null : pick(numbers),
        standby: next() < 0.5,
        raw: next() < 0.9 ? { sender: { id: text() }, message: { text: text(), n: pick(numbers) } } : undefined,
      };
      const optional = { mid: maybe(text), text: maybe(text), payload: maybe(text), replyTo: maybe(text), appId: maybe(text), metadata: maybe(text), title: maybe(text), action: maybe(text), emoji: maybe(text), amount: maybe(text), currency: maybe(text), key: maybe(text), watermark: maybe(() => pick(numbers)), mids: maybe(() => [text(), text()]), attachments: maybe(() => [{ type: text(), url: text() }]), responses: maybe(() => [{ key: text(), value: text() }]) };
      for (const [name, value] of Object.entries(optional)) if (value !== undefined) (event as unknown as Record<string, unknown>)[name] = value;
      const signature = pick(['sha256', 'sha1', 'none'] as const);
      const receivedAt = pick(numbers);
      const profile = next() < 0.3 ? { name: text() } : undefined;
      expect(serialiseEvent(event, signature, receivedAt, profile), `event ${i}`).toBe(JSON.stringify(reference(event, signature, receivedAt, profile)));
    }
  });
});
