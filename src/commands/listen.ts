import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AppContext, GlobalOptions } from '../context.js';
import { CliError, ExitCode, NetworkError, UsageError } from '../errors.js';
import { normaliseWebhook } from '../core/webhook/normalise.js';
import { serialiseEvent, type SenderProfile } from '../core/webhook/record.js';
import { formatBytes, formatDuration, parseByteSize, ListenSession, type ListenSummary } from '../core/webhook/session.js';
import { EVENT_TYPES, isEventType, type EventType, type NormalisedEvent, type SignatureKind } from '../core/webhook/types.js';
import type { GraphApi } from '../graph/client.js';
import { GraphApiError } from '../graph/errors.js';
import { detectNgrokTunnel, WebhookPoster } from '../io/http-out.js';
import { ListenError, startWebhookServer, type AcceptedRequest, type RejectedRequest, type RunningWebhookServer } from '../io/webhook-server.js';
import { renderEventLine, renderFollowUpLine, renderIgnoredLine, renderNoticeLine, renderRejectedLine, statusColor } from '../io/webhook-render.js';
import type { Session as PreparedWithExtras } from '../session.js';
import type { CommandModule } from './types.js';

interface ListenOptions {
  port: number;
  host: string;
  path: string;
  verifyToken?: string;
  appSecretStdin?: boolean;
  pageTokenStdin?: boolean;
  events?: string[];
  exitAfter?: number;
  expectText?: string;
  timeout?: number;
  save?: string;
  forwardTo?: string | boolean;
  forwardTimeout: number;
  lookupProfile?: boolean;
  reply?: string;
  maxBody: string;
}

/** How long a sender lookup may hold up an event line before it prints without the name. */
const LOOKUP_WAIT_MS = 3000;
/** Forwards still running beyond this are dropped (and counted as failed) rather than queued. */
const MAX_PENDING_FORWARDS = 256;
const PROFILE_CACHE_LIMIT = 5000;
/**
 * Accepted bodies turned into lines together (see onAccepted). More than this saves little CPU,
 * and the queued bodies then survive garbage collections often enough that V8 grows its young
 * generation: resident memory after 100,000 events was 1.19x in some bench runs at 64, and
 * 1.03-1.05x in every run at 16.
 */
const ACCEPTED_BATCH = 16;
/** Output waiting for the end of the loop turn is written once it is this long. */
const FLUSH_AT_CHARS = 8192;
const FORWARDED_HEADERS = new Set(['content-type', 'x-hub-signature-256', 'x-hub-signature', 'user-agent']);

export const run: CommandModule<ListenOptions>['run'] = async (ctx, options) => {
  const input = validateOptions(options);
  const prepared = await ctx.session({ options, keys: ['pageId', 'pageToken', 'appId', 'appSecret', 'webhookUrl', 'webClientUrl', 'verifyToken', 'graphUrl', 'graphVersion'] });
  try {
    return await listen(ctx, options, input, prepared);
  } finally {
    await prepared.close().catch(() => {});
  }
};

interface ValidatedInput {
  path: string;
  maxBodyBytes: number;
  types: Set<EventType> | undefined;
}

