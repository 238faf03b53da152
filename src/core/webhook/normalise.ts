import { t } from '../../i18n/index.js';
import type { IgnoredItem, NormalisedAttachment, NormalisedDelivery, NormalisedEvent } from './types.js';

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** IDs arrive as strings, but a hand-made payload may use numbers; both become strings. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Messenger timestamps are milliseconds; generic Graph webhooks use seconds. A value below 1e11
 * (which as milliseconds would be March 1973) is taken as seconds and converted.
 */
export function toMilliseconds(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) return null;
  return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
}

/** Keys every messaging item has that do not say what kind of event it is. */
const ENVELOPE_KEYS = new Set(['sender', 'recipient', 'timestamp']);

/**
 * Turns one webhook body into flat events: every `entry`, both its `messaging` and `standby`
 * arrays. `changes`-style entries (feed and other page fields) and objects other than `page`
 * are reported as ignored. Never throws, whatever the input.
 */
export function normaliseWebhook(body: unknown): NormalisedDelivery {
  const events: NormalisedEvent[] = [];
  const ignored: IgnoredItem[] = [];
  if (!isObj(body)) {
    ignored.push({ code: 'body_not_object', reason: t('webhook.ignored.bodyNotObject') });
    return { object: null, events, ignored };
  }
  const object = typeof body.object === 'string' ? body.object : null;
  if (object !== 'page') {
    ignored.push(object === null ? { code: 'no_object', reason: t('webhook.ignored.noObject') } : { code: 'not_page', reason: t('webhook.ignored.notPage', { object }), object });
    return { object, events, ignored };
  }
  if (!Array.isArray(body.entry)) {
    ignored.push({ code: 'no_entry', reason: t('webhook.ignored.noEntry'), object });
    return { object, events, ignored };
  }
  for (const entry of body.entry) {
    if (!isObj(entry)) {
      ignored.push({ code: 'entry_not_object', reason: t('webhook.ignored.entryNotObject'), object });
      continue;
    }
    const pageId = idOf(entry.id);
    const messaging = readList(entry, 'messaging', false, pageId, events, ignored);
    const standby = readList(entry, 'standby', true, pageId, events, ignored);
    let found = messaging || standby;
    if (Array.isArray(entry.changes)) {
      found = true;
      for (const change of entry.changes) {
        const field = isObj(change) && typeof change.field === 'string' ? change.field : undefined;
        ignored.push({
          code: 'not_messenger_change',
          reason: field === undefined ? t('webhook.ignored.unnamedChange') : t('webhook.ignored.change', { field }),
          object,
          ...(field ? { field } : {}),
          ...(pageId ? { pageId } : {}),
        });
      }
    }
    if (!found) ignored.push({ code: 'entry_empty', reason: t('webhook.ignored.entryEmpty'), object, ...(pageId ? { pageId } : {}) });
  }
  return { object, events, ignored };
}

/** One `messaging` or `standby` list of an entry into events; false when the entry has none. */
function readList(entry: Obj, listKey: 'messaging' | 'standby', standby: boolean, pageId: string | null, events: NormalisedEvent[], ignored: IgnoredItem[]): boolean {
  const list = entry[listKey];
  if (!Array.isArray(list)) return false;
  for (const item of list) {
    if (!isObj(item)) {
      ignored.push({ code: 'item_not_object', reason: t('webhook.ignored.itemNotObject', { list: listKey }), object: 'page', ...(pageId ? { pageId } : {}) });
      continue;
    }
    try {
      events.push(normaliseMessagingItem(item, { pageId, standby, entryTime: entry.time }));
    } catch (error) {
      // An accepted event is never dropped: one that cannot be read is shown as it came.
      events.push(unreadableEvent(item, { pageId, standby }, error));
    }
  }
  return true;
}

/** An item fb3cx could not read, as an `unknown` event that carries it whole in `raw` and says why. */
export function unreadableEvent(raw: unknown, context: { pageId: string | null; standby: boolean }, error: unknown): NormalisedEvent {
  const why = error instanceof Error ? error.message : String(error);
  return {
    type: 'unknown',
    pageId: context.pageId,
    senderId: null,
    recipientId: null,
    timestamp: null,
    key: '(unreadable)',
    note: t('webhook.note.unreadable', { why }),
    noteCode: 'unreadable',
    standby: context.standby,
    raw,
  };
}

interface ItemContext {
  pageId: string | null;
  standby: boolean;
  entryTime: unknown;
}

