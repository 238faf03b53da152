import { ExitCode } from '../errors.js';
import { scrubQueryTokens, type SecretRegistry } from '../core/secrets.js';
import { formatBytes, formatDuration } from '../core/webhook/session.js';
import type { EventType } from '../core/webhook/types.js';
import type { Output } from '../io/output.js';
import { padCells, renderEventLine, renderFollowUpLine, renderIgnoredLine, renderNoticeLine, renderRejectedLine, statusColor } from '../io/webhook-render.js';
import { textWidth } from '../core/wrap.js';
import { t } from '../i18n/index.js';
import type { EventItem, ForwardItem, ListenItem, NoticeItem, ReadyItem, ReplyItem, SummaryItem } from './engine.js';

/**
 * The two ways `fb3cx listen` draws the engine's items. Both write the same remarks for people
 * on stderr (the header's warnings, notices, the summary); on stdout the human renderer writes
 * aligned lines and the JSON renderer one JSON object per item (the schema in the README).
 */
export interface ListenRenderer {
  draw(item: ListenItem): void;
}

/** Where stdout lines go; `flush` before stderr is written keeps a terminal's lines in order. */
export interface LineSink {
  write(line: string): void;
  flush(): void;
}

/** What the header says beyond the ready item: where things came from and what is switched on. */
export interface HeaderFacts {
  host: string;
  path: string;
  verifyTokenSource: string | undefined;
  appSecretSource: string | undefined;
  webhookUrl: string | undefined;
  maxBodyBytes: number;
  lookup: boolean;
  reply: string | undefined;
  types: ReadonlySet<EventType> | undefined;
}

export function humanRenderer(out: Output, facts: HeaderFacts, lines: LineSink): ListenRenderer {
  const style = out.style;
  const { columns } = out.screen;
  // Lines reach stdout unscrubbed (Output.raw): an event line shows what a Facebook user wrote as
  // it is, every other line is fb3cx's own text and is scrubbed here.
  const write = (line: string) => lines.write(out.secrets.scrub(line));
  return {
    draw(item) {
      if (item.kind === 'ready' || item.kind === 'notice' || item.kind === 'summary') lines.flush();
      switch (item.kind) {
        case 'ready':
          printHeader(out, facts, item);
          return;
        case 'event':
          lines.write(renderEventLine(item.event, { style, receivedAt: item.receivedAt, signature: item.signature, senderName: item.profile?.name, columns, apiVersion: out.verbose ? item.apiVersion : undefined }));
          return;
        case 'ignored':
          write(renderIgnoredLine(style, item.at, item.reason));
          return;
        case 'rejected':
          write(renderRejectedLine(style, item.at, item.status, item.reason));
          return;
        case 'handshake':
          write(renderNoticeLine(style, item.at, t('listen.line.verified'), 'green', t('listen.line.handshake')));
          return;
        case 'forward':
          write(forwardLine(out, item));
          return;
        case 'reply':
          for (const line of replyLines(out, item)) write(line);
          return;
        case 'notice':
          printNotice(out, item);
          return;
        case 'summary':
          printSummary(out, item);
          return;
      }
    },
  };
}

export function jsonRenderer(out: Output, facts: HeaderFacts, lines: LineSink): ListenRenderer {
  return {
    draw(item) {
      const line = jsonLine(item, out.secrets);
      if (line !== undefined) lines.write(line);
      if (item.kind === 'ready') printHeader(out, facts, item);
      else if (item.kind === 'notice') printNotice(out, item);
      else if (item.kind === 'summary') printSummary(out, item);
    },
  };
}

/**
 * The item as one line of `fb3cx listen --json` (and of --save); undefined for a notice meant only
 * for people. fb3cx's own items are scrubbed of its secrets value by value before serialising; an
 * event is what a Facebook user sent and is written as it came.
 */
export function jsonLine(item: ListenItem, secrets: SecretRegistry): string | undefined {
  if (item.kind === 'event') return eventLine(item);
  const line = ownLine(item);
  return line === undefined ? undefined : JSON.stringify(line, secrets.jsonReplacer);
}