function validateOptions(options: ListenOptions): ValidatedInput {
  const path = options.path.trim();
  if (!path.startsWith('/') || /[?#\s]/.test(path)) throw new UsageError(`--path must start with "/" and hold no spaces, "?" or "#", got "${path}".`);
  const maxBodyBytes = parseByteSize(options.maxBody);
  if (maxBodyBytes === undefined) throw new UsageError(`--max-body takes a size such as 512k or 4mb, got "${options.maxBody}".`);
  if (maxBodyBytes < 1024) throw new UsageError(`--max-body must be at least 1k; real Messenger batches are larger than ${options.maxBody}.`);
  let types: Set<EventType> | undefined;
  if (options.events && options.events.length > 0) {
    types = new Set();
    for (const name of options.events) {
      const normalised = name.toLowerCase();
      if (!isEventType(normalised)) throw new UsageError(`--events does not know the type "${name}".`, `Types: ${EVENT_TYPES.join(', ')}.`);
      types.add(normalised);
    }
  }
  if (options.expectText !== undefined && options.expectText === '') throw new UsageError('--expect-text needs a non-empty text.');
  if (options.reply !== undefined && options.reply.trim() === '') throw new UsageError('--reply needs a non-empty text.');
  return { path, maxBodyBytes, types };
}

function resolveForwardTarget(options: ListenOptions, prepared: PreparedWithExtras): string | undefined {
  if (options.forwardTo === undefined || options.forwardTo === false) return undefined;
  const target = options.forwardTo === true ? prepared.settings.values.webhookUrl : options.forwardTo;
  if (target === undefined) {
    throw new UsageError('--forward-to without a URL forwards to the 3CX webhook URL, but none is configured.', 'Give it (--forward-to https://...), set FB3CX_WEBHOOK_URL, or save it with fb3cx config set webhookUrl ...');
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`--forward-to needs an http(s) URL, got "${target}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--forward-to needs an http(s) URL, got "${target}".`);
  return url.toString();
}

function listenFailure(error: unknown, host: string, port: number): CliError {
  const code = error instanceof ListenError ? error.code : undefined;
  if (code === 'EADDRINUSE') {
    return new NetworkError(`Port ${port} on ${host} is already in use by another program.`, 'Stop that program or pick another port with --port (--port 0 picks a free one).', error);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new NetworkError(`fb3cx may not listen on port ${port} (ports below 1024 need administrator rights).`, 'Use a port above 1024, such as the default 8080; the tunnel can still serve HTTPS on 443.', error);
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EINVAL') {
    return new UsageError(`--host ${host} is not an address of this machine.`, 'Use 127.0.0.1 (the default, enough for a tunnel) or 0.0.0.0 for every interface.');
  }
  return new NetworkError(`fb3cx could not listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}.`, undefined, error);
}

async function listen(ctx: AppContext, options: ListenOptions & GlobalOptions, input: ValidatedInput, prepared: PreparedWithExtras): Promise<number> {
  const out = ctx.out;
  const json = out.json;
  const settings = prepared.settings.values;
  const appSecret = settings.appSecret;
  const pageToken = settings.pageToken;

  if ((options.lookupProfile || options.reply !== undefined) && pageToken === undefined) {
    const which = options.lookupProfile ? '--lookup-profile' : '--reply';
    throw new UsageError(`${which} needs the page access token.`, 'Set FB3CX_PAGE_TOKEN, save it in the profile (fb3cx init), or pipe it in with --page-token-stdin.');
  }
  const forwardTarget = resolveForwardTarget(options, prepared);

  const verifyTokenSource = options.verifyToken !== undefined ? '--verify-token' : ctx.env.FB3CX_VERIFY_TOKEN ? 'FB3CX_VERIFY_TOKEN' : prepared.profile?.verifyToken ? 'the profile' : undefined;
  const verifyToken = (options.verifyToken ?? ctx.env.FB3CX_VERIFY_TOKEN ?? prepared.profile?.verifyToken ?? randomBytes(18).toString('base64url')).trim();
  if (verifyToken === '') throw new UsageError('The verify token is empty; give one with --verify-token or FB3CX_VERIFY_TOKEN, or leave both out to get a generated one.');

  let saveStream: NodeJS.WritableStream | undefined;
  let saveFailed = false;
  if (options.save !== undefined) {
    try {
      const handle = await open(options.save, 'a');
      saveStream = handle.createWriteStream();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`--save cannot append to "${options.save}" (${code ?? 'error'}).`, 'Check that its folder exists and that you may write there.');
    }
  }

  const session = new ListenSession({ exitAfter: options.exitAfter, expectText: options.expectText, types: input.types }, ctx.clock.now());
  const style = out.style;
  const columns = (out.stdout as { columns?: number }).columns;
  const poster = forwardTarget ? new WebhookPoster(prepared.webhookTrust ? { ca: prepared.webhookTrust.ca, lookup: prepared.webhookTrust.lookup, hosts: prepared.webhookTrust.hosts } : undefined, 32) : undefined;
  const graph: GraphApi | undefined = options.lookupProfile || options.reply !== undefined ? await prepared.graph() : undefined;

  let finishing = false;
  let resolveRun!: (code: number) => void;
  const finished = new Promise<number>((resolve) => {
    resolveRun = resolve;
  });
  const pending = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => {});
    return promise;
  };

  // Lines print in the order requests arrived. Without lookups everything prints at once; with
  // them, a queue keeps the order while a lookup is under way.
  let queue: Promise<void> = Promise.resolve();
  const serial = options.lookupProfile === true;
  const emit = (task: () => void | Promise<void>) => {
    if (!serial) {
      try {
        void task();
      } catch (error) {
        out.debug(`printing failed: ${String(error)}`);
      }
      return;
    }
    queue = queue.then(task).catch((error) => out.debug(`printing failed: ${String(error)}`));
  };

  // Lines are gathered and written once per turn of the event loop: under load that is one write
  // for many events instead of one each (the throughput benchmark measures this path). A longer
  // timer was tried: no faster, and it let resident memory grow under a flood (bench ratio 1.17).
  // Accepted bodies wait here too, and are turned into lines in one go at the flush: under load
  // that runs the same code over many events back to back, which measured faster than
  // interleaving it with the socket work. Any other line drains them first, so order is kept.
  let pendingLines = '';
  let flushScheduled = false;
  const acceptedQueue: AcceptedRequest[] = [];
  let draining = false;
  const drainAccepted = () => {
    if (draining) return;
    draining = true;
    try {
      for (let i = 0; i < acceptedQueue.length; i++) {
        try {
          handleAccepted(acceptedQueue[i] as AcceptedRequest);
        } catch (error) {
          out.debug(`printing failed: ${String(error)}`);
        }
      }
    } finally {
      acceptedQueue.length = 0;
      draining = false;
    }
  };
  const scheduleFlush = () => {
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushLines);
    }
  };
  const writePending = () => {
    if (pendingLines === '') return;
    const text = pendingLines;
    pendingLines = '';
    out.raw(text);
  };
  const flushLines = () => {
    flushScheduled = false;
    if (acceptedQueue.length > 0) drainAccepted();
    writePending();
  };
  const line = (text: string) => {
    if (acceptedQueue.length > 0) drainAccepted();
    pendingLines += `${text}\n`;
    // Written at once past a few kilobytes: lines left waiting for the end of the turn survive
    // garbage collections, and then V8 grows its young generation (resident memory 1.19x after
    // 100,000 events in the benchmark, instead of 1.04x).
    if (pendingLines.length >= FLUSH_AT_CHARS) writePending();
    else scheduleFlush();
  };
  const writeJson = (value: unknown) => line(JSON.stringify(value));

  // --lookup-profile: one Graph call per sender, cached; stops after Meta says the feature is missing.
  const profiles = new Map<string, Promise<SenderProfile | undefined>>();
  let lookupsDisabled = false;
  const warnedLookup = new Set<string>();
  const lookupSender = (psid: string): Promise<SenderProfile | undefined> => {
    if (!graph || lookupsDisabled) return Promise.resolve(undefined);
    const cached = profiles.get(psid);
    if (cached) return cached;
    if (profiles.size >= PROFILE_CACHE_LIMIT) profiles.clear();
    const promise = graph
      .call<{ first_name?: string; last_name?: string; name?: string; profile_pic?: string }>({
        path: `/${psid}`,
        token: pageToken,
        query: { fields: 'first_name,last_name,profile_pic' },
        operation: 'Looking up the sender',
      })
      .then(({ body }) => {
        const name = [body.first_name, body.last_name].filter(Boolean).join(' ') || body.name || psid;
        const profile: SenderProfile = { name };
        if (body.first_name) profile.firstName = body.first_name;
        if (body.last_name) profile.lastName = body.last_name;
        if (body.profile_pic) profile.profilePic = body.profile_pic;
        return profile;
      })
      .catch((error: unknown) => {
        if (error instanceof GraphApiError && error.graphCode === 100 && error.subcode === 2018247) {
          lookupsDisabled = true;
          if (json) writeJson({ kind: 'notice', code: error.codeLabel, message: 'Business Asset User Profile Access is missing: senders cannot be looked up, and 3CX agents will not see who is writing either.', fix: error.fix });
          out.warn('Sender lookup refused (#100/2018247): the app lacks Business Asset User Profile Access, so 3CX agents will not see who is writing either.');
          out.info(`  ${error.fix}`);
          return undefined;
        }
        const key = error instanceof GraphApiError ? error.codeLabel : 'network';
        if (!warnedLookup.has(key)) {
          warnedLookup.add(key);
          out.warn(`Sender lookup failed: ${error instanceof Error ? error.message : String(error)}`);
          if (error instanceof GraphApiError) out.info(`  ${error.detailLine}`);
        }
        // Forget the failure so a later event may try again (the error may have been transient).
        profiles.delete(psid);
        return undefined;
      });
    profiles.set(psid, promise);
    return promise;
  };

  const withDeadline = <T>(promise: Promise<T>, ms: number): Promise<T | undefined> =>
    new Promise((resolve) => {
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

  // --reply: one Send API call per incoming message, result printed under it.
  const replyTo = (event: NormalisedEvent) => {
    if (!graph || options.reply === undefined || event.senderId === null) return;
    const recipient = event.senderId;
    const pageId = event.pageId ?? settings.pageId ?? 'me';
    track(
      graph
        .call<{ recipient_id?: string; message_id?: string }>({
          method: 'POST',
          path: `/${pageId}/messages`,
          token: pageToken,
          json: { recipient: { id: recipient }, messaging_type: 'RESPONSE', message: { text: options.reply } },
          operation: 'Replying through the Send API',
        })
        .then(({ body }) => {
          emit(() => {
            if (json) writeJson({ kind: 'reply', recipientId: recipient, ok: true, messageId: body.message_id ?? null });
            else line(renderFollowUpLine(style, ctx.clock.now(), 'reply', true, `sent to ${recipient}${body.message_id ? ` (${body.message_id})` : ''}`));
          });
        })
        .catch((error: unknown) => {
          emit(() => {
            if (json) {
              writeJson({
                kind: 'reply',
                recipientId: recipient,
                ok: false,
                code: error instanceof GraphApiError ? error.codeLabel : 'network',
                error: error instanceof GraphApiError ? error.explanation : error instanceof Error ? error.message : String(error),
                ...(error instanceof GraphApiError ? { fix: error.fix, fbtraceId: error.fbtraceId ?? null } : {}),
              });
            } else if (error instanceof GraphApiError) {
              line(renderFollowUpLine(style, ctx.clock.now(), 'reply', false, `failed (#${error.codeLabel}): ${error.explanation}`));
              line(renderFollowUpLine(style, ctx.clock.now(), '', 'warn', `${error.fix}${error.fbtraceId ? ` (fbtrace_id ${error.fbtraceId})` : ''}`));
            } else {
              line(renderFollowUpLine(style, ctx.clock.now(), 'reply', false, `failed: ${error instanceof Error ? error.message : String(error)}`));
            }
          });
        }),
    );
  };

  const forward = (request: AcceptedRequest, eventCount: number) => {
    if (!poster || !forwardTarget) return;
    if (pending.size >= MAX_PENDING_FORWARDS) {
      session.forwardFailed++;
      emit(() => {
        if (json) writeJson({ kind: 'forward', url: forwardTarget, ok: false, error: `more than ${MAX_PENDING_FORWARDS} forwards are still waiting for an answer; this one was dropped`, events: eventCount });
        else line(renderFollowUpLine(style, ctx.clock.now(), 'forward', false, `dropped: ${MAX_PENDING_FORWARDS} forwards are still waiting for ${shortUrl(forwardTarget)}`));
      });
      return;
    }
    // Relay what identifies and authenticates the body; hop-by-hop headers stay behind.
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
      const name = (request.rawHeaders[i] as string).toLowerCase();
      if (FORWARDED_HEADERS.has(name) && headers[name] === undefined) headers[name] = request.rawHeaders[i + 1] as string;
    }
    track(
      poster.post({ url: forwardTarget, body: request.rawBody, headers, timeoutMs: options.forwardTimeout * 1000, maxBodyChars: 200 }).then((result) => {
        if (result.ok && result.status < 300) session.forwarded++;
        else session.forwardFailed++;
        emit(() => {
          if (json) {
            writeJson(
              result.ok
                ? { kind: 'forward', url: forwardTarget, ok: result.status < 300, status: result.status, ms: result.ms, events: eventCount, body: result.body }
                : { kind: 'forward', url: forwardTarget, ok: false, error: result.error, code: result.code, ms: result.ms, events: eventCount },
            );
          } else if (result.ok) {
            const status = statusColor(style, result.status)(String(result.status));
            const answer = result.status >= 300 && result.body ? `: ${result.body.replace(/\s+/g, ' ').slice(0, 80)}` : '';
            line(renderFollowUpLine(style, ctx.clock.now(), 'forward', result.status < 300 ? true : 'warn', `${status} in ${result.ms} ms from ${shortUrl(forwardTarget)}${answer}`));
          } else {
            line(renderFollowUpLine(style, ctx.clock.now(), 'forward', false, `failed after ${result.ms} ms: ${result.error}`));
          }
        });
      }),
    );
  };

  const showEvent = (event: NormalisedEvent, request: AcceptedRequest, profile: SenderProfile | undefined) => {
    const text = json || saveStream ? serialiseEvent(event, request.signature, request.receivedAt, profile) : '';
    if (json) line(text);
    else line(renderEventLine(event, { style, receivedAt: request.receivedAt, signature: request.signature, senderName: profile?.name, columns }));
    if (saveStream && !saveFailed) saveStream.write(`${out.secrets.scrub(text)}\n`);
  };

  let warnedSha1 = false;
  const onAccepted = (request: AcceptedRequest) => {
    // Bounded: see ACCEPTED_BATCH.
    if (acceptedQueue.push(request) >= ACCEPTED_BATCH) drainAccepted();
    scheduleFlush();
  };

  // Hoisted: drainAccepted above calls it.
  function handleAccepted(request: AcceptedRequest): void {
    const delivery = normaliseWebhook(request.payload);
    forward(request, delivery.events.length);
    if (request.signature === 'sha1' && !warnedSha1) {
      warnedSha1 = true;
      out.warn('A POST carried only the legacy sha1 X-Hub-Signature; accepted, but flagged (Meta signs with X-Hub-Signature-256).');
    }
    for (const item of delivery.ignored) {
      session.ignored++;
      emit(() => {
        if (json) writeJson({ kind: 'ignored', reason: item.reason, ...(item.object ? { object: item.object } : {}), ...(item.field ? { field: item.field } : {}), ...(item.pageId ? { pageId: item.pageId } : {}) });
        else line(renderIgnoredLine(style, request.receivedAt, item.reason));
      });
    }
    for (const event of delivery.events) {
      if (!session.record(event)) continue;
      if (serial) {
        const userId = event.type === 'echo' ? event.recipientId : event.senderId;
        const lookup = userId !== null && userId !== event.pageId ? withDeadline(lookupSender(userId), LOOKUP_WAIT_MS) : undefined;
        emit(async () => showEvent(event, request, lookup ? await lookup : undefined));
      } else {
        // The common path, once per event under load: no closures, no queue.
        try {
          showEvent(event, request, undefined);
        } catch (error) {
          out.debug(`printing failed: ${String(error)}`);
        }
      }
      if (event.type === 'message' && !event.standby) replyTo(event);
    }
    if (session.state.done) void finish(ExitCode.ok, session.state.reason);
  }

  const onRejected = (rejected: RejectedRequest) => {
    session.rejected++;
    const at = ctx.clock.now();
    emit(() => {
      if (json) writeJson({ kind: 'rejected', status: rejected.status, reason: rejected.reason, method: rejected.method, path: rejected.path });
      else line(renderRejectedLine(style, at, rejected.status, rejected.reason));
    });
  };

  let server: RunningWebhookServer;
  try {
    server = await startWebhookServer({
      host: options.host,
      port: options.port,
      policy: { path: input.path, verifyToken, appSecret },
      maxBodyBytes: input.maxBodyBytes,
      ...headerTimeouts(ctx.env),
      now: () => ctx.clock.now(),
      onAccepted,
      onRejected,
      onHandshake: () => {
        session.handshakes++;
        const at = ctx.clock.now();
        emit(() => {
          if (json) writeJson({ kind: 'handshake', ok: true });
          else line(renderNoticeLine(style, at, 'verified', 'green', 'Meta\'s verification request was answered with its challenge'));
        });
      },
    });
  } catch (error) {
    await closeSave(saveStream);
    await poster?.close();
    throw listenFailure(error, options.host, options.port);
  }

  let timer: NodeJS.Timeout | undefined;
  async function finish(code: number, reason: string): Promise<void> {
    if (finishing) return;
    finishing = true;
    if (timer) clearTimeout(timer);
    await server.close(3000);
    // Let forwards, replies and lookups that are under way finish, but never wait forever.
    await withDeadline(Promise.allSettled([...pending]), 3000);
    await withDeadline(queue, 3000);
    await closeSave(saveStream);
    await poster?.close();
    flushLines();
    const summary = session.summary(ctx.clock.now());
    printSummary(ctx, summary, code, reason);
    if (json) writeJson({ kind: 'summary', exitCode: code, reason, ...summary });
    flushLines();
    resolveRun(code);
  }

  ctx.onInterrupt(() => void finish(ExitCode.interrupted, 'interrupted'));

  // `fb3cx listen --json | head -1`: when the reader goes away there is no one left to tell, so
  // stop cleanly instead of dying on EPIPE.
  const stdoutEmitter = out.stdout as Partial<NodeJS.EventEmitter>;
  if (typeof stdoutEmitter.on === 'function') {
    stdoutEmitter.on('error', (error: NodeJS.ErrnoException) => {
      pendingLines = '';
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') void finish(ExitCode.ok, 'standard output was closed');
      else void finish(ExitCode.cannotRun, `writing to standard output failed (${error.code ?? error.message})`);
    });
  }

  if (saveStream) {
    saveStream.on('error', (error: NodeJS.ErrnoException) => {
      if (saveFailed) return;
      saveFailed = true;
      out.warn(`Saving to ${options.save} stopped: ${error.code ?? error.message}. Events are still printed.`);
    });
  }

  const publicUrl = json || ctx.env.CI ? undefined : await detectNgrokTunnel(server.port, ctx.env.FB3CX_NGROK_API ?? 'http://127.0.0.1:4040');
  if (json) {
    writeJson({ kind: 'ready', url: server.url, verifyToken, signatures: appSecret !== undefined, ...(forwardTarget ? { forwardTo: forwardTarget } : {}) });
    flushLines();
  }
  printHeader(ctx, {
    url: server.url,
    port: server.port,
    host: options.host,
    path: input.path,
    verifyToken,
    verifyTokenSource,
    appSecretSource: appSecret !== undefined ? describeSource(prepared, 'appSecret') : undefined,
    publicUrl,
    forwardTarget,
    webhookUrl: settings.webhookUrl,
    maxBodyBytes: input.maxBodyBytes,
    lookup: options.lookupProfile === true,
    reply: options.reply,
    types: input.types,
  });

  if (options.timeout !== undefined) {
    const seconds = options.timeout;
    timer = setTimeout(() => {
      if (session.hasGoal) {
        out.error(`No ${options.expectText !== undefined ? `message with the text "${options.expectText}"` : `${options.exitAfter} events`} arrived within ${seconds} s.`);
        void finish(ExitCode.checkFailed, `timeout after ${seconds} s`);
      } else {
        void finish(ExitCode.ok, `listened for ${seconds} s`);
      }
    }, seconds * 1000);
  }

  return finished;
}

