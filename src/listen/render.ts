import { ExitCode } from '../errors.js';
import { scrubQueryTokens, type SecretRegistry } from '../core/secrets.js';
import { formatBytes, formatDuration } from '../core/webhook/session.js';
import type { EventType } from '../core/webhook/types.js';
import type { Output } from '../io/output.js';
import { renderEventLine, renderFollowUpLine, renderIgnoredLine, renderNoticeLine, renderRejectedLine, statusColor } from '../io/webhook-render.js';
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
          write(renderNoticeLine(style, item.at, 'verified', 'green', "Meta's verification request was answered with its challenge"));
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
  const { raw, standby, note, ...fields } = item.event;
  const line = (shownRaw: unknown, shownNote: string | undefined) =>
    JSON.stringify({ kind: 'event', ...fields, ...(shownNote !== undefined ? { note: shownNote } : {}), verified: item.signature !== 'none', signature: item.signature, standby, receivedAt: item.receivedAt, apiVersion: item.apiVersion ?? null, profile: item.profile, raw: shownRaw });
  const withNote = (text: string) => (note === undefined ? text : `${note}; ${text}`);
  try {
    return line(raw, note);
  } catch {
    try {
      return line(cutBelow(raw, RAW_DEPTH), withNote(`raw is nested too deeply to write whole; values deeper than ${RAW_DEPTH} levels are replaced by "${CUT}"`));
    } catch (error) {
      return line(null, withNote(`raw could not be written (${error instanceof Error ? error.message : String(error)}) and is left out`));
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
      return { kind: 'ignored', reason: item.reason, object: item.object, field: item.field, pageId: item.pageId };
    case 'rejected':
      return { kind: 'rejected', status: item.status, reason: item.reason, method: item.method, path: item.path };
    case 'handshake':
      return { kind: 'handshake', ok: true };
    case 'forward': {
      const { events, outcome } = item;
      const url = scrubQueryTokens(item.url);
      if ('dropped' in outcome) return { kind: 'forward', url, ok: false, error: `more than ${outcome.waiting} forwards are still waiting for an answer; this one was dropped`, events };
      if (outcome.ok) return { kind: 'forward', url, ok: outcome.status < 300, status: outcome.status, ms: outcome.ms, events, body: outcome.body };
      return { kind: 'forward', url, ok: false, error: outcome.error, code: outcome.code, ms: outcome.ms, events };
    }
    case 'reply':
      if (item.ok) return { kind: 'reply', recipientId: item.recipientId, ok: true, messageId: item.messageId };
      return { kind: 'reply', recipientId: item.recipientId, ok: false, code: item.code, error: item.error, ...item.graph };
    case 'notice':
      return item.reported ? { kind: 'notice', ...item.reported } : undefined;
    case 'summary':
      return { kind: 'summary', exitCode: item.exitCode, reason: item.reason, ...item.summary };
  }
}

function forwardLine(out: Output, item: ForwardItem): string {
  const { style } = out;
  const { outcome } = item;
  const at = item.at;
  if ('dropped' in outcome) return renderFollowUpLine(style, at, 'forward', false, `dropped: ${outcome.waiting} forwards are still waiting for ${shortUrl(item.url)}`);
  if (!outcome.ok) return renderFollowUpLine(style, at, 'forward', false, `failed after ${outcome.ms} ms: ${outcome.error}`);
  const status = statusColor(style, outcome.status)(String(outcome.status));
  const answer = outcome.status >= 300 && outcome.body ? `: ${outcome.body.replace(/\s+/g, ' ').slice(0, 80)}` : '';
  return renderFollowUpLine(style, at, 'forward', outcome.status < 300 ? true : 'warn', `${status} in ${outcome.ms} ms from ${shortUrl(item.url)}${answer}`);
}

