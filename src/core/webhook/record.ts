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

/**
 * Exactly `JSON.stringify(record)` (the tests hold it to that on every sample and on random
 * records), written out for the listener's hot path: the keys are constants instead of
 * being escaped again for every event, and a plain string is quoted after one scan. Anything
 * that needs escaping, and every nested value, still goes through JSON.stringify.
 */
export function serialiseEventRecord(record: EventRecord): string {
  let out = `{"kind":"event","type":${quote(record.type)},"pageId":${quoteOrNull(record.pageId)},"senderId":${quoteOrNull(record.senderId)},"recipientId":${quoteOrNull(record.recipientId)},"timestamp":${number(record.timestamp)}`;
  if (record.mid !== undefined) out += `,"mid":${quote(record.mid)}`;
  if (record.text !== undefined) out += `,"text":${quote(record.text)}`;
  if (record.attachments !== undefined) out += `,"attachments":${JSON.stringify(record.attachments)}`;
  if (record.payload !== undefined) out += `,"payload":${quote(record.payload)}`;
  if (record.replyTo !== undefined) out += `,"replyTo":${quote(record.replyTo)}`;
  if (record.appId !== undefined) out += `,"appId":${quote(record.appId)}`;
  if (record.metadata !== undefined) out += `,"metadata":${quote(record.metadata)}`;
  if (record.mids !== undefined) out += `,"mids":${JSON.stringify(record.mids)}`;
  if (record.watermark !== undefined) out += `,"watermark":${number(record.watermark)}`;
  if (record.title !== undefined) out += `,"title":${quote(record.title)}`;
  if (record.action !== undefined) out += `,"action":${quote(record.action)}`;
  if (record.emoji !== undefined) out += `,"emoji":${quote(record.emoji)}`;
  if (record.amount !== undefined) out += `,"amount":${quote(record.amount)}`;
  if (record.currency !== undefined) out += `,"currency":${quote(record.currency)}`;
  if (record.responses !== undefined) out += `,"responses":${JSON.stringify(record.responses)}`;
  if (record.key !== undefined) out += `,"key":${quote(record.key)}`;
  out += `,"verified":${record.verified},"signature":${quote(record.signature)},"standby":${record.standby},"receivedAt":${number(record.receivedAt)}`;
  if (record.profile !== undefined) out += `,"profile":${JSON.stringify(record.profile)}`;
  const raw = JSON.stringify(record.raw) as string | undefined;
  if (raw !== undefined) out += `,"raw":${raw}`;
  return `${out}}`;
}

/** A JSON string: quoted as is when nothing in it needs escaping, else by JSON.stringify. */
function quote(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Control characters, '"', '\' and surrogates (a lone one is escaped) take the careful path.
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

function quoteOrNull(text: string | null): string {
  return text === null ? 'null' : quote(text);
}

function number(value: number | null): string {
  return value !== null && Number.isFinite(value) ? String(value) : 'null';
}