function headerTimeouts(env: NodeJS.ProcessEnv): { headersTimeoutMs?: number; requestTimeoutMs?: number } {
  // Hidden knobs for tests that need stalled clients cut quickly.
  const headers = Number(env.FB3CX_LISTEN_HEADERS_TIMEOUT_MS);
  const request = Number(env.FB3CX_LISTEN_REQUEST_TIMEOUT_MS);
  return {
    ...(Number.isFinite(headers) && headers > 0 ? { headersTimeoutMs: headers } : {}),
    ...(Number.isFinite(request) && request > 0 ? { requestTimeoutMs: request } : {}),
  };
}

function describeSource(prepared: PreparedWithExtras, key: 'appSecret' | 'pageToken'): string {
  const source = prepared.settings.sources[key];
  switch (source) {
    case 'env':
      return key === 'appSecret' ? 'FB3CX_APP_SECRET' : 'FB3CX_PAGE_TOKEN';
    case 'stdin':
      return 'standard input';
    case 'profile':
      return `profile "${prepared.profileName}"`;
    case 'sandbox':
      return 'the sandbox app';
    default:
      return source ?? 'unknown';
  }
}

function shortUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

async function closeSave(stream: NodeJS.WritableStream | undefined): Promise<void> {
  if (!stream) return;
  await new Promise<void>((resolve) => {
    stream.end(() => resolve());
    stream.on('error', () => resolve());
  });
}

