import type { LineProblem, LineProblemCode } from '../../core/replay/saved.js';
import type { SignatureChoice } from '../../core/webhook/build.js';
import { formatDuration } from '../../core/webhook/session.js';
import { oneLine, statusColor } from '../../io/webhook-render.js';
import type { HumanLine, Presenter } from '../types.js';

/**
 * What `fb3cx trigger --replay` did with each saved event, and the human sentences for it. Every
 * sentence of the replay lives in this file; the JSON document puts each beside a stable code.
 */

/** What happened to one event of the window. */
export type EventOutcome =
  /** The endpoint answered 2xx. */
  | 'delivered'
  /** An earlier run delivered it to this URL (--resume). */
  | 'already-delivered'
  /** The endpoint refused it (a 4xx other than 408/429), or kept failing until the attempts ran out. */
  | 'failed'
  /** Ctrl-C came while it was on its way: it may have arrived; --resume sends it again. */
  | 'cancelled'
  /** The run stopped before it. */
  | 'not-sent'
  /** --dry-run. */
  | 'would-send';

/** Why an event failed; beside the transport codes of a connection failure (ECONNREFUSED, timeout, ...). */
export type FailureCode = 'refused' | 'gave-up' | 'retry-after-too-long' | string;

export interface EventResult {
  line: number;
  key: string;
  type: string;
  time: number;
  senderId: string | null;
  text: string | undefined;
  outcome: EventOutcome;
  attempts: number;
  /** The last answer's status, when there was one. */
  status?: number;
  ms?: number;
  failure?: { code: FailureCode; detail: string };
  /** --dry-run --json: the body that would be sent. */
  payload?: unknown;
}

/** Why the run stopped before the end of the window. */
export type StopReason = 'interrupted' | 'target-down' | 'target-refuses';

export interface ReplayResult {
  file: string;
  /** Without its query (which may hold a token). */
  url: string;
  dryRun: boolean;
  resume: boolean;
  again: boolean;
  signature: SignatureChoice;
  since: number | undefined;
  until: number | undefined;
  /** Lines holding anything. */
  lines: number;
  problems: LineProblem[];
  outsideWindow: number;
  events: EventResult[];
  stopped: StopReason | undefined;
  seconds: number;
}

export interface ReplayCounts {
  inWindow: number;
  delivered: number;
  alreadyDelivered: number;
  failed: number;
  cancelled: number;
  notSent: number;
  wouldSend: number;
  outsideWindow: number;
  /** Lines that may have been events and cannot be sent (all problems but `not-an-event`). */
  unreadable: number;
  notEvents: number;
}

