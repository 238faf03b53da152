import type { NormalisedEvent, SignatureKind } from './types.js';

/** What --lookup-profile found about a sender. */
export interface SenderProfile {
  name: string;
  firstName?: string;
  lastName?: string;
  profilePic?: string;
}

/**
 * One `{"kind":"event",...}` line of `fb3cx listen --json` (and of --save). Every field is set
 * in one object literal, so all records share one shape: the listener builds one per event, and
 * a single shape keeps that and its JSON.stringify on V8's fast paths. Fields an event does not
 * have stay undefined, which JSON.stringify leaves out, so the line holds only what is there.
 */
export function eventRecord(event: NormalisedEvent, signature: SignatureKind, receivedAt: number, profile: SenderProfile | undefined) {
  return {
    kind: 'event' as const,
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

export type EventRecord = ReturnType<typeof eventRecord>;
