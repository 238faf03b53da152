import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import type { AppContext, GlobalOptions } from '../context.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { parseSavedEvents, replayBody, withinWindow, type SavedEvent } from '../core/replay/saved.js';
import { parseMoment } from '../core/replay/window.js';
import { DEFAULT_RETRY_POLICY, isTransientStatus, nextDelay, retryAfterMs, type RetryPolicy } from '../core/replay/retry.js';
import { webhookHeaders, type SignatureChoice } from '../core/webhook/build.js';
import { scrubQueryTokens } from '../core/secrets.js';
import { quoted } from '../core/text.js';
import { WebhookPoster, type PostFailure, type PostOptions, type PostResult } from '../io/http-out.js';
import { journalPathFor, openJournal, readJournal, targetKey, type Journal } from '../io/replay-journal.js';
import { startSpinner } from '../io/spinner.js';
import { isHttpUrl } from '../settings/validate.js';
import { localTime, notASaveFile, replayOk, type EventResult, type ReplayResult, type StopReason } from './present/replay.js';
import type { Outcome } from './types.js';
import { t } from '../i18n/index.js';

export interface ReplayOptions {
  replay: string;
  url?: string;
  since?: string;
  until?: string;
  resume?: boolean;
  again?: boolean;
  dryRun?: boolean;
  signature?: SignatureChoice;
  timeout: number;
  pageId?: string;
  appSecretStdin?: boolean;
}

/** After this many refused events in a row the endpoint refuses everything; the rest are kept for --resume. */
const REFUSED_IN_A_ROW = 3;
/** Answers that say the target, not the event, is wrong: the run stops at the first. */
const TARGET_REFUSALS = new Set([401, 403, 404, 405]);
/** Ctrl-C lets the event on its way finish for this long before cutting it off. */
const IN_FLIGHT_GRACE_MS = 1000;

/**
 * `fb3cx trigger --replay <file>`: re-sends the events a `fb3cx listen --save` kept, one POST
 * each, in their order, signed like Meta's, and records each delivery beside the file.
 */
