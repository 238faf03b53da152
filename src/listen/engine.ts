import { ExitCode } from '../errors.js';
import { normaliseWebhook, unreadableEvent } from '../core/webhook/normalise.js';
import { ListenSession, type ListenGoal, type ListenSummary } from '../core/webhook/session.js';
import type { IgnoredItem, NormalisedDelivery, NormalisedEvent, SenderProfile, SignatureKind } from '../core/webhook/types.js';
import { t } from '../i18n/index.js';
import type { PostFailure, PostOptions, PostResult } from '../io/http-out.js';
import { startWebhookServer, type AcceptedRequest, type RejectedRequest, type RunningWebhookServer } from '../io/webhook-server.js';

/**
 * The engine of `fb3cx listen`: it runs the webhook server (which checks signatures and answers
 * before anything else happens), forwards, replies and looks up senders, and reports everything
 * as typed items to one `emit` function. It prints nothing: a renderer draws the items (human
 * lines or JSON lines). Every effect beyond the local server comes in through `ListenerEffects`.
 */
export type ListenItem = ReadyItem | HandshakeItem | EventItem | IgnoredLineItem | RejectedItem | ForwardItem | ReplyItem | NoticeItem | SummaryItem;

export interface ReadyItem {
  kind: 'ready';
  url: string;
  port: number;
  verifyToken: string;
  signatures: boolean;
  forwardTo: string | undefined;
  /** The https URL of a local ngrok tunnel to this port, when one was found. */
  publicUrl: string | undefined;
}

export interface HandshakeItem {
  kind: 'handshake';
  at: number;
}

export interface EventItem {
  kind: 'event';
  event: NormalisedEvent;
  signature: SignatureKind;
  receivedAt: number;
  profile: SenderProfile | undefined;
  /** The delivery's Facebook-API-Version header: the version of the webhook field that sent it. */
  apiVersion?: string | undefined;
}

export interface IgnoredLineItem extends IgnoredItem {
  kind: 'ignored';
  at: number;
}

export interface RejectedItem extends RejectedRequest {
  kind: 'rejected';
  at: number;
}

export type ForwardOutcome = PostResult | PostFailure | { ok: false; dropped: true; waiting: number };

export interface ForwardItem {
  kind: 'forward';
  at: number;
  url: string;
  /** Events in the forwarded body. */
  events: number;
  outcome: ForwardOutcome;
}

export type ReplyOutcome =
  | { ok: true; messageId: string | null }
  /** `graph` is there when Meta answered with an error it explains (code, fix, trace id). */
  | { ok: false; code: string; error: string; graph?: { fix: string; fbtraceId: string | null } };

export type ReplyItem = { kind: 'reply'; at: number; recipientId: string } & ReplyOutcome;

/** A remark for the person at the terminal; `reported` is what the JSON stream carries of it. */
export interface NoticeContent {
  level: 'warn' | 'error';
  text: string;
  /** Indented lines under the text (a fix, an error's detail). */
  lines?: string[];
  reported?: { code: string; message: string; fix?: string };
}

export interface NoticeItem extends NoticeContent {
  kind: 'notice';
  at: number;
}

export interface SummaryItem {
  kind: 'summary';
  exitCode: number;
  /** Why the run ended: `code` is stable (listen --json), `reason` its sentence. */
  code: string;
  reason: string;
  summary: ListenSummary;
}

export type SenderLookup =
  | { ok: true; profile: SenderProfile }
  /** `permanent`: the app may never look senders up (stop asking); `key` groups repeated failures. */
  | { ok: false; permanent: boolean; key: string; notice: NoticeContent };

/** The two Graph calls listen makes, as plain functions that answer instead of throwing. */
export interface MessengerCalls {
  lookupSender(psid: string): Promise<SenderLookup>;
  reply(recipientId: string, text: string, pageId: string | null): Promise<ReplyOutcome>;
}

export interface Forwarder {
  post(options: PostOptions): Promise<PostResult | PostFailure>;
  close(): Promise<void>;
}