export function countReplay(result: ReplayResult): ReplayCounts {
  const count = (outcome: EventOutcome) => result.events.reduce((n, event) => (event.outcome === outcome ? n + 1 : n), 0);
  const notEvents = result.problems.filter((problem) => problem.code === 'not-an-event').length;
  return {
    inWindow: result.events.length,
    delivered: count('delivered'),
    alreadyDelivered: count('already-delivered'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    notSent: count('not-sent'),
    wouldSend: count('would-send'),
    outsideWindow: result.outsideWindow,
    unreadable: result.problems.length - notEvents,
    notEvents,
  };
}

/** True when every event of the window reached the endpoint (or would be sent) and no line was unreadable. */
export function replayOk(result: ReplayResult): boolean {
  const counts = countReplay(result);
  return result.stopped === undefined && counts.failed + counts.cancelled + counts.notSent + counts.unreadable === 0;
}

export const LINE_PROBLEM_MESSAGES: Record<LineProblemCode, (problem: LineProblem) => string> = {
  'not-json': (p) => `Line ${p.line} is not a JSON line, so it cannot be replayed (a line cut short when listen stopped, or edited by hand).`,
  'not-an-event': (p) => `Line ${p.line} is a "${p.kind ?? 'unknown'}" line, not an event; skipped.`,
  'no-raw': (p) => `Line ${p.line} is an event without its "raw" messaging item (listen could not write it whole), so it cannot be replayed.`,
  'no-page-id': (p) => `Line ${p.line} is an event that names no page; give --page-id to replay it.`,
  'no-time': (p) => `Line ${p.line} is an event without a time, so --since/--until cannot place it; it is not replayed.`,
};

/** The refusal of a file with lines and not one event among them. */
export function notASaveFile(file: string, lines: number, first: LineProblem): string {
  const why = first.code === 'not-json' ? 'is not JSON' : first.code === 'not-an-event' ? `is a "${first.kind ?? 'unknown'}" line` : 'is an event that cannot be sent';
  return `${JSON.stringify(file)} is not a file written by fb3cx listen --save: none of its ${lines} line${lines === 1 ? '' : 's'} is an event to replay (line ${first.line} ${why}).`;
}

export const STOP_MESSAGES: Record<StopReason, string> = {
  interrupted: 'Stopped by Ctrl-C. What was delivered is recorded; add --resume to send the rest.',
  'target-down': 'Stopped: the endpoint kept failing after every retry, so the events after it were not sent, to keep their order. Fix the endpoint, then add --resume to send the rest.',
  'target-refuses': 'Stopped: the endpoint refuses these events (a wrong URL, or an app secret other than the one it checks with). Fix that, then add --resume to send the rest.',
};

/** One sentence on why an event was not delivered. */
export function failureMessage(event: EventResult): string {
  const { failure, status } = event;
  if (event.outcome === 'cancelled') return 'Ctrl-C came while it was on its way; it may have arrived, and --resume sends it again.';
  if (event.outcome === 'not-sent') return 'Not sent: the run stopped before it.';
  if (failure === undefined) return '';
  if (failure.code === 'refused') return `The endpoint answered ${status ?? '?'}${failure.detail ? `: ${failure.detail}` : ''}; not retried, as that answer does not change.`;
  if (failure.code === 'retry-after-too-long') return `The endpoint answered ${status ?? '?'} and asked to wait ${failure.detail}, longer than replay waits.`;
  if (failure.code === 'gave-up') return `The endpoint still answered ${status ?? '?'} after ${event.attempts} attempts${failure.detail ? `: ${failure.detail}` : ''}.`;
  return `Not delivered after ${event.attempts} attempts: ${failure.detail}.`;
}

interface ReplayEventJson {
  line: number;
  type: string;
  time: string;
  outcome: EventOutcome;
  attempts: number;
  status?: number;
  ms?: number;
  code?: string;
  message?: string;
  payload?: unknown;
}

export interface ReplayJson {
  schemaVersion: 1;
  ok: boolean;
  dryRun: boolean;
  file: string;
  url: string;
  signature: SignatureChoice;
  since: string | null;
  until: string | null;
  resume: boolean;
  stopped: { code: StopReason; message: string } | null;
  summary: ReplayCounts & { lines: number; seconds: number; eventsPerSecond: number | null };
  lines: Array<{ line: number; code: LineProblemCode; message: string }>;
  events: ReplayEventJson[];
}

/** Delivered events per second; in the human summary only from `atLeast` events on, where it means something. */
function eventsPerSecond(result: ReplayResult, counts: ReplayCounts, atLeast = 1): number | null {
  return result.dryRun || result.seconds <= 0 || counts.delivered < atLeast ? null : Math.round(counts.delivered / result.seconds);
}

function eventJson(event: EventResult): ReplayEventJson {
  const message = failureMessage(event);
  const code = event.failure?.code ?? (event.outcome === 'cancelled' || event.outcome === 'not-sent' ? event.outcome : undefined);
  return {
    line: event.line,
    type: event.type,
    time: new Date(event.time).toISOString(),
    outcome: event.outcome,
    attempts: event.attempts,
    ...(event.status !== undefined ? { status: event.status } : {}),
    ...(event.ms !== undefined ? { ms: event.ms } : {}),
    ...(code !== undefined ? { code, message } : {}),
    ...(event.payload !== undefined ? { payload: event.payload } : {}),
  };
}

/** "2026-05-01 14:03:21" in local time, as the 3CX console shows times. */
export function localTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Problem lines shown one by one before "... and n more". */
const SHOWN_PROBLEMS = 20;

export const replayPresenter: Presenter<ReplayResult, ReplayJson> = {
  json: (result) => {
    const counts = countReplay(result);
    return {
      schemaVersion: 1,
      ok: replayOk(result),
      dryRun: result.dryRun,
      file: result.file,
      url: result.url,
      signature: result.signature,
      since: result.since === undefined ? null : new Date(result.since).toISOString(),
      until: result.until === undefined ? null : new Date(result.until).toISOString(),
      resume: result.resume,
      stopped: result.stopped === undefined ? null : { code: result.stopped, message: STOP_MESSAGES[result.stopped] },
      summary: { ...counts, lines: result.lines, seconds: Math.round(result.seconds * 1000) / 1000, eventsPerSecond: eventsPerSecond(result, counts) },
      lines: result.problems.map((problem) => ({ line: problem.line, code: problem.code, message: LINE_PROBLEM_MESSAGES[problem.code](problem) })),
      events: result.events.map(eventJson),
    };
  },
  human: (result, { style: s, errStyle: e }) => {
    const lines: HumanLine[] = [];
    for (const problem of result.problems.slice(0, SHOWN_PROBLEMS)) {
      const text = LINE_PROBLEM_MESSAGES[problem.code](problem);
      lines.push({ stderr: problem.code === 'not-an-event' ? e.dim(text) : `${e.yellow('!')} ${text}` });
    }
    if (result.problems.length > SHOWN_PROBLEMS) lines.push({ stderr: `  ... and ${result.problems.length - SHOWN_PROBLEMS} more lines that cannot be replayed (--json lists them all).` });
    for (const event of result.events) {
      const what = `line ${event.line}  ${localTime(event.time)}  ${event.type.padEnd(8)}  ${event.senderId ?? ''}${event.text !== undefined ? `  "${oneLine(event.text, 60)}"` : ''}`;
      if (event.outcome === 'would-send') lines.push(`${s.dim('would send')}  ${what}`);
      else if (event.outcome === 'failed' || event.outcome === 'cancelled') {
        const status = event.status !== undefined ? `${statusColor(s, event.status)(String(event.status))} ` : '';
        lines.push(`${s.red('✖')} ${status}${what}`);
        lines.push(`  ${failureMessage(event)}`);
      }
    }
    return [...lines, ...summaryLines(result, s.green, s.red, s.yellow)];
  },
};

function summaryLines(result: ReplayResult, green: (t: string) => string, red: (t: string) => string, yellow: (t: string) => string): HumanLine[] {
  const c = countReplay(result);
  const n = (value: number) => value.toLocaleString('en-US');
  const plural = (value: number, word: string) => `${n(value)} ${word}${value === 1 ? '' : 's'}`;
  const lines: HumanLine[] = [];
  const window = result.since !== undefined || result.until !== undefined ? ` between ${result.since !== undefined ? localTime(result.since) : 'the start'} and ${result.until !== undefined ? localTime(result.until) : 'the end'}` : '';
  if (result.dryRun) {
    lines.push(`Would send ${plural(c.wouldSend, 'event')}${window} from ${result.file} to ${result.url}, one POST each, in order (nothing sent).`);
  } else {
    const rate = eventsPerSecond(result, c, 100);
    const mark = replayOk(result) ? green('✔') : red('✖');
    lines.push(`${mark} Replayed ${plural(c.delivered, 'event')}${window} from ${result.file} to ${result.url} in ${formatDuration(result.seconds)}${rate !== null ? ` (${n(rate)}/s)` : ''}.`);
    const missed = [c.failed > 0 ? `${n(c.failed)} failed` : '', c.cancelled > 0 ? `${n(c.cancelled)} cancelled on the way` : '', c.notSent > 0 ? `${n(c.notSent)} not sent` : ''].filter(Boolean);
    if (missed.length > 0) lines.push(`  ${red(`Not delivered: ${missed.join(', ')}.`)}`);
  }
  if (c.alreadyDelivered > 0) lines.push(`  ${plural(c.alreadyDelivered, 'event')} delivered by an earlier run ${result.dryRun ? 'would be' : 'were'} skipped (--resume).`);
  if (c.outsideWindow > 0) lines.push(`  ${plural(c.outsideWindow, 'event')} outside --since/--until.`);
  if (c.unreadable > 0) lines.push(`  ${yellow(`${plural(c.unreadable, 'line')} cannot be replayed (listed above).`)}`);
  if (c.inWindow === 0 && c.unreadable === 0) lines.push('  No event to send.');
  if (result.stopped !== undefined) lines.push({ stderr: STOP_MESSAGES[result.stopped] });
  else if (!result.dryRun && c.failed + c.cancelled > 0) lines.push({ stderr: 'The failed events are not recorded as delivered: once the endpoint is fixed, add --resume to send only them and whatever was not sent.' });
  return lines;
}