export async function replay(ctx: AppContext, options: ReplayOptions & GlobalOptions): Promise<Outcome<ReplayResult>> {
  const now = ctx.clock.now();
  const since = momentOption('--since', options.since, now);
  const until = momentOption('--until', options.until, now);
  if (since !== undefined && until !== undefined && since >= until) throw new UsageError(t('replay.error.sinceAfterUntil', { since: localTime(since), until: localTime(until) }));
  if (options.resume && options.again) throw new UsageError(t('replay.error.resumeAndAgain'), t('replay.error.resumeAndAgainHint'));
  if (options.url !== undefined && !isHttpUrl(options.url)) throw new UsageError(t('trigger.error.url', { value: quoted(options.url) }));

  const prepared = await ctx.session({ options });
  try {
    const settings = prepared.settings.values;
    const target = options.url ?? settings.webhookUrl;
    if (target === undefined) {
      throw new UsageError(t('replay.error.noUrl'), t('replay.error.noUrlHint'));
    }
    const appSecret = settings.appSecret;
    const signature = options.signature ?? (appSecret !== undefined ? 'sha256' : 'none');
    if (signature !== 'none' && appSecret === undefined) {
      throw new UsageError(t('trigger.error.signatureNeedsSecret', { signature }), t('trigger.error.signatureNeedsSecretHint'));
    }
    if (options.signature === undefined && appSecret === undefined) ctx.out.warn(t('replay.unsigned'));

    const file = options.replay;
    const saved = parseSavedEvents(await readSavedFile(file), settings.pageId);
    const first = saved.problems[0];
    // A file with lines and not one event in them is not a save file: say so before sending anything.
    if (saved.events.length === 0 && first !== undefined && saved.problems.every((problem) => problem.code !== 'no-page-id')) {
      throw new UsageError(notASaveFile(file, saved.lines, first), t('replay.error.notASaveFileHint'));
    }
    const chosen = withinWindow(saved.events, since, until);
    const journalPath = journalPathFor(file);
    const targetId = targetKey(target);
    const earlier = await readJournal(journalPath, targetId).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(t('replay.error.stateUnreadable', { path: quoted(journalPath, 200), code: error.code ?? error.message }), { code: 'replay-state', exitCode: ExitCode.cannotRun, hint: t('replay.error.stateUnreadableHint') });
    });
    const deliveredBefore = chosen.filter((event) => earlier.delivered.has(event.key)).length;
    if (deliveredBefore > 0 && !options.resume && !options.again) {
      const counts = { delivered: deliveredBefore, total: chosen.length };
      throw new UsageError(
        earlier.lastAt !== undefined ? t('replay.error.alreadyDelivered', { ...counts, at: localTime(earlier.lastAt) }) : t('replay.error.alreadyDeliveredUnknownTime', counts),
        t('replay.error.alreadyDeliveredHint'),
      );
    }
    const skip = options.resume ? earlier.delivered : new Set<string>();
    const base = {
      file,
      url: scrubQueryTokens(target),
      dryRun: options.dryRun === true,
      resume: options.resume === true,
      again: options.again === true,
      signature,
      since,
      until,
      lines: saved.lines,
      problems: saved.problems,
      outsideWindow: saved.events.length - chosen.length,
    };
    const headersFor = (event: SavedEvent, body: Buffer) => webhookHeaders(body, { appSecret, signature, apiVersion: event.apiVersion ?? settings.graphVersion, userAgent: 'fb3cx-replay' });

    if (options.dryRun) {
      const events = chosen.map((event): EventResult => {
        if (skip.has(event.key)) return { ...describe(event), outcome: 'already-delivered', attempts: 0 };
        const payload = ctx.out.json ? (JSON.parse(replayBody(event).toString('utf8')) as unknown) : undefined;
        return { ...describe(event), outcome: 'would-send', attempts: 0, ...(payload !== undefined ? { payload } : {}) };
      });
      const result: ReplayResult = { ...base, events, stopped: undefined, seconds: 0 };
      return { result, exitCode: replayOk(result) ? ExitCode.ok : ExitCode.checkFailed };
    }

    let journal: Journal;
    try {
      journal = openJournal(journalPath, targetId);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new CliError(t('replay.error.stateUnwritable', { path: quoted(journalPath, 200), code }), { code: 'replay-state', exitCode: ExitCode.cannotRun, hint: t('replay.error.stateUnwritableHint') });
    }
    const stop = new AbortController();
    ctx.onInterrupt(() => stop.abort());
    const trust = prepared.webhookTrust;
    // One keep-alive connection: the events go one after another, in order, as 3CX must see them.
    const poster = new WebhookPoster(trust ? { ca: trust.ca, lookup: trust.lookup, hosts: trust.hosts } : undefined, 1);
    const spinner = await startSpinner(ctx.out, ctx.env, progressText(0, chosen.length), ctx.signal);
    const started = performance.now();
    try {
      const outcome = await sendInOrder(chosen, {
        url: target,
        timeoutMs: options.timeout * 1000,
        policy: DEFAULT_RETRY_POLICY,
        skip,
        headersFor,
        post: (request) => poster.post(request),
        record: (key) => journal.record(key, ctx.clock.now()),
        now: () => ctx.clock.now(),
        random: ctx.random,
        progress: (done) => spinner.update(progressText(done, chosen.length)),
        stop: stop.signal,
      });
      const result: ReplayResult = { ...base, events: outcome.events, stopped: outcome.stopped, seconds: (performance.now() - started) / 1000 };
      const exitCode = outcome.stopped === 'interrupted' ? ExitCode.interrupted : replayOk(result) ? ExitCode.ok : ExitCode.checkFailed;
      return { result, exitCode };
    } finally {
      spinner.stop();
      journal.close();
      await poster.close();
    }
  } finally {
    await prepared.close().catch(() => {});
  }
}

function momentOption(flag: string, value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const moment = parseMoment(value, now);
  if (moment === undefined) {
    throw new UsageError(t('replay.error.moment', { flag, value: quoted(value) }));
  }
  return moment;
}

async function readSavedFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const shown = quoted(file, 200);
    const message = code === 'ENOENT' ? t('replay.error.noSuchFile', { file: shown }) : code === 'EISDIR' ? t('replay.error.isFolder', { file: shown }) : t('replay.error.cannotRead', { file: shown, code: code ?? 'error' });
    throw new UsageError(message, t('replay.error.cannotReadHint'));
  }
}


function describe(event: SavedEvent): Pick<EventResult, 'line' | 'key' | 'type' | 'time' | 'senderId' | 'text'> {
  return { line: event.line, key: event.key, type: event.type, time: event.time, senderId: event.senderId, text: event.text };
}

function progressText(done: number, total: number): string {
  const width = 24;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return t('replay.progress', { bar: `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`, done, total });
}