interface HeaderFacts {
  url: string;
  port: number;
  host: string;
  path: string;
  verifyToken: string;
  verifyTokenSource: string | undefined;
  appSecretSource: string | undefined;
  publicUrl: string | undefined;
  forwardTarget: string | undefined;
  webhookUrl: string | undefined;
  maxBodyBytes: number;
  lookup: boolean;
  reply: string | undefined;
  types: Set<EventType> | undefined;
}

/** The human header on stderr. In --json mode only the warnings that change what the lines mean. */
function printHeader(ctx: AppContext, facts: HeaderFacts): void {
  const out = ctx.out;
  const s = out.errStyle;
  if (facts.appSecretSource === undefined) {
    out.warn('Signatures are not checked: no app secret is known (set FB3CX_APP_SECRET, save it in a profile, or pipe it with --app-secret-stdin). Every event is marked unverified.');
  }
  if (facts.host === '0.0.0.0' || facts.host === '::') out.warn(`Listening on every network interface (${facts.host}): other machines on your network can reach this endpoint.`);
  if (out.json) return;
  const row = (label: string, value: string) => out.info(`  ${s.dim(label.padEnd(14))}${value}`);
  const local = new URL(facts.url);
  const target = `http://${local.host}`;
  out.info('');
  out.info(`${s.green('Ready!')} fb3cx is listening on ${s.bold(facts.url)} ${s.dim('(Ctrl-C to stop)')}`);
  out.info('');
  row('Verify token', `${s.bold(facts.verifyToken)}  ${s.dim(facts.verifyTokenSource ? `from ${facts.verifyTokenSource}` : 'generated for this run; keep one with --verify-token or FB3CX_VERIFY_TOKEN')}`);
  row('Signatures', facts.appSecretSource ? `checked with the app secret from ${facts.appSecretSource}` : s.yellow('not checked (no app secret)'));
  if (facts.publicUrl) {
    row('Public URL', `${facts.publicUrl} ${s.dim('(ngrok agent on this machine)')}`);
    row('Callback URL', `${s.bold(`${facts.publicUrl.replace(/\/+$/, '')}${facts.path}`)}  ${s.dim('paste into Meta: App > Webhooks > Page > Callback URL')}`);
  } else {
    row('Expose it', `ngrok http ${facts.port}`);
    row('', `cloudflared tunnel --url ${target}`);
    row('Callback URL', `https://<public host from the tunnel>${facts.path}  ${s.dim('paste into Meta: App > Webhooks > Page > Callback URL')}`);
  }
  if (facts.forwardTarget) row('Forwarding', `every accepted POST, signature included, to ${facts.forwardTarget}`);
  if (facts.types) row('Showing', [...facts.types].join(', '));
  if (facts.lookup) row('Senders', 'names looked up with the page token');
  if (facts.reply !== undefined) row('Replying', `"${facts.reply}" to each incoming message (Send API, RESPONSE)`);
  row('Body limit', `${formatBytes(facts.maxBodyBytes)} (--max-body)`);
  out.info('');
  out.info(s.dim('  Meta only delivers to a public HTTPS URL with a valid certificate: use a tunnel, not a self-signed certificate.'));
  out.info(
    s.dim(
      `  When you are done, point the Callback URL back at 3CX${facts.webhookUrl ? ` (${facts.webhookUrl})` : ''} and click Verify and save, or 3CX gets no messages.`,
    ),
  );
  out.info('');
}

function printSummary(ctx: AppContext, summary: ListenSummary, code: number, reason: string): void {
  const out = ctx.out;
  const s = out.errStyle;
  const headline = code === ExitCode.interrupted ? s.yellow('Stopped') : code === ExitCode.ok ? s.green('Done') : s.red('Gave up');
  const row = (label: string, value: string) => out.info(`  ${s.dim(label.padEnd(14))}${value}`);
  const types = Object.entries(summary.byType).map(([type, count]) => `${count} ${type}`);
  out.info('');
  out.info(`${headline} (${reason}) after ${formatDuration(summary.seconds)}.`);
  row('Events', `${summary.events}${types.length > 0 ? `  ${s.dim(types.join(', '))}` : ''}`);
  if (summary.hidden > 0) row('Hidden', `${summary.hidden} (not in --events)`);
  row('Rejected', String(summary.rejected));
  if (summary.ignored > 0) row('Ignored', `${summary.ignored} (not Messenger events)`);
  if (summary.handshakes > 0) row('Verifications', String(summary.handshakes));
  if (summary.forwarded + summary.forwardFailed > 0) row('Forwarded', `${summary.forwarded} ok, ${summary.forwardFailed} failed`);
}
