/**
 * The shapes `fb3cx listen` reports and `fb3cx trigger` sends (graph-api-facts section 6).
 * Shared by the listener, the trigger and the tests so the two commands cannot drift.
 */

/** Every event type the normaliser tells apart; anything else is `unknown` with its key. */
export const EVENT_TYPES = [
  'message',
  'echo',
  'delivery',
  'read',
  'pre_checkout',
  'customer_information',
  'postback',
  'reaction',
  'unknown',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The event types `fb3cx trigger` can build. `sticker` is a `message` event whose attachment is a
 * sticker; it arrives at a listener as a `message`.
 */
export const TRIGGER_TYPES = ['message', 'sticker', 'echo', 'delivery', 'read', 'pre_checkout', 'customer_information', 'postback', 'reaction'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

export function isTriggerType(value: string): value is TriggerType {
  return (TRIGGER_TYPES as readonly string[]).includes(value);
}

/** How the body's authenticity was established. */
export type SignatureKind = 'sha256' | 'sha1' | 'none';

export interface NormalisedAttachment {
  /** As Meta sent it, except that a sticker is always `sticker` (see `sentAs`). */
  type: string;
  url?: string;
  title?: string;
  stickerId?: string;
  /**
   * Set when a sticker came in its old form, an `image` attachment with a sticker ID: Meta sent
   * both forms from 2026-06-01 to 2026-08-30, then only `sticker`.
   */
  sentAs?: string;
}

/** How `fb3cx trigger sticker` shapes the sticker: Meta's new form, the old one, or one event of each. */
export const STICKER_FORMS = ['sticker', 'image', 'both'] as const;
export type StickerForm = (typeof STICKER_FORMS)[number];

/** One messaging item, flattened. The field names are the `--json` line schema. */
export interface NormalisedEvent {
  type: EventType;
  pageId: string | null;
  senderId: string | null;
  recipientId: string | null;
  /** Milliseconds since the epoch (seconds are converted); null when the item has none. */
  timestamp: number | null;
  mid?: string;
  text?: string;
  attachments?: NormalisedAttachment[];
  /** message: quick reply payload; postback: postback payload; pre_checkout: order payload. */
  payload?: string;
  /** message: the mid it replies to; reaction: the mid reacted to. */
  replyTo?: string;
  /** echo: the app that sent it. */
  appId?: string;
  /** echo: metadata the sending app attached. */
  metadata?: string;
  /** delivery: the delivered message ids (may be missing for older clients). */
  mids?: string[];
  /** delivery and read: everything before this moment (ms) was delivered or read. */
  watermark?: number;
  /** postback: button title. */
  title?: string;
  /** reaction: react or unreact, and the emoji. */
  action?: string;
  emoji?: string;
  /** pre_checkout: amount and currency. */
  amount?: string;
  currency?: string;
  /** customer_information: the answers, flattened to key/value pairs. */
  responses?: Array<{ key: string; value: string }>;
  /** unknown: the key that carried the event. */
  key?: string;
  /** Why the event is not shown whole (it could not be read or written as received). */
  note?: string;
  /** The note's stable code (`code` beside `note` in listen --json). */
  noteCode?: string;
  /** Under `standby` (another app owns the thread) rather than `messaging`. */
  standby: boolean;
  /** The messaging item exactly as received. */
  raw: unknown;
}

/** What --lookup-profile found about a sender. */
export interface SenderProfile {
  name: string;
  firstName?: string;
  lastName?: string;
  profilePic?: string;
}

/** Something in a delivery that is not a Messenger event, reported and otherwise ignored. */
export interface IgnoredItem {
  /** Stable, for scripts (listen --json): the reason's sentence follows the language. */
  code: string;
  reason: string;
  object?: string;
  field?: string;
  pageId?: string;
}

export interface NormalisedDelivery {
  object: string | null;
  events: NormalisedEvent[];
  ignored: IgnoredItem[];
}
