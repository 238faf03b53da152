import { describe, expect, it } from 'vitest';
import { buildWebhookPayload, entrySizes, makeUpPsid, TRIGGER_STICKER_ID } from '../../src/core/webhook/build.js';
import { normaliseWebhook } from '../../src/core/webhook/normalise.js';
import { TRIGGER_TYPES, type StickerForm } from '../../src/core/webhook/types.js';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const base = { pageId: '111111111111111', senderId: '2222222222222222', text: 'ci-4711', appId: '1234567890123456', now: 1767225600000 };

describe('trigger payloads', () => {
  it.each(TRIGGER_TYPES)('a built %s event normalises back to its type, page and sender', (type) => {
    const built = buildWebhookPayload(type, 1, { ...base, random: seeded(1) });
    const { events, ignored } = normaliseWebhook(JSON.parse(JSON.stringify(built.payload)));
    expect(ignored).toEqual([]);
    expect(events).toHaveLength(1);
    const event = events[0];
    // A sticker is a message whose attachment is a sticker.
    expect(event?.type).toBe(type === 'sticker' ? 'message' : type);
    expect(event?.pageId).toBe(base.pageId);
    expect(event?.timestamp).toBe(base.now);
    if (type === 'echo') {
      expect(event).toMatchObject({ senderId: base.pageId, recipientId: base.senderId, text: 'ci-4711', appId: base.appId });
    } else {
      expect(event).toMatchObject({ senderId: base.senderId, recipientId: base.pageId });
    }
    if (type === 'message') expect(event?.text).toBe('ci-4711');
    if (type === 'sticker') expect(event?.attachments).toEqual([{ type: 'sticker', url: expect.stringMatching(/^https:\/\//), stickerId: String(TRIGGER_STICKER_ID) }]);
  });

  it('builds a sticker in the new form, the old form (an image with a sticker ID), or one of each', () => {
    const attachmentsOf = (form: StickerForm, count: number) =>
      buildWebhookPayload('sticker', count, { ...base, random: seeded(4), stickerForm: form }).payload.entry.flatMap((entry) =>
        (entry.messaging as Array<{ message: { attachments: Array<{ type: string; payload: Record<string, unknown> }> } }>).map((item) => item.message.attachments[0]),
      );
    expect(attachmentsOf('sticker', 1)).toEqual([{ type: 'sticker', payload: { url: expect.any(String), sticker_id: TRIGGER_STICKER_ID } }]);
    expect(attachmentsOf('image', 1)).toEqual([{ type: 'image', payload: { url: expect.any(String), sticker_id: TRIGGER_STICKER_ID } }]);
    expect(attachmentsOf('both', 4).map((attachment) => attachment?.type)).toEqual(['sticker', 'image', 'sticker', 'image']);
    // Both forms read back as the same sticker; the old one says how it came.
    const { events } = normaliseWebhook(buildWebhookPayload('sticker', 2, { ...base, random: seeded(5), stickerForm: 'both' }).payload);
    expect(events.map((event) => event.attachments)).toEqual([
      [{ type: 'sticker', url: expect.any(String), stickerId: String(TRIGGER_STICKER_ID) }],
      [{ type: 'sticker', url: expect.any(String), stickerId: String(TRIGGER_STICKER_ID), sentAs: 'image' }],
    ]);
  });

  it('batches spread events over several entries, all delivered in order', () => {
    for (const count of [2, 3, 5, 10, 1000]) {
      const built = buildWebhookPayload('message', count, { ...base, random: seeded(count) });
      expect(built.eventCount).toBe(count);
      expect(built.entryCount).toBeGreaterThan(1);
      const { events } = normaliseWebhook(built.payload);
      expect(events).toHaveLength(count);
      expect(events.map((event) => event.timestamp)).toEqual(Array.from({ length: count }, (_, i) => base.now + i));
      expect(new Set(events.map((event) => event.mid)).size).toBe(count);
    }
    expect(entrySizes(1)).toEqual([1]);
    expect(entrySizes(5).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('standby puts events under standby', () => {
    const { events } = normaliseWebhook(buildWebhookPayload('read', 2, { ...base, standby: true, random: seeded(2) }).payload);
    expect(events.every((event) => event.standby && event.type === 'read')).toBe(true);
  });

  it('made-up PSIDs are 16 digits', () => {
    expect(makeUpPsid(seeded(3))).toMatch(/^[1-9]\d{15}$/);
  });
});