export interface ListenerOptions {
  host: string;
  port: number;
  path: string;
  verifyToken: string;
  appSecret: string | undefined;
  maxBodyBytes: number;
  headersTimeoutMs?: number | undefined;
  requestTimeoutMs?: number | undefined;
  goal: ListenGoal;
  timeoutSeconds: number | undefined;
  forward: { url: string; timeoutMs: number } | undefined;
  lookupSenders: boolean;
  replyText: string | undefined;
  /** The Graph API version fb3cx pins; a delivery of another version is remarked on once. */
  graphVersion?: string | undefined;
}

export interface ListenerEffects {
  now(): number;
  emit(item: ListenItem): void;
  /** Needed with `lookupSenders` or `replyText`. */
  messenger?: MessengerCalls | undefined;
  /** Needed with `forward`. */
  forwarder?: Forwarder | undefined;
  publicUrl?: ((port: number) => Promise<string | undefined>) | undefined;
  /** Aborted on Ctrl-C: the listener drains, emits the summary and ends with exit code 130. */
  signal?: AbortSignal | undefined;
  /** Where a failure inside `emit` is reported; the listener keeps running. */
  debug?: ((text: string) => void) | undefined;
}

export interface RunningListener {
  url: string;
  port: number;
  /** Resolves with the exit code once the summary has been emitted. */
  done: Promise<number>;
  /** Stops taking requests, lets work under way finish (bounded), emits the summary with the reason and its code. */
  stop(exitCode: number, reason: string, code?: string): Promise<void>;
}

/** How long a sender lookup may hold up an event line before it prints without the name. */
const LOOKUP_WAIT_MS = 3000;
/** Forwards still running beyond this are dropped (and counted as failed) rather than queued. */
const MAX_PENDING_FORWARDS = 256;
const PROFILE_CACHE_LIMIT = 5000;
/** How long stopping waits for requests, forwards, replies and lookups under way. */
const DRAIN_MS = 3000;
const FORWARDED_HEADERS = new Set(['content-type', 'x-hub-signature-256', 'x-hub-signature', 'user-agent', 'facebook-api-version']);
const API_VERSION_HEADER = 'facebook-api-version';

