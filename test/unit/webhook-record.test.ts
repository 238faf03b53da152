import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseWebhook } from '../../src/core/webhook/normalise.js';
import { eventRecord } from '../../src/core/webhook/record.js';
import type { NormalisedEvent } from '../../src/core/webhook/types.js';
import { sample } from '../support/samples.js';

const webhookSamples = readdirSync(fileURLToPath(new URL('../fixtures/samples/', import.meta.url))).filter((name) => name.startsWith('webhook.') && name.endsWith('.json'));

/** The schema spelled out the plain way: the envelope, every field the event has, then raw. */
function expectedLine(event: NormalisedEvent, verified: boolean, receivedAt: number, profile?: { name: string }) {
  const { raw, standby, ...fields } = event;
  return { kind: 'event', ...fields, verified, signature: verified ? 'sha256' : 'none', standby, receivedAt, ...(profile ? { profile } : {}), raw };
}

describe('eventRecord: the --json event line', () => {
  it('covers the webhook samples', () => {
    expect(webhookSamples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(webhookSamples)('%s: carries every normalised field, nothing undefined, raw last', (name) => {
    const { events } = normaliseWebhook(sample(name));
    for (const event of events) {
      const line = JSON.stringify(eventRecord(event, 'sha256', 1767225600999, undefined));
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed).toEqual(JSON.parse(JSON.stringify(expectedLine(event, true, 1767225600999))));
      expect(Object.keys(parsed).slice(0, 6)).toEqual(['kind', 'type', 'pageId', 'senderId', 'recipientId', 'timestamp']);
      expect(Object.keys(parsed).at(-1)).toBe('raw');
      expect(line).not.toContain('undefined');
    }
  });

  it('marks unsigned events unverified and adds the looked-up profile', () => {
    const [event] = normaliseWebhook(sample('webhook.message.text.json')).events;
    if (!event) throw new Error('no event');
    const parsed = JSON.parse(JSON.stringify(eventRecord(event, 'none', 5, { name: 'Maria Muster' })));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(expectedLine(event, false, 5, { name: 'Maria Muster' }))));
    expect(parsed).toMatchObject({ verified: false, signature: 'none', profile: { name: 'Maria Muster' } });
  });

  it('keeps a field added to any event type (every optional field of NormalisedEvent is carried)', () => {
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
    expect(JSON.parse(JSON.stringify(eventRecord(everything, 'sha1', 3, undefined)))).toEqual(JSON.parse(JSON.stringify(expectedLine(everything, true, 3)).replace('"sha256"', '"sha1"')));
  });
});