/** Below this depth `raw` is cut when it is too deep to serialise whole (real items nest about five levels). */
const RAW_DEPTH = 64;
const CUT = '[nested too deep]';

/** An event line, always: when `raw` cannot be written whole, a shortened `raw` and a `note` saying so. */
function eventLine(item: EventItem): string {
  const { raw, standby, note, noteCode, ...fields } = item.event;
  // A note is a sentence for people: its code sits beside it for scripts.
  const line = (shownRaw: unknown, shownNote: string | undefined, code = noteCode) =>
    JSON.stringify({ kind: 'event', ...fields, ...(shownNote !== undefined ? { note: shownNote, code } : {}), verified: item.signature !== 'none', signature: item.signature, standby, receivedAt: item.receivedAt, apiVersion: item.apiVersion ?? null, profile: item.profile, raw: shownRaw });
  const withNote = (text: string) => (note === undefined ? text : t('listen.note.joined', { first: note, second: text }));
  try {
    return line(raw, note);
  } catch {
    try {
      return line(cutBelow(raw, RAW_DEPTH), withNote(t('listen.note.rawTooDeep', { depth: RAW_DEPTH, marker: CUT })), 'raw_too_deep');
    } catch (error) {
      return line(null, withNote(t('listen.note.rawUnwritable', { error: error instanceof Error ? error.message : String(error) })), 'raw_unwritable');
    }
  }
}

/** A copy of JSON data whose objects and arrays below `depth` levels are replaced by a marker. */
function cutBelow(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth <= 0) return CUT;
  if (Array.isArray(value)) return value.map((entry: unknown) => cutBelow(entry, depth - 1));
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) copy[key] = cutBelow(entry, depth - 1);
  return copy;
}

/** The JSON object of every item but an event, before serialising. */
function ownLine(item: Exclude<ListenItem, EventItem>): object | undefined {
  switch (item.kind) {
    case 'ready':
      return { kind: 'ready', url: item.url, verifyToken: item.verifyToken, signatures: item.signatures, ...(item.forwardTo ? { forwardTo: scrubQueryTokens(item.forwardTo) } : {}) };
    case 'ignored':
      return { kind: 'ignored', code: item.code, reason: item.reason, object: item.object, field: item.field, pageId: item.pageId };
    case 'rejected':
      return { kind: 'rejected', status: item.status, code: item.code, reason: item.reason, method: item.method, path: item.path };
    case 'handshake':
      return { kind: 'handshake', ok: true };
    case 'forward': {
      const { events, outcome } = item;
      const url = scrubQueryTokens(item.url);
      if ('dropped' in outcome) return { kind: 'forward', url, ok: false, error: t('listen.forward.droppedJson', { waiting: outcome.waiting }), code: 'dropped', events };
      if (outcome.ok) return { kind: 'forward', url, ok: outcome.status < 300, status: outcome.status, ms: outcome.ms, events, body: outcome.body };
      return { kind: 'forward', url, ok: false, error: outcome.error, code: outcome.code, ms: outcome.ms, events };
    }
    case 'reply':
      if (item.ok) return { kind: 'reply', recipientId: item.recipientId, ok: true, messageId: item.messageId };
      return { kind: 'reply', recipientId: item.recipientId, ok: false, code: item.code, error: item.error, ...item.graph };
    case 'notice':
      return item.reported ? { kind: 'notice', ...item.reported } : undefined;
    case 'summary':
      return { kind: 'summary', exitCode: item.exitCode, code: item.code, reason: item.reason, ...item.summary };
  }
}

function forwardLine(out: Output, item: ForwardItem): string {
  const { style } = out;
  const { outcome } = item;
  const at = item.at;
  const label = t('listen.line.forward');
  if ('dropped' in outcome) return renderFollowUpLine(style, at, label, false, t('listen.forward.dropped', { waiting: outcome.waiting, url: shortUrl(item.url) }));
  if (!outcome.ok) return renderFollowUpLine(style, at, label, false, t('listen.forward.failed', { ms: outcome.ms, error: outcome.error }));
  const status = statusColor(style, outcome.status)(String(outcome.status));
  const from = shortUrl(item.url);
  const text =
    outcome.status >= 300 && outcome.body
      ? t('listen.forward.answeredWithBody', { status, ms: outcome.ms, url: from, body: outcome.body.replace(/\s+/g, ' ').slice(0, 80) })
      : t('listen.forward.answered', { status, ms: outcome.ms, url: from });
  return renderFollowUpLine(style, at, label, outcome.status < 300 ? true : 'warn', text);
}