export async function startListener(options: ListenerOptions, effects: ListenerEffects): Promise<RunningListener> {
  const { now, messenger, forwarder } = effects;
  const forward = options.forward && forwarder ? { ...options.forward, forwarder } : undefined;
  const session = new ListenSession(options.goal, now());
  const pending = new Set<Promise<unknown>>();
  const track = (promise: Promise<unknown>): void => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => {});
  };

  const emitNow = (item: ListenItem): void => {
    try {
      effects.emit(item);
    } catch (error) {
      // An accepted event always gets its line: when it cannot be drawn as it is, its envelope
      // is drawn with a note saying why.
      if (item.kind === 'event') {
        try {
          effects.emit({ ...item, event: envelopeOnly(item.event, error) });
          return;
        } catch (again) {
          effects.debug?.(t('listen.debug.printingFailed', { error: String(again) }));
          return;
        }
      }
      effects.debug?.(t('listen.debug.printingFailed', { error: String(error) }));
    }
  };
  // With sender lookups, items wait in a queue so lines keep the order requests arrived in while
  // a lookup is under way; without them, nothing waits.
  const inOrder = options.lookupSenders && messenger !== undefined;
  let queue: Promise<void> = Promise.resolve();
  const send = (item: ListenItem | Promise<ListenItem>): void => {
    if (!inOrder && !(item instanceof Promise)) emitNow(item);
    else queue = queue.then(() => item).then(emitNow, (error: unknown) => effects.debug?.(t('listen.debug.printingFailed', { error: String(error) })));
  };
  const notice = (content: NoticeContent): void => send({ kind: 'notice', at: now(), ...content });

  // --lookup-profile: one call per sender, cached; stops once Meta says the feature is missing.
  const profiles = new Map<string, Promise<SenderProfile | undefined>>();
  let lookupsDisabled = false;
  const reportedLookupFailures = new Set<string>();
  const lookupSender = (psid: string): Promise<SenderProfile | undefined> => {
    if (!messenger || lookupsDisabled) return Promise.resolve(undefined);
    const cached = profiles.get(psid);
    if (cached) return cached;
    if (profiles.size >= PROFILE_CACHE_LIMIT) profiles.clear();
    const promise = messenger.lookupSender(psid).then((found) => {
      if (found.ok) return found.profile;
      if (found.permanent) {
        if (!lookupsDisabled) notice(found.notice);
        lookupsDisabled = true;
      } else {
        if (!reportedLookupFailures.has(found.key)) notice(found.notice);
        reportedLookupFailures.add(found.key);
        // Forget the failure so a later event may try again (it may have been transient).
        profiles.delete(psid);
      }
      return undefined;
    });
    profiles.set(psid, promise);
    return promise;
  };

  const replyTo = (event: NormalisedEvent): void => {
    if (!messenger || options.replyText === undefined || event.senderId === null) return;
    const recipientId = event.senderId;
    track(messenger.reply(recipientId, options.replyText, event.pageId).then((outcome) => send({ kind: 'reply', at: now(), recipientId, ...outcome })));
  };

  const forwardBody = (request: AcceptedRequest, events: number): void => {
    if (!forward) return;
    if (pending.size >= MAX_PENDING_FORWARDS) {
      session.forwardFailed++;
      send({ kind: 'forward', at: now(), url: forward.url, events, outcome: { ok: false, dropped: true, waiting: MAX_PENDING_FORWARDS } });
      return;
    }
    // Relay what identifies and authenticates the body; hop-by-hop headers stay behind.
    const headers: Record<string, string> = {};
    const raw = request.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      if (FORWARDED_HEADERS.has(name) && headers[name] === undefined) headers[name] = raw[i + 1] as string;
    }
    const posting = forward.forwarder.post({ url: forward.url, body: request.rawBody, headers, timeoutMs: forward.timeoutMs, maxBodyChars: 200 });
    track(
      posting.then((outcome) => {
        if (outcome.ok && outcome.status < 300) session.forwarded++;
        else session.forwardFailed++;
        send({ kind: 'forward', at: now(), url: forward.url, events, outcome });
      }),
    );
  };

  let warnedSha1 = false;
  let warnedVersion = false;
  const checkVersion = (apiVersion: string | undefined): void => {
    const pinned = options.graphVersion;
    if (warnedVersion || apiVersion === undefined || pinned === undefined || apiVersion === pinned) return;
    warnedVersion = true;
    const message = t('listen.notice.versionMismatch', { apiVersion, pinned });
    const fix = t('listen.notice.versionMismatchFix', { apiVersion, pinned });
    notice({ level: 'warn', text: message, lines: [fix], reported: { code: 'api_version_mismatch', message, fix } });
  };

  const onAccepted = (request: AcceptedRequest): void => {
    const delivery = readDelivery(request.payload);
    const apiVersion = headerValue(request.rawHeaders, API_VERSION_HEADER);
    guarded((error) => t('listen.bug.version', { error }), () => checkVersion(apiVersion));
    guarded((error) => t('listen.bug.forwarding', { error }), () => forwardBody(request, delivery.events.length));
    if (request.signature === 'sha1' && !warnedSha1) {
      warnedSha1 = true;
      notice({ level: 'warn', text: t('listen.notice.sha1Only') });
    }
    for (const ignored of delivery.ignored) {
      session.ignored++;
      send({ kind: 'ignored', at: request.receivedAt, ...ignored });
    }
    for (const event of delivery.events) {
      if (!session.record(event)) continue;
      if (inOrder) send(withSender(event, request, apiVersion));
      else send({ kind: 'event', event, signature: request.signature, receivedAt: request.receivedAt, profile: undefined, apiVersion });
      if (event.type === 'message' && !event.standby) guarded((error) => t('listen.bug.replying', { error }), () => replyTo(event));
    }
    if (session.state.done) void stop(ExitCode.ok, session.state.reason, session.state.code);
  };

  const withSender = async (event: NormalisedEvent, request: AcceptedRequest, apiVersion: string | undefined): Promise<EventItem> => {
    const item: EventItem = { kind: 'event', event, signature: request.signature, receivedAt: request.receivedAt, profile: undefined, apiVersion };
    const userId = event.type === 'echo' ? event.recipientId : event.senderId;
    if (userId === null || userId === event.pageId) return item;
    try {
      return { ...item, profile: await withDeadline(lookupSender(userId), LOOKUP_WAIT_MS) };
    } catch {
      // The event prints without the name rather than not at all.
      return item;
    }
  };

  /** A follow-up (forward, reply) that fails in fb3cx itself must not take the events of its body down with it. */
  const guarded = (bug: (error: string) => string, work: () => void): void => {
    try {
      work();
    } catch (error) {
      notice({ level: 'error', text: bug(error instanceof Error ? error.message : String(error)) });
    }
  };

  const server: RunningWebhookServer = await startWebhookServer({
    host: options.host,
    port: options.port,
    policy: { path: options.path, verifyToken: options.verifyToken, appSecret: options.appSecret },
    maxBodyBytes: options.maxBodyBytes,
    ...(options.headersTimeoutMs !== undefined ? { headersTimeoutMs: options.headersTimeoutMs } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    now,
    onAccepted,
    onRejected: (rejected) => {
      session.rejected++;
      send({ kind: 'rejected', at: now(), ...rejected });
    },
    onHandshake: () => {
      session.handshakes++;
      send({ kind: 'handshake', at: now() });
    },
  });

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  let stopping: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  function stop(exitCode: number, reason: string, code = 'stopped'): Promise<void> {
    stopping ??= (async () => {
      if (timer) clearTimeout(timer);
      await server.close(DRAIN_MS);
      await withDeadline(Promise.allSettled([...pending]), DRAIN_MS);
      await withDeadline(queue, DRAIN_MS);
      await forward?.forwarder.close();
      emitNow({ kind: 'summary', exitCode, code, reason, summary: session.summary(now()) });
      resolveDone(exitCode);
    })();
    return stopping;
  }

  const publicUrl = effects.publicUrl ? await effects.publicUrl(server.port) : undefined;
  emitNow({ kind: 'ready', url: server.url, port: server.port, verifyToken: options.verifyToken, signatures: options.appSecret !== undefined, forwardTo: forward?.url, publicUrl });

  const seconds = options.timeoutSeconds;
  if (seconds !== undefined && stopping === undefined) {
    timer = setTimeout(() => {
      if (!session.hasGoal) {
        void stop(ExitCode.ok, t('listen.stop.listened', { seconds }), 'listened');
        return;
      }
      const text = options.goal.expectText;
      notice({ level: 'error', text: text !== undefined ? t('listen.notice.noExpectedText', { text, seconds }) : t('listen.notice.noEvents', { events: options.goal.exitAfter, seconds }) });
      void stop(ExitCode.checkFailed, t('listen.stop.timeout', { seconds }), 'timeout');
    }, seconds * 1000);
  }

  // Checked only now, so a Ctrl-C during start-up still gets its summary after the ready item.
  const interrupt = () => void stop(ExitCode.interrupted, t('listen.stop.interrupted'), 'interrupted');
  if (effects.signal?.aborted) interrupt();
  else effects.signal?.addEventListener('abort', interrupt, { once: true });

  return { url: server.url, port: server.port, done, stop };
}

/** A header's first value from node's raw name/value list (names in any case); undefined when absent or blank. */
function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() !== name) continue;
    // Anyone can send this header: a long value is cut rather than carried into every line.
    const value = (rawHeaders[i + 1] as string).trim().slice(0, 40);
    return value === '' ? undefined : value;
  }
  return undefined;
}

/** The delivery's events; a body the normaliser cannot read at all is still one event, shown whole in `raw`. */
function readDelivery(payload: unknown): NormalisedDelivery {
  try {
    return normaliseWebhook(payload);
  } catch (error) {
    return { object: null, events: [unreadableEvent(payload, { pageId: null, standby: false }, error)], ignored: [] };
  }
}

/** The event without its content, for when drawing it whole failed. */
function envelopeOnly(event: NormalisedEvent, error: unknown): NormalisedEvent {
  const { type, pageId, senderId, recipientId, timestamp, standby } = event;
  const why = error instanceof Error ? error.message : String(error);
  return { type, pageId, senderId, recipientId, timestamp, note: t('listen.note.envelopeOnly', { why }), noteCode: 'envelope_only', standby, raw: null };
}

/** The promise's value, or undefined once `ms` have passed or when it fails. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