export interface SendPlan {
  url: string;
  timeoutMs: number;
  policy: RetryPolicy;
  /** Keys delivered by an earlier run (--resume). */
  skip: ReadonlySet<string>;
  headersFor(event: SavedEvent, body: Buffer): Record<string, string>;
  post(request: PostOptions): Promise<PostResult | PostFailure>;
  /** Records a delivery; called before the next event is sent. */
  record(key: string): void;
  now(): number;
  random(): number;
  progress(done: number): void;
  /** Aborted on Ctrl-C: no new event starts; the one on its way gets a moment to finish. */
  stop: AbortSignal;
}

/**
 * Sends the events one after another. The order is kept: when an event still fails after its
 * retries, the run stops there rather than send later events before it.
 */
export async function sendInOrder(events: readonly SavedEvent[], plan: SendPlan): Promise<{ events: EventResult[]; stopped: StopReason | undefined }> {
  const results: EventResult[] = [];
  let stopped: StopReason | undefined;
  let refusedInARow = 0;
  let lastProgress = 0;
  for (const event of events) {
    if (stopped !== undefined || plan.stop.aborted) {
      stopped ??= 'interrupted';
      results.push({ ...describe(event), outcome: plan.skip.has(event.key) ? 'already-delivered' : 'not-sent', attempts: 0 });
      continue;
    }
    if (plan.skip.has(event.key)) {
      results.push({ ...describe(event), outcome: 'already-delivered', attempts: 0 });
      continue;
    }
    const sent = await sendOne(event, plan);
    results.push(sent.result);
    if (sent.result.outcome === 'delivered') refusedInARow = 0;
    if (sent.result.outcome === 'failed' && sent.result.failure?.code === 'refused') {
      refusedInARow++;
      if (refusedInARow >= REFUSED_IN_A_ROW || TARGET_REFUSALS.has(sent.result.status ?? 0)) stopped = 'target-refuses';
    }
    if (sent.stop !== undefined) stopped = sent.stop;
    const now = performance.now();
    if (now - lastProgress > 100) {
      lastProgress = now;
      plan.progress(results.length);
    }
  }
  plan.progress(results.length);
  return { events: results, stopped };
}

async function sendOne(event: SavedEvent, plan: SendPlan): Promise<{ result: EventResult; stop?: StopReason }> {
  const body = replayBody(event);
  const headers = plan.headersFor(event, body);
  const inFlight = new AbortController();
  let grace: NodeJS.Timeout | undefined;
  const cutOff = () => {
    grace = setTimeout(() => inFlight.abort(), IN_FLIGHT_GRACE_MS);
  };
  plan.stop.addEventListener('abort', cutOff, { once: true });
  try {
    for (let attempt = 1; ; attempt++) {
      const answer = await plan.post({ url: plan.url, body, headers, timeoutMs: plan.timeoutMs, signal: inFlight.signal, maxBodyChars: 300 });
      if (!answer.ok && answer.code === 'aborted') return { result: { ...describe(event), outcome: 'cancelled', attempts: attempt, ms: answer.ms }, stop: 'interrupted' };
      if (answer.ok && answer.status >= 200 && answer.status < 300) {
        plan.record(event.key);
        return { result: { ...describe(event), outcome: 'delivered', attempts: attempt, status: answer.status, ms: answer.ms } };
      }
      const detail = answer.ok ? oneLineBody(answer.body) : answer.error;
      const status = answer.ok ? { status: answer.status } : {};
      if (answer.ok && !isTransientStatus(answer.status)) {
        return { result: { ...describe(event), outcome: 'failed', attempts: attempt, ...status, ms: answer.ms, failure: { code: 'refused', detail } } };
      }
      const asked = answer.ok ? retryAfterMs(answer.retryAfter, plan.now()) : undefined;
      const wait = nextDelay(plan.policy, attempt, asked, plan.random);
      if (wait === undefined) {
        const code = asked !== undefined && asked > plan.policy.maxRetryAfterMs ? 'retry-after-too-long' : answer.ok ? 'gave-up' : answer.code;
        // The wait in whole seconds: the message names the unit in its language.
        const shown = code === 'retry-after-too-long' ? String(Math.round((asked ?? 0) / 1000)) : detail;
        return { result: { ...describe(event), outcome: 'failed', attempts: attempt, ...status, ms: answer.ms, failure: { code, detail: shown } }, stop: 'target-down' };
      }
      try {
        await delay(wait, undefined, { signal: plan.stop });
      } catch {
        return { result: { ...describe(event), outcome: 'not-sent', attempts: attempt, ...status }, stop: 'interrupted' };
      }
    }
  } finally {
    plan.stop.removeEventListener('abort', cutOff);
    if (grace !== undefined) clearTimeout(grace);
  }
}

function oneLineBody(body: string): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, 120);
}
