import type { LineProblem, LineProblemCode } from '../../core/replay/saved.js';
import type { SignatureChoice } from '../../core/webhook/build.js';
import { formatDuration } from '../../core/webhook/session.js';
import { oneLine, statusColor } from '../../io/webhook-render.js';
import { formatNumber } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
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
  'not-json': (p) => t('replay.line.notJson', { line: p.line }),
  'not-an-event': (p) => t('replay.line.notAnEvent', { line: p.line, kind: p.kind ?? 'unknown' }),
  'no-raw': (p) => t('replay.line.noRaw', { line: p.line }),
  'no-page-id': (p) => t('replay.line.noPageId', { line: p.line }),
  'no-time': (p) => t('replay.line.noTime', { line: p.line }),
};

/** The refusal of a file with lines and not one event among them. */
export function notASaveFile(file: string, lines: number, first: LineProblem): string {
  const facts = { file: JSON.stringify(file), count: lines, line: first.line };
  if (first.code === 'not-json') return t('replay.notASaveFile.notJson', facts);
  if (first.code === 'not-an-event') return t('replay.notASaveFile.notAnEvent', { ...facts, kind: first.kind ?? 'unknown' });
  return t('replay.notASaveFile.cannotSend', facts);
}

/** Why the run stopped, in the active language (read at run time, never at module load). */
export function stopMessage(reason: StopReason): string {
  switch (reason) {
    case 'interrupted':
      return t('replay.stop.interrupted');
    case 'target-down':
      return t('replay.stop.targetDown');
    case 'target-refuses':
      return t('replay.stop.targetRefuses');
  }
}

/** One sentence on why an event was not delivered. */
export function failureMessage(event: EventResult): string {
  const { failure, status } = event;
  if (event.outcome === 'cancelled') return t('replay.failure.cancelled');
  if (event.outcome === 'not-sent') return t('replay.failure.notSent');
  if (failure === undefined) return '';
  const facts = { status: status ?? '?', detail: failure.detail, attempts: event.attempts };
  if (failure.code === 'refused') return failure.detail ? t('replay.failure.refused', facts) : t('replay.failure.refusedEmpty', facts);
  if (failure.code === 'retry-after-too-long') return t('replay.failure.retryAfterTooLong', { status: facts.status, seconds: failure.detail });
  if (failure.code === 'gave-up') return failure.detail ? t('replay.failure.gaveUp', facts) : t('replay.failure.gaveUpEmpty', facts);
  return t('replay.failure.connection', facts);
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
      stopped: result.stopped === undefined ? null : { code: result.stopped, message: stopMessage(result.stopped) },
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
    if (result.problems.length > SHOWN_PROBLEMS) lines.push({ stderr: t('replay.line.more', { number: formatNumber(result.problems.length - SHOWN_PROBLEMS) }) });
    for (const event of result.events) {
      const what = `${t('replay.event.line', { line: event.line })}  ${localTime(event.time)}  ${event.type.padEnd(8)}  ${event.senderId ?? ''}${event.text !== undefined ? `  "${oneLine(event.text, 60)}"` : ''}`;
      if (event.outcome === 'would-send') lines.push(`${s.dim(t('replay.event.wouldSend'))}  ${what}`);
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
  const lines: HumanLine[] = [];
  const windowed = result.since !== undefined || result.until !== undefined;
  const since = result.since !== undefined ? localTime(result.since) : t('replay.summary.start');
  const until = result.until !== undefined ? localTime(result.until) : t('replay.summary.end');
  const where = { file: result.file, url: result.url, since, until };
  if (result.dryRun) {
    const facts = { ...where, count: c.wouldSend };
    lines.push(windowed ? t('replay.summary.wouldSendWindow', facts) : t('replay.summary.wouldSend', facts));
  } else {
    const perSecond = eventsPerSecond(result, c, 100);
    const mark = replayOk(result) ? green('✔') : red('✖');
    const rate = perSecond !== null ? t('replay.summary.rate', { rate: formatNumber(perSecond) }) : '';
    const facts = { ...where, count: c.delivered, duration: formatDuration(result.seconds), rate };
    lines.push(`${mark} ${windowed ? t('replay.summary.replayedWindow', facts) : t('replay.summary.replayed', facts)}`);
    const missed = [
      c.failed > 0 ? t('replay.summary.failed', { number: formatNumber(c.failed) }) : '',
      c.cancelled > 0 ? t('replay.summary.cancelled', { number: formatNumber(c.cancelled) }) : '',
      c.notSent > 0 ? t('replay.summary.notSent', { number: formatNumber(c.notSent) }) : '',
    ].filter(Boolean);
    if (missed.length > 0) lines.push(`  ${red(t('replay.summary.notDelivered', { list: missed.join(t('replay.summary.separator')) }))}`);
  }
  if (c.alreadyDelivered > 0) lines.push(result.dryRun ? t('replay.summary.wouldSkip', { count: c.alreadyDelivered }) : t('replay.summary.skipped', { count: c.alreadyDelivered }));
  if (c.outsideWindow > 0) lines.push(t('replay.summary.outside', { count: c.outsideWindow }));
  if (c.unreadable > 0) lines.push(`  ${yellow(t('replay.summary.unreadable', { count: c.unreadable }))}`);
  if (c.inWindow === 0 && c.unreadable === 0) lines.push(t('replay.summary.noEvent'));
  if (result.stopped !== undefined) lines.push({ stderr: stopMessage(result.stopped) });
  else if (!result.dryRun && c.failed + c.cancelled > 0) lines.push({ stderr: t('replay.summary.failedNotRecorded') });
  return lines;
}
