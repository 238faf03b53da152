import type { ChalkInstance } from 'chalk';
import type { NormalisedEvent, SignatureKind } from '../core/webhook/types.js';

/**
 * The human lines of `fb3cx listen`: one aligned, coloured line per event, rejection, forward
 * and reply. Column widths are fixed so a stream of lines reads like a table.
 */
const TYPE_WIDTH = 20;
const WHO_WIDTH = 18;

export function clock(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function typeColor(style: ChalkInstance, type: string): (text: string) => string {
  switch (type) {
    case 'message':
      return style.green;
    case 'echo':
      return style.blue;
    case 'delivery':
    case 'read':
      return style.gray;
    case 'postback':
    case 'reaction':
      return style.magenta;
    case 'pre_checkout':
    case 'customer_information':
      return style.cyan;
    default:
      return style.yellow;
  }
}

/** Keeps one line one line: control characters become spaces, long text is cut. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, Math.max(1, max - 1))}…` : flat;
}

export interface EventLineOptions {
  style: ChalkInstance;
  receivedAt: number;
  signature: SignatureKind;
  /** "Maria Muster" when --lookup-profile found the sender. */
  senderName?: string | undefined;
  /** Terminal width, to cut the content; 120 when unknown. */
  columns?: number | undefined;
  /** The delivery's Facebook-API-Version, shown when given (listen --verbose). */
  apiVersion?: string | undefined;
}

export function describeContent(event: NormalisedEvent, max = 80): string {
  const quote = (text: string) => `"${oneLine(text, max)}"`;
  switch (event.type) {
    case 'message':
    case 'echo': {
      const parts: string[] = [];
      if (event.text !== undefined) parts.push(quote(event.text));
      for (const attachment of event.attachments ?? []) {
        if (attachment.type === 'sticker') {
          const sentAs = attachment.sentAs !== undefined ? ` (sent as ${oneLine(attachment.sentAs, 20)})` : '';
          // The ID names the sticker; without one (a shape Meta has not fully documented) the URL does.
          const detail = attachment.stickerId ?? (attachment.url !== undefined ? oneLine(attachment.url, max) : undefined);
          parts.push(`[sticker]${detail !== undefined ? ` ${detail}` : ''}${sentAs}`);
          continue;
        }
        const detail = attachment.url ?? attachment.title ?? '';
        parts.push(`[${attachment.type}]${detail ? ` ${oneLine(detail, max)}` : ''}`);
      }
      if (event.payload !== undefined) parts.push(`(quick reply ${oneLine(event.payload, 40)})`);
      if (event.replyTo !== undefined) parts.push(`(reply to ${event.replyTo})`);
      if (event.type === 'echo' && event.appId !== undefined) parts.push(`(app ${event.appId})`);
      return parts.length > 0 ? oneLine(parts.join(' '), max) : '(empty message)';
    }
    case 'delivery': {
      const count = event.mids?.length;
      const upTo = event.watermark !== undefined ? ` up to ${clock(event.watermark)}` : '';
      return `${count === undefined ? 'messages' : `${count} message${count === 1 ? '' : 's'}`} delivered${upTo}`;
    }
    case 'read':
      return event.watermark !== undefined ? `read up to ${clock(event.watermark)}` : 'read';
    case 'pre_checkout':
      return `order ${oneLine(event.payload ?? '?', 40)}${event.amount !== undefined ? `, ${event.amount} ${event.currency ?? ''}`.trimEnd() : ''}`;
    case 'customer_information': {
      const pairs = (event.responses ?? []).map((response) => `${response.key}=${response.value}`);
      return pairs.length > 0 ? oneLine(pairs.join(', '), max) : '(no answers)';
    }
    case 'postback':
      return `${event.title !== undefined ? quote(event.title) : '(button)'}${event.payload !== undefined ? ` payload ${oneLine(event.payload, 40)}` : ''}`;
    case 'reaction':
      return `${event.action ?? 'react'} ${event.emoji ?? ''}${event.replyTo !== undefined ? ` to ${event.replyTo}` : ''}`.replace(/\s+/g, ' ').trim();
    case 'unknown':
      return `unrecognised event "${oneLine(event.key ?? '?', 40)}" (see --json for the raw item)`;
  }
}

export function renderEventLine(event: NormalisedEvent, options: EventLineOptions): string {
  const { style } = options;
  const color = typeColor(style, event.type);
  const label = `${event.type}${event.standby ? ' (standby)' : ''}`;
  const who =
    event.type === 'echo'
      ? `→ ${event.recipientId ?? '?'}`
      : options.senderName
        ? `${options.senderName}`
        : (event.senderId ?? '?');
  const tags: string[] = [];
  if (options.signature === 'none') tags.push(style.yellow('unverified'));
  if (options.signature === 'sha1') tags.push(style.yellow('sha1 only'));
  if (event.note !== undefined) tags.push(style.yellow(`(${oneLine(event.note, 100)})`));
  if (options.apiVersion !== undefined) tags.push(style.dim(`API ${oneLine(options.apiVersion, 40)}`));
  const columns = options.columns ?? 120;
  const room = Math.max(30, columns - (8 + 2 + TYPE_WIDTH + 2 + WHO_WIDTH + 2) - (tags.length > 0 ? 12 : 0));
  const content = describeContent(event, room);
  return [
    style.dim(clock(options.receivedAt)),
    color(label.padEnd(TYPE_WIDTH)),
    oneLine(who, WHO_WIDTH).padEnd(WHO_WIDTH),
    `${content}${tags.length > 0 ? `  ${tags.join(' ')}` : ''}`,
  ].join('  ');
}

export function renderRejectedLine(style: ChalkInstance, at: number, status: number, reason: string): string {
  return [style.dim(clock(at)), style.red(`rejected ${status}`.padEnd(TYPE_WIDTH)), reason].join('  ');
}

export function renderIgnoredLine(style: ChalkInstance, at: number, reason: string): string {
  return [style.dim(clock(at)), style.dim('ignored'.padEnd(TYPE_WIDTH)), style.dim(reason)].join('  ');
}

export function renderNoticeLine(style: ChalkInstance, at: number, label: string, color: 'green' | 'yellow', text: string): string {
  return [style.dim(clock(at)), style[color](label.padEnd(TYPE_WIDTH)), text].join('  ');
}

/** The follow-up line under an event: forward result, reply result. */
export function renderFollowUpLine(style: ChalkInstance, at: number, label: string, ok: boolean | 'warn', text: string): string {
  const color = ok === true ? style.green : ok === 'warn' ? style.yellow : style.red;
  return [style.dim(clock(at)), color((label === '' ? '' : `  ↳ ${label}`).padEnd(TYPE_WIDTH)), text].join('  ');
}

export function statusColor(style: ChalkInstance, status: number): (text: string) => string {
  if (status >= 500) return style.red;
  if (status >= 300) return style.yellow;
  return style.green;
}