export function normaliseMessagingItem(item: Obj, context: ItemContext): NormalisedEvent {
  const sender = isObj(item.sender) ? item.sender : {};
  const recipient = isObj(item.recipient) ? item.recipient : {};
  const event: NormalisedEvent = {
    type: 'unknown',
    pageId: context.pageId,
    senderId: idOf(sender.id) ?? idOf(sender.user_ref),
    recipientId: idOf(recipient.id) ?? idOf(recipient.user_ref),
    // Delivery events may come without a timestamp (graph-api-facts 6.3); the entry time stands in.
    timestamp: toMilliseconds(item.timestamp) ?? toMilliseconds(context.entryTime),
    standby: context.standby,
    raw: item,
  };

  if (isObj(item.message)) {
    const message = item.message;
    const isEcho = message.is_echo === true;
    event.type = isEcho ? 'echo' : 'message';
    setIf(event, 'mid', str(message.mid));
    setIf(event, 'text', typeof message.text === 'string' ? message.text : undefined);
    const attachments = normaliseAttachments(message.attachments);
    if (attachments) event.attachments = attachments;
    if (isObj(message.quick_reply)) setIf(event, 'payload', str(message.quick_reply.payload));
    if (isObj(message.reply_to)) setIf(event, 'replyTo', str(message.reply_to.mid));
    if (isEcho) {
      setIf(event, 'appId', str(message.app_id));
      setIf(event, 'metadata', str(message.metadata));
    }
  } else if (isObj(item.delivery)) {
    event.type = 'delivery';
    if (Array.isArray(item.delivery.mids)) event.mids = item.delivery.mids.map(str).filter((mid): mid is string => mid !== undefined);
    setIf(event, 'watermark', toMilliseconds(item.delivery.watermark) ?? undefined);
  } else if (isObj(item.read)) {
    event.type = 'read';
    setIf(event, 'watermark', toMilliseconds(item.read.watermark) ?? undefined);
  } else if (isObj(item.pre_checkout)) {
    const pre = item.pre_checkout;
    event.type = 'pre_checkout';
    setIf(event, 'payload', str(pre.payload));
    if (isObj(pre.amount)) {
      setIf(event, 'amount', str(pre.amount.amount));
      setIf(event, 'currency', str(pre.amount.currency));
    }
  } else if (isObj(item.messaging_customer_information) || isObj(item.customer_information)) {
    const info = (isObj(item.messaging_customer_information) ? item.messaging_customer_information : item.customer_information) as Obj;
    event.type = 'customer_information';
    event.responses = customerResponses(info);
  } else if (isObj(item.postback)) {
    event.type = 'postback';
    setIf(event, 'mid', str(item.postback.mid));
    setIf(event, 'title', str(item.postback.title));
    setIf(event, 'payload', str(item.postback.payload));
  } else if (isObj(item.reaction)) {
    event.type = 'reaction';
    setIf(event, 'replyTo', str(item.reaction.mid));
    setIf(event, 'action', str(item.reaction.action));
    setIf(event, 'emoji', str(item.reaction.emoji) ?? str(item.reaction.reaction));
  } else {
    event.type = 'unknown';
    const key = Object.keys(item).find((name) => !ENVELOPE_KEYS.has(name));
    event.key = key ?? '(none)';
  }
  if (context.pageId === null) event.pageId = event.type === 'echo' ? event.senderId : event.recipientId;
  return event;
}

function setIf<K extends keyof NormalisedEvent>(event: NormalisedEvent, key: K, value: NormalisedEvent[K] | undefined): void {
  if (value !== undefined) event[key] = value;
}

function normaliseAttachments(value: unknown): NormalisedAttachment[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: NormalisedAttachment[] = [];
  for (const item of value) {
    if (!isObj(item)) continue;
    const payload = isObj(item.payload) ? item.payload : {};
    const type = str(item.type) ?? 'unknown';
    const stickerId = str(payload.sticker_id) ?? str(item.sticker_id);
    // The old form of a sticker is an image with a sticker ID; both forms read as one sticker, so
    // the line and `attachments` do not change with the form Meta happens to send.
    const attachment: NormalisedAttachment = { type: stickerId !== undefined ? 'sticker' : type };
    // Shared links ("fallback") carry the address beside the payload, spelt "URL" (graph-api-facts 6.3).
    const url = str(payload.url) ?? str(item.URL) ?? str(item.url);
    if (url !== undefined) attachment.url = url;
    const title = str(item.title) ?? str(payload.title);
    if (title !== undefined) attachment.title = title;
    if (stickerId !== undefined) attachment.stickerId = stickerId;
    if (attachment.type !== type) attachment.sentAs = type;
    out.push(attachment);
  }
  return out;
}

/** `screens[].responses[]` as {key, value}; the exact shape is unconfirmed, so be lenient. */
function customerResponses(info: Obj): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  const screens = Array.isArray(info.screens) ? info.screens : [info];
  for (const screen of screens) {
    if (!isObj(screen) || !Array.isArray(screen.responses)) continue;
    for (const response of screen.responses) {
      if (!isObj(response)) continue;
      const key = str(response.key);
      const value = str(response.value);
      if (key !== undefined) out.push({ key, value: value ?? '' });
    }
  }
  return out;
}