function replyLines(out: Output, item: ReplyItem): string[] {
  const { style } = out;
  if (item.ok) return [renderFollowUpLine(style, item.at, 'reply', true, `sent to ${item.recipientId}${item.messageId ? ` (${item.messageId})` : ''}`)];
  if (!item.graph) return [renderFollowUpLine(style, item.at, 'reply', false, `failed: ${item.error}`)];
  return [
    renderFollowUpLine(style, item.at, 'reply', false, `failed (#${item.code}): ${item.error}`),
    renderFollowUpLine(style, item.at, '', 'warn', `${item.graph.fix}${item.graph.fbtraceId ? ` (fbtrace_id ${item.graph.fbtraceId})` : ''}`),
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
  if (facts.appSecretSource === undefined) {
    out.warn('Signatures are not checked: no app secret is known (set FB3CX_APP_SECRET, save it in a profile, or pipe it with --app-secret-stdin). Every event is marked unverified.');
  }
  if (facts.host === '0.0.0.0' || facts.host === '::') out.warn(`Listening on every network interface (${facts.host}): other machines on your network can reach this endpoint.`);
  if (out.json) return;
  const row = (label: string, value: string) => out.info(`  ${s.dim(label.padEnd(14))}${value}`);
  const local = reachableHost(facts.host);
  const target = `http://${local}:${ready.port}`;
  const pasteHint = s.dim('paste into Meta: App > Webhooks > Page > Callback URL');
  out.info('');
  out.info(`${s.green('Ready!')} fb3cx is listening on ${s.bold(ready.url)} ${s.dim('(Ctrl-C to stop)')}`);
  out.info('');
  row('Verify token', `${s.bold(ready.verifyToken)}  ${s.dim(facts.verifyTokenSource ? `from ${facts.verifyTokenSource}` : 'generated for this run; keep one with --verify-token or FB3CX_VERIFY_TOKEN')}`);
  row('Signatures', facts.appSecretSource ? `checked with the app secret from ${facts.appSecretSource}` : s.yellow('not checked (no app secret)'));
  if (ready.publicUrl) {
    row('Public URL', `${ready.publicUrl} ${s.dim('(ngrok agent on this machine)')}`);
    row('Callback URL', `${s.bold(`${ready.publicUrl.replace(/\/+$/, '')}${facts.path}`)}  ${pasteHint}`);
  } else {
    row('Expose it', `ngrok http ${local === '127.0.0.1' || local === 'localhost' ? ready.port : target}`);
    row('', `cloudflared tunnel --url ${target}`);
    row('Callback URL', `https://<public host from the tunnel>${facts.path}  ${pasteHint}`);
  }
  if (ready.forwardTo) row('Forwarding', `every accepted POST, signature included, to ${scrubQueryTokens(ready.forwardTo)}`);
  if (facts.types) row('Showing', [...facts.types].join(', '));
  if (facts.lookup) row('Senders', 'names looked up with the page token');
  if (facts.reply !== undefined) row('Replying', `"${facts.reply}" to each incoming message (Send API, RESPONSE)`);
  row('Body limit', `${formatBytes(facts.maxBodyBytes)} (--max-body)`);
  // The most common surprise: "it works for me, not for my customers" (see verify's app.permissions).
  row('Who reaches', 'only people with an app role, until Live with Advanced Access');
  out.info('');
  out.info(s.dim('  Meta only delivers to a public HTTPS URL with a valid certificate: use a tunnel, not a self-signed certificate.'));
  out.info(s.dim(`  When you are done, point the Callback URL back at 3CX${facts.webhookUrl ? ` (${facts.webhookUrl})` : ''} and click Verify and save, or 3CX gets no messages.`));
  out.info('');
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
  const headline = exitCode === ExitCode.interrupted ? s.yellow('Stopped') : exitCode === ExitCode.ok ? s.green('Done') : s.red('Gave up');
  const row = (label: string, value: string) => out.info(`  ${s.dim(label.padEnd(14))}${value}`);
  const types = Object.entries(summary.byType).map(([type, count]) => `${count} ${type}`);
  out.info('');
  out.info(`${headline} (${item.reason}) after ${formatDuration(summary.seconds)}.`);
  row('Events', `${summary.events}${types.length > 0 ? `  ${s.dim(types.join(', '))}` : ''}`);
  if (summary.hidden > 0) row('Hidden', `${summary.hidden} (not in --events)`);
  row('Rejected', String(summary.rejected));
  if (summary.ignored > 0) row('Ignored', `${summary.ignored} (not Messenger events)`);
  if (summary.handshakes > 0) row('Verifications', String(summary.handshakes));
  if (summary.forwarded + summary.forwardFailed > 0) row('Forwarded', `${summary.forwarded} ok, ${summary.forwardFailed} failed`);
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
