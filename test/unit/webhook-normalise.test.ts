import { describe, expect, it } from 'vitest';
import { normaliseWebhook, toMilliseconds } from '../../src/core/webhook/normalise.js';
import { sample } from '../support/samples.js';

describe('normaliseWebhook on every webhook sample', () => {
  it('text message', () => {
    const { events, ignored } = normaliseWebhook(sample('webhook.message.text.json'));
    expect(ignored).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'message',
      pageId: '111111111111111',
      senderId: '2222222222222222',
      recipientId: '111111111111111',
      timestamp: 1767225600001,
      mid: 'm_AbCdEfGhIjKlMnOpQrStUv',
      text: 'Hallo, ich habe eine Frage',
      standby: false,
    });
    expect(events[0]?.attachments).toBeUndefined();
  });

  it('attachments keep type and URL', () => {
    const [event] = normaliseWebhook(sample('webhook.message.attachments.json')).events;
    expect(event?.type).toBe('message');
    expect(event?.text).toBeUndefined();
    expect(event?.attachments).toEqual([
      { type: 'image', url: 'https://scontent.xx.fbcdn.example/v/fake_image.jpg' },
      { type: 'file', url: 'https://cdn.fbsbx.example/v/fake_invoice.pdf' },
    ]);
  });

  it('fallback link with payload null takes URL and title from beside the payload', () => {
    const [event] = normaliseWebhook(sample('webhook.message.fallback.json')).events;
    expect(event?.attachments).toEqual([{ type: 'fallback', url: 'https://contoso.example/blog/post', title: 'Contoso Blog' }]);
  });

  it('quick reply payload', () => {
    const [event] = normaliseWebhook(sample('webhook.message.quick_reply.json')).events;
    expect(event).toMatchObject({ type: 'message', text: 'Vertrieb', payload: 'DEPT_SALES', mid: 'm_QuickReply0001' });
  });

  it('reply_to mid', () => {
    const [event] = normaliseWebhook(sample('webhook.message.reply_to.json')).events;
    expect(event).toMatchObject({ type: 'message', text: 'Genau diese Rechnung', replyTo: 'm_OriginalMessage0001' });
  });

  it('sticker id', () => {
    const [event] = normaliseWebhook(sample('webhook.message.sticker.SHAPE_PARTIAL.json')).events;
    expect(event?.attachments).toEqual([{ type: 'sticker', url: 'https://scontent.xx.fbcdn.example/v/fake_sticker.png', stickerId: '369239263222822' }]);
  });

  it('a sticker in its old form (an image with a sticker ID) reads as a sticker that was sent as an image', () => {
    const body = sample<{ entry: Array<{ messaging: Array<{ message: { attachments: Array<{ type: string }> } }> }> }>('webhook.message.sticker.SHAPE_PARTIAL.json');
    const attachment = body.entry[0]?.messaging[0]?.message.attachments[0];
    if (!attachment) throw new Error('sample changed');
    attachment.type = 'image';
    const [event] = normaliseWebhook(body).events;
    expect(event?.type).toBe('message');
    expect(event?.attachments).toEqual([{ type: 'sticker', url: 'https://scontent.xx.fbcdn.example/v/fake_sticker.png', stickerId: '369239263222822', sentAs: 'image' }]);
  });

  it('a sticker ID beside the payload (where Meta puts it is unconfirmed) and a sticker without one', () => {
    const body = (attachment: unknown) => ({ object: 'page', entry: [{ id: '1', messaging: [{ sender: { id: '2' }, recipient: { id: '1' }, timestamp: 1767225600001, message: { mid: 'm', attachments: [attachment] } }] }] });
    expect(normaliseWebhook(body({ type: 'image', sticker_id: '42', payload: { url: 'https://x.example/s.png' } })).events[0]?.attachments).toEqual([{ type: 'sticker', url: 'https://x.example/s.png', stickerId: '42', sentAs: 'image' }]);
    expect(normaliseWebhook(body({ type: 'sticker', payload: { url: 'https://x.example/s.png' } })).events[0]?.attachments).toEqual([{ type: 'sticker', url: 'https://x.example/s.png' }]);
    // An image without a sticker ID is an image.
    expect(normaliseWebhook(body({ type: 'image', payload: { url: 'https://x.example/p.jpg' } })).events[0]?.attachments).toEqual([{ type: 'image', url: 'https://x.example/p.jpg' }]);
  });

  it('echo from the app: is_echo, app_id, metadata; page is the sender', () => {
    const [event] = normaliseWebhook(sample('webhook.message_echo.text.json')).events;
    expect(event).toMatchObject({
      type: 'echo',
      pageId: '111111111111111',
      senderId: '111111111111111',
      recipientId: '2222222222222222',
      appId: '1234567890123456',
      metadata: '3cx-agent-101',
      text: 'Danke, ein Agent meldet sich gleich.',
      mid: 'm_Echo0001',
    });
  });

  it('echo of a reply typed in the page inbox', () => {
    const [event] = normaliseWebhook(sample('webhook.message_echo.page_inbox.json')).events;
    expect(event).toMatchObject({ type: 'echo', appId: '7777777777777777', text: 'Reply typed by a human in Meta Business Suite' });
  });

  it('delivery: mids and watermark', () => {
    const [event] = normaliseWebhook(sample('webhook.message_deliveries.json')).events;
    expect(event).toMatchObject({ type: 'delivery', mids: ['m_Echo0001'], watermark: 1767225601500, timestamp: 1767225603000 });
  });

  it('read: watermark', () => {
    const [event] = normaliseWebhook(sample('webhook.message_reads.json')).events;
    expect(event).toMatchObject({ type: 'read', watermark: 1767225601500, timestamp: 1767225604000 });
  });

  it('pre_checkout: payload and amount', () => {
    const [event] = normaliseWebhook(sample('webhook.messaging_pre_checkouts.json')).events;
    expect(event).toMatchObject({ type: 'pre_checkout', payload: 'ORDER_4711', amount: '19.99', currency: 'EUR' });
  });

  it('customer_information: responses flattened to key/value', () => {
    const [event] = normaliseWebhook(sample('webhook.messaging_customer_information.SHAPE_PARTIAL.json')).events;
    expect(event?.type).toBe('customer_information');
    expect(event?.responses).toHaveLength(7);
    expect(event?.responses?.[0]).toEqual({ key: 'name', value: 'Maria Muster' });
    expect(event?.responses).toContainEqual({ key: 'country', value: 'DE' });
  });

  it('standby events are flagged', () => {
    const { events } = normaliseWebhook(sample('webhook.standby.message.json'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'message', standby: true, mid: 'm_Standby0001' });
  });

  it('a batch: every entry, in order, with its own page', () => {
    const { events } = normaliseWebhook(sample('webhook.batched.multi_entry.json'));
    expect(events.map((event) => [event.type, event.pageId, event.mid ?? null])).toEqual([
      ['message', '111111111111111', 'm_Batch0001'],
      ['read', '111111111111111', null],
      ['message', '444444444444444', 'm_Batch0002'],
    ]);
  });

  it('feed changes are ignored with the field named, not turned into events', () => {
    const { events, ignored } = normaliseWebhook(sample('webhook.non_messenger.feed_change.json'));
    expect(events).toEqual([]);
    expect(ignored).toEqual([expect.objectContaining({ field: 'feed', pageId: '111111111111111', object: 'page' })]);
  });

  it('keeps the raw messaging item', () => {
    const body = sample('webhook.message.text.json') as { entry: Array<{ messaging: unknown[] }> };
    const [event] = normaliseWebhook(body).events;
    expect(event?.raw).toEqual(body.entry[0]?.messaging[0]);
  });
});

