import { signBody } from './signature.js';
import type { StickerForm, TriggerType } from './types.js';

/** The page ID used when none is configured; the same fictional page as the samples. */
export const FICTIONAL_PAGE_ID = '111111111111111';
/** The app ID stamped on echoes when none is configured. */
export const FICTIONAL_APP_ID = '1234567890123456';

export interface BuildOptions {
  pageId: string;
  senderId: string;
  /** Message text (message, echo) or postback title. */
  text: string;
  appId: string;
  /** Milliseconds; each event gets now + its index so they stay in order. */
  now: number;
  /** Puts the events under `standby` instead of `messaging`. */
  standby?: boolean;
  /** Source of randomness for message ids. */
  random: () => number;
  /** sticker: the new form (default), the old one, or alternating, one of each in turn. */
  stickerForm?: StickerForm;
}

/** The sticker ID of the samples, a number as in them (whether Meta sends it in `payload` is unconfirmed). */
export const TRIGGER_STICKER_ID = 369239263222822;
const TRIGGER_STICKER_URL = 'https://scontent.xx.fbcdn.example/v/fb3cx_trigger_sticker.png';

/** A made-up page-scoped ID: 16 digits, not starting with 0. */
export function makeUpPsid(random: () => number): string {
  let out = String(1 + Math.floor(random() * 9));
  while (out.length < 16) out += String(Math.floor(random() * 10));
  return out;
}

export function makeUpMid(random: () => number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = 'm_fb3cx_';
  for (let i = 0; i < 22; i++) out += alphabet[Math.floor(random() * alphabet.length)] ?? 'x';
  return out;
}

/** One `entry[].messaging[]` item of the given type, shaped like the samples in graph-api-facts 6.3. */
export function buildMessagingItem(type: TriggerType, options: BuildOptions, index = 0): Record<string, unknown> {
  const { pageId, senderId, text, appId, random } = options;
  const timestamp = options.now + index;
  const fromUser = { sender: { id: senderId }, recipient: { id: pageId }, timestamp };
  switch (type) {
    case 'message':
      return { ...fromUser, message: { mid: makeUpMid(random), text } };
    case 'sticker': {
      const form = options.stickerForm === 'both' ? (index % 2 === 0 ? 'sticker' : 'image') : (options.stickerForm ?? 'sticker');
      // A sticker has no text; the old form is an image attachment that carries the sticker ID.
      const attachment = { type: form, payload: { url: TRIGGER_STICKER_URL, sticker_id: TRIGGER_STICKER_ID } };
      return { ...fromUser, message: { mid: makeUpMid(random), attachments: [attachment] } };
    }
    case 'echo':
      // An echo is the page's own message: sender and recipient swap (graph-api-facts 6.3).
      return {
        sender: { id: pageId },
        recipient: { id: senderId },
        timestamp,
        message: { is_echo: true, app_id: Number(appId), metadata: 'fb3cx-trigger', mid: makeUpMid(random), text },
      };
    case 'delivery':
      return { ...fromUser, delivery: { mids: [makeUpMid(random)], watermark: timestamp - 1000 } };
    case 'read':
      return { ...fromUser, read: { watermark: timestamp - 1000 } };
    case 'pre_checkout':
      return {
        ...fromUser,
        pre_checkout: {
          payload: 'FB3CX_TEST_ORDER',
          requested_user_info: {
            shipping_address: { name: 'Maria Muster', street1: 'Musterweg 1', street2: '', city: 'Berlin', state: 'BE', country: 'DE', postal_code: '10115' },
            contact_name: 'Maria Muster',
          },
          amount: { currency: 'EUR', amount: '19.99' },
        },
      };
    case 'customer_information':
      return {
        ...fromUser,
        messaging_customer_information: {
          screens: [
            {
              screen_id: 'screen_0',
              responses: [
                { key: 'name', value: 'Maria Muster' },
                { key: 'email', value: 'maria@example.invalid' },
                { key: 'phone', value: '+4930000000' },
              ],
            },
          ],
        },
      };
    case 'postback':
      return { ...fromUser, postback: { mid: makeUpMid(random), title: text, payload: 'FB3CX_TEST_POSTBACK' } };
    case 'reaction':
      return { ...fromUser, reaction: { mid: makeUpMid(random), action: 'react', reaction: 'love', emoji: '\u2764' } };
  }
}

/** How `--batch n` spreads n events over entries: several entries, up to three events each. */
export function entrySizes(count: number): number[] {
  if (count <= 1) return [Math.max(count, 1)];
  const entries = Math.max(2, Math.ceil(count / 3));
  const sizes: number[] = [];
  let left = count;
  for (let i = 0; i < entries; i++) {
    const size = Math.ceil(left / (entries - i));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

export interface BuiltPayload {
  payload: { object: 'page'; entry: Array<Record<string, unknown>> };
  eventCount: number;
  entryCount: number;
}

/** A complete webhook body with `count` events of one type, batched across entries like Meta does. */
export function buildWebhookPayload(type: TriggerType, count: number, options: BuildOptions): BuiltPayload {
  const listKey = options.standby ? 'standby' : 'messaging';
  const entry: Array<Record<string, unknown>> = [];
  let index = 0;
  for (const size of entrySizes(count)) {
    const items: Array<Record<string, unknown>> = [];
    for (let i = 0; i < size; i++) items.push(buildMessagingItem(type, options, index++));
    entry.push({ id: options.pageId, time: options.now + index, [listKey]: items });
  }
  return { payload: { object: 'page', entry }, eventCount: index, entryCount: entry.length };
}

export type SignatureChoice = 'sha256' | 'sha1' | 'both' | 'none';

/**
 * The headers of a webhook POST as Meta sends them: the body's signature(s) with the app secret
 * and the webhook field's Graph version. The signature covers exactly `body`.
 */
export function webhookHeaders(body: Uint8Array, options: { appSecret: string | undefined; signature: SignatureChoice; apiVersion: string; userAgent: string }): Record<string, string> {
  const { appSecret, signature } = options;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': options.userAgent, 'facebook-api-version': options.apiVersion };
  if (appSecret !== undefined && (signature === 'sha256' || signature === 'both')) headers['x-hub-signature-256'] = signBody(body, appSecret, 'sha256');
  if (appSecret !== undefined && (signature === 'sha1' || signature === 'both')) headers['x-hub-signature'] = signBody(body, appSecret, 'sha1');
  return headers;
}
