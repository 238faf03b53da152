import type { ChalkInstance } from 'chalk';
import type { NormalisedEvent, SignatureKind } from '../core/webhook/types.js';
import { textWidth } from '../core/wrap.js';
import { t } from '../i18n/index.js';

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

/** Printable ASCII: one column a character, so length is width and the fast path applies. */
const NARROW = /^[\x20-\x7e]*$/;

/**
 * Keeps one line one line: control characters become spaces, text wider than `max` terminal
 * columns is cut (a Chinese character takes two).
 */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  if (NARROW.test(flat)) return flat.length > max ? `${flat.slice(0, Math.max(1, max - 1))}…` : flat;
  if (textWidth(flat) <= max) return flat;
  let cut = '';
  let width = 0;
  for (const character of flat) {
    const next = textWidth(character);
    if (width + next > Math.max(1, max - 1)) break;
    cut += character;
    width += next;
  }
  return `${cut}…`;
}

/** The text padded with spaces to `width` terminal columns. */
export function padCells(text: string, width: number): string {
  if (NARROW.test(text)) return text.padEnd(width);
  return `${text}${' '.repeat(Math.max(0, width - textWidth(text)))}`;
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
          const sentAs = attachment.sentAs !== undefined ? ` ${t('listen.event.sentAs', { form: oneLine(attachment.sentAs, 20) })}` : '';
          // The ID names the sticker; without one (a shape Meta has not fully documented) the URL does.
          const detail = attachment.stickerId ?? (attachment.url !== undefined ? oneLine(attachment.url, max) : undefined);
          parts.push(`[sticker]${detail !== undefined ? ` ${detail}` : ''}${sentAs}`);
          continue;
        }
        const detail = attachment.url ?? attachment.title ?? '';
        parts.push(`[${attachment.type}]${detail ? ` ${oneLine(detail, max)}` : ''}`);
      }
      if (event.payload !== undefined) parts.push(t('listen.event.quickReply', { payload: oneLine(event.payload, 40) }));
      if (event.replyTo !== undefined) parts.push(t('listen.event.replyTo', { mid: event.replyTo }));
      if (event.type === 'echo' && event.appId !== undefined) parts.push(t('listen.event.app', { appId: event.appId }));
      return parts.length > 0 ? oneLine(parts.join(' '), max) : t('listen.event.emptyMessage');
    }
    case 'delivery': {
      const count = event.mids?.length;
      if (event.watermark === undefined) return count === undefined ? t('listen.event.delivered') : t('listen.event.deliveredCount', { count });
      const time = clock(event.watermark);
      return count === undefined ? t('listen.event.deliveredUpTo', { time }) : t('listen.event.deliveredCountUpTo', { count, time });
    }
    case 'read':
      return event.watermark !== undefined ? t('listen.event.readUpTo', { time: clock(event.watermark) }) : t('listen.event.read');
    case 'pre_checkout': {
      const order = oneLine(event.payload ?? '?', 40);
      if (event.amount === undefined) return t('listen.event.order', { order });
      return t('listen.event.orderAmount', { order, amount: `${event.amount} ${event.currency ?? ''}`.trimEnd() });
    }
    case 'customer_information': {
      const pairs = (event.responses ?? []).map((response) => `${response.key}=${response.value}`);
      return pairs.length > 0 ? oneLine(pairs.join(', '), max) : t('listen.event.noAnswers');
    }
    case 'postback': {
      const title = event.title !== undefined ? quote(event.title) : t('listen.event.button');
      return event.payload !== undefined ? t('listen.event.postbackPayload', { title, payload: oneLine(event.payload, 40) }) : title;
    }
    case 'reaction': {
      // The action (react, unreact) is Meta's value and stays as it came.
      const action = event.action ?? 'react';
      const emoji = event.emoji ?? '';
      const text = event.replyTo !== undefined ? t('listen.event.reactionTo', { action, emoji, mid: event.replyTo }) : `${action} ${emoji}`;
      return text.replace(/\s+/g, ' ').trim();
    }
    case 'unknown':
      return t('listen.event.unknown', { key: oneLine(event.key ?? '?', 40) });
  }
}

export function renderEventLine(event: NormalisedEvent, options: EventLineOptions): string {
  const { style } = options;
  const color = typeColor(style, event.type);
  const label = event.standby ? t('listen.event.standby', { type: event.type }) : event.type;
  const who =
    event.type === 'echo'
      ? `→ ${event.recipientId ?? '?'}`
      : options.senderName
        ? `${options.senderName}`
        : (event.senderId ?? '?');
  const tags: string[] = [];
  if (options.signature === 'none') tags.push(style.yellow(t('listen.event.unverified')));
  if (options.signature === 'sha1') tags.push(style.yellow(t('listen.event.sha1Only')));
  if (event.note !== undefined) tags.push(style.yellow(`(${oneLine(event.note, 100)})`));
  if (options.apiVersion !== undefined) tags.push(style.dim(`API ${oneLine(options.apiVersion, 40)}`));
  const columns = options.columns ?? 120;
  const room = Math.max(30, columns - (8 + 2 + TYPE_WIDTH + 2 + WHO_WIDTH + 2) - (tags.length > 0 ? 12 : 0));
  const content = describeContent(event, room);
  return [
    style.dim(clock(options.receivedAt)),
    color(padCells(label, TYPE_WIDTH)),
    padCells(oneLine(who, WHO_WIDTH), WHO_WIDTH),
    `${content}${tags.length > 0 ? `  ${tags.join(' ')}` : ''}`,
  ].join('  ');
}

export function renderRejectedLine(style: ChalkInstance, at: number, status: number, reason: string): string {
  return [style.dim(clock(at)), style.red(padCells(t('listen.line.rejected', { status }), TYPE_WIDTH)), reason].join('  ');
}

export function renderIgnoredLine(style: ChalkInstance, at: number, reason: string): string {
  return [style.dim(clock(at)), style.dim(padCells(t('listen.line.ignored'), TYPE_WIDTH)), style.dim(reason)].join('  ');
}

export function renderNoticeLine(style: ChalkInstance, at: number, label: string, color: 'green' | 'yellow', text: string): string {
  return [style.dim(clock(at)), style[color](padCells(label, TYPE_WIDTH)), text].join('  ');
}

/** The follow-up line under an event: forward result, reply result. */
export function renderFollowUpLine(style: ChalkInstance, at: number, label: string, ok: boolean | 'warn', text: string): string {
  const color = ok === true ? style.green : ok === 'warn' ? style.yellow : style.red;
  return [style.dim(clock(at)), color(padCells(label === '' ? '' : `  ↳ ${label}`, TYPE_WIDTH)), text].join('  ');
}

export function statusColor(style: ChalkInstance, status: number): (text: string) => string {
  if (status >= 500) return style.red;
  if (status >= 300) return style.yellow;
  return style.green;
}