function replyLines(out: Output, item: ReplyItem): string[] {
  const { style } = out;
  const label = t('listen.line.reply');
  if (item.ok) {
    const text = item.messageId ? t('listen.reply.sentWithId', { recipientId: item.recipientId, messageId: item.messageId }) : t('listen.reply.sent', { recipientId: item.recipientId });
    return [renderFollowUpLine(style, item.at, label, true, text)];
  }
  if (!item.graph) return [renderFollowUpLine(style, item.at, label, false, t('listen.reply.failed', { error: item.error }))];
  return [
    renderFollowUpLine(style, item.at, label, false, t('listen.reply.failedCode', { code: item.code, error: item.error })),
    renderFollowUpLine(style, item.at, '', 'warn', item.graph.fbtraceId ? t('listen.reply.fixTrace', { fix: item.graph.fix, fbtraceId: item.graph.fbtraceId }) : item.graph.fix),
  ];
}

function shortUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

function printNotice(out: Output, item: NoticeItem): void {
  if (item.level === 'error') out.error(item.text);
  else out.warn(item.text);
  for (const line of item.lines ?? []) out.info(`  ${line}`);
}

/** The header on stderr. With --json only the warnings that change what the lines mean. */
function printHeader(out: Output, facts: HeaderFacts, ready: ReadyItem): void {
  const s = out.errStyle;
  if (facts.appSecretSource === undefined) out.warn(t('listen.header.noAppSecret'));
  if (facts.host === '0.0.0.0' || facts.host === '::') out.warn(t('listen.header.everyInterface', { host: facts.host }));
  if (out.json) return;
  const labels = {
    verifyToken: t('listen.header.verifyToken'),
    signatures: t('listen.header.signatures'),
    publicUrl: t('listen.header.publicUrl'),
    callbackUrl: t('listen.header.callbackUrl'),
    exposeIt: t('listen.header.exposeIt'),
    forwarding: t('listen.header.forwarding'),
    showing: t('listen.header.showing'),
    senders: t('listen.header.senders'),
    replying: t('listen.header.replying'),
    bodyLimit: t('listen.header.bodyLimit'),
    whoReaches: t('listen.header.whoReaches'),
  };
  const row = labelledRow(out, Object.values(labels));
  const local = reachableHost(facts.host);
  const target = `http://${local}:${ready.port}`;
  const pasteHint = s.dim(t('listen.header.pasteHint'));
  out.info('');
  out.info(t('listen.header.ready', { ready: s.green(t('listen.header.readyWord')), url: s.bold(ready.url), stop: s.dim(t('listen.header.stopHint')) }));
  out.info('');
  row(labels.verifyToken, `${s.bold(ready.verifyToken)}  ${s.dim(facts.verifyTokenSource ? t('listen.header.verifyTokenFrom', { source: facts.verifyTokenSource }) : t('listen.header.verifyTokenGenerated'))}`);
  row(labels.signatures, facts.appSecretSource ? t('listen.header.signaturesChecked', { source: facts.appSecretSource }) : s.yellow(t('listen.header.signaturesOff')));
  if (ready.publicUrl) {
    row(labels.publicUrl, `${ready.publicUrl} ${s.dim(t('listen.header.ngrokAgent'))}`);
    row(labels.callbackUrl, `${s.bold(`${ready.publicUrl.replace(/\/+$/, '')}${facts.path}`)}  ${pasteHint}`);
  } else {
    row(labels.exposeIt, `ngrok http ${local === '127.0.0.1' || local === 'localhost' ? ready.port : target}`);
    row('', `cloudflared tunnel --url ${target}`);
    row(labels.callbackUrl, `${t('listen.header.tunnelUrl', { path: facts.path })}  ${pasteHint}`);
  }
  if (ready.forwardTo) row(labels.forwarding, t('listen.header.forwardingTo', { url: scrubQueryTokens(ready.forwardTo) }));
  if (facts.types) row(labels.showing, [...facts.types].join(', '));
  if (facts.lookup) row(labels.senders, t('listen.header.sendersLookedUp'));
  if (facts.reply !== undefined) row(labels.replying, t('listen.header.replyingWith', { text: facts.reply }));
  row(labels.bodyLimit, t('listen.header.bodyLimitValue', { size: formatBytes(facts.maxBodyBytes) }));
  // The most common surprise: "it works for me, not for my customers" (see verify's app.permissions).
  row(labels.whoReaches, t('listen.header.whoReachesValue'));
  out.info('');
  out.info(s.dim(`  ${t('listen.header.tunnelNote')}`));
  out.info(s.dim(`  ${facts.webhookUrl ? t('listen.header.pointBack', { url: facts.webhookUrl }) : t('listen.header.pointBackNoUrl')}`));
  out.info('');
}