describe('normaliseWebhook on other input', () => {
  const item = (extra: Record<string, unknown>) => ({
    object: 'page',
    entry: [{ id: '1', time: 1767225600123, messaging: [{ sender: { id: '2' }, recipient: { id: '1' }, timestamp: 1767225600001, ...extra }] }],
  });

  it('postback and reaction', () => {
    expect(normaliseWebhook(item({ postback: { title: 'Start', payload: 'GET_STARTED', mid: 'm_1' } })).events[0]).toMatchObject({ type: 'postback', title: 'Start', payload: 'GET_STARTED', mid: 'm_1' });
    expect(normaliseWebhook(item({ reaction: { mid: 'm_2', action: 'react', reaction: 'love', emoji: '❤' } })).events[0]).toMatchObject({ type: 'reaction', replyTo: 'm_2', action: 'react', emoji: '❤' });
  });

  it('anything else is unknown, with its key', () => {
    expect(normaliseWebhook(item({ optin: { ref: 'x' } })).events[0]).toMatchObject({ type: 'unknown', key: 'optin' });
  });

  it('an object other than page is ignored with a reason', () => {
    const result = normaliseWebhook({ object: 'instagram', entry: [] });
    expect(result.events).toEqual([]);
    expect(result.ignored[0]).toMatchObject({ object: 'instagram' });
    expect(result.ignored[0]?.reason).toMatch(/instagram/);
  });

  it('timestamps in seconds become milliseconds', () => {
    expect(toMilliseconds(1767225609)).toBe(1767225609000);
    expect(toMilliseconds(1767225609123)).toBe(1767225609123);
    expect(toMilliseconds('x')).toBeNull();
    expect(normaliseWebhook(item({ timestamp: 1767225601, read: { watermark: 1767225600 } })).events[0]).toMatchObject({ timestamp: 1767225601000, watermark: 1767225600000 });
  });

  it('a delivery without timestamp takes the entry time', () => {
    const body = { object: 'page', entry: [{ id: '1', time: 1767225600123, messaging: [{ sender: { id: '2' }, recipient: { id: '1' }, delivery: { watermark: 5 } }] }] };
    expect(normaliseWebhook(body).events[0]?.timestamp).toBe(1767225600123);
  });

  it('never throws on malformed shapes', () => {
    const shapes: unknown[] = [
      null,
      42,
      'page',
      [],
      {},
      { object: 'page' },
      { object: 'page', entry: 'x' },
      { object: 'page', entry: [null, 1, 'x', [], {}] },
      { object: 'page', entry: [{ messaging: [null, 1, { message: null }, { message: { attachments: [null, { payload: 7 }] } }] }] },
      { object: 'page', entry: [{ standby: [{ delivery: { mids: [1, null, 'm'] } }], changes: [null, { field: 3 }] }] },
      { object: 'page', entry: [{ messaging: [{ messaging_customer_information: { screens: [null, { responses: [null, { key: 1 }] }] } }] }] },
    ];
    for (const shape of shapes) {
      const result = normaliseWebhook(shape);
      expect(Array.isArray(result.events)).toBe(true);
      for (const event of result.events) expect(typeof event.type).toBe('string');
    }
    const deliveries = normaliseWebhook(shapes[9]).events;
    expect(deliveries[0]).toMatchObject({ type: 'delivery', standby: true, mids: ['1', 'm'] });
  });
});

describe('an item that cannot be read', () => {
  it('becomes an unknown event with a note and the item in raw, and the other items still count', () => {
    const unreadable = {
      sender: { id: '2222222222222222' },
      get message(): unknown {
        throw new Error('cannot read message');
      },
    };
    const readable = { sender: { id: '2222222222222222' }, recipient: { id: '111111111111111' }, timestamp: 1767225600000, message: { mid: 'm_ok', text: 'ok' } };
    const delivery = normaliseWebhook({ object: 'page', entry: [{ id: '111111111111111', messaging: [unreadable, readable] }] });
    expect(delivery.events).toHaveLength(2);
    expect(delivery.events[0]).toMatchObject({ type: 'unknown', key: '(unreadable)', pageId: '111111111111111' });
    expect(delivery.events[0]?.raw).toBe(unreadable);
    expect(delivery.events[0]?.note).toMatch(/could not read this item \(cannot read message\)/);
    expect(delivery.events[1]).toMatchObject({ type: 'message', text: 'ok' });
  });
});