/**
 * A row printer for a block of "label  value" lines: the labels padded to one column, 14 wide
 * as always in English, wider when a translated label needs it (a Chinese character takes two).
 */
function labelledRow(out: Output, labels: readonly string[]): (label: string, value: string) => void {
  const s = out.errStyle;
  const width = Math.max(14, ...labels.map((label) => textWidth(label) + 1));
  return (label, value) => out.info(`  ${s.dim(padCells(label, width))}${value}`);
}

/**
 * The address a tunnel on this machine connects to: a listener on every interface (0.0.0.0, ::)
 * is reached through loopback; one on a single address only through that address.
 */
export function reachableHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === '0.0.0.0') return '127.0.0.1';
  if (bare === '::') return '[::1]';
  return bare.includes(':') ? `[${bare}]` : bare;
}

function printSummary(out: Output, item: SummaryItem): void {
  const s = out.errStyle;
  const { summary, exitCode } = item;
  const headline = exitCode === ExitCode.interrupted ? s.yellow(t('listen.summary.stopped')) : exitCode === ExitCode.ok ? s.green(t('listen.summary.done')) : s.red(t('listen.summary.gaveUp'));
  const labels = {
    events: t('listen.summary.events'),
    hidden: t('listen.summary.hidden'),
    rejected: t('listen.summary.rejected'),
    ignored: t('listen.summary.ignored'),
    verifications: t('listen.summary.verifications'),
    forwarded: t('listen.summary.forwarded'),
  };
  const row = labelledRow(out, Object.values(labels));
  // Event types are Meta's names and stay as they are: "3 message, 1 read"; a list of data, joined plainly.
  const types = Object.entries(summary.byType).map(([type, count]) => t('listen.summary.typeCount', { count, type }));
  out.info('');
  out.info(t('listen.summary.headline', { headline, reason: item.reason, duration: formatDuration(summary.seconds) }));
  row(labels.events, `${summary.events}${types.length > 0 ? `  ${s.dim(types.join(', '))}` : ''}`);
  if (summary.hidden > 0) row(labels.hidden, t('listen.summary.hiddenValue', { count: summary.hidden }));
  row(labels.rejected, String(summary.rejected));
  if (summary.ignored > 0) row(labels.ignored, t('listen.summary.ignoredValue', { count: summary.ignored }));
  if (summary.handshakes > 0) row(labels.verifications, String(summary.handshakes));
  if (summary.forwarded + summary.forwardFailed > 0) row(labels.forwarded, t('listen.summary.forwardedValue', { ok: summary.forwarded, failed: summary.forwardFailed }));
}

/**
 * Lines for stdout, written once per turn of the event loop: under load that is one write for
 * the events of a turn instead of one each. `flush` writes what waits at once. After the reader
 * went away (`close`), lines are dropped.
 */
export class LineWriter implements LineSink {
  private pending: string[] = [];
  private scheduled = false;
  private closed = false;

  constructor(private readonly out: Output) {}

  readonly write = (line: string): void => {
    if (this.closed) return;
    this.pending.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  };

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.pending.length === 0 || this.closed) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.out.raw(text);
  };

  close(): void {
    this.closed = true;
    this.pending = [];
  }
}
