import { open } from 'node:fs/promises';
import type { AppContext, GlobalOptions } from '../context.js';
import { CliError, ExitCode, isExitCode, NetworkError, UsageError, type ExitCodeValue } from '../errors.js';
import { parseByteSize } from '../core/webhook/session.js';
import { EVENT_TYPES, isEventType, type EventType, type SenderProfile } from '../core/webhook/types.js';
import type { GraphApi } from '../graph/client.js';
import { readUserProfile, sendTextMessage } from '../graph/messenger.js';
import { GraphApiError } from '../graph/errors.js';
import { detectNgrokTunnel, WebhookPoster } from '../io/http-out.js';
import { ListenError } from '../io/webhook-server.js';
import { startListener, type ListenItem, type MessengerCalls, type SenderLookup } from '../listen/engine.js';
import { humanRenderer, jsonLine, jsonRenderer, LineWriter, type HeaderFacts } from '../listen/render.js';
import { describeSource } from '../settings/schema.js';
import { isHttpUrl } from '../settings/validate.js';
import type { StreamingCommand } from './types.js';
import { quoted } from '../core/text.js';
import { t } from '../i18n/index.js';

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

/** listen prints each event as it comes; under --json as JSON lines, so its error document is one line too. */
export const listen: StreamingCommand<ListenOptions> = { kind: 'streaming', json: 'lines', run };

async function run(ctx: AppContext, options: ListenOptions & GlobalOptions): Promise<ExitCodeValue> {
  const { path, maxBodyBytes, types } = validateOptions(options);
  const prepared = await ctx.session({ options, keys: ['pageId', 'pageToken', 'appId', 'appSecret', 'webhookUrl', 'webClientUrl', 'verifyToken', 'graphUrl', 'graphVersion'] });
  try {
    const { out, env } = ctx;
    const settings = prepared.settings.values;
    const usesGraph = options.lookupProfile === true || options.reply !== undefined;
    const { pageToken } = settings;
    if (usesGraph && pageToken === undefined) {
      throw new UsageError(t('listen.error.needsPageToken', { flag: options.lookupProfile ? '--lookup-profile' : '--reply' }), t('listen.error.needsPageTokenHint'));
    }
    const forwardTo = resolveForwardTarget(options.forwardTo, settings.webhookUrl);
    const { sources } = prepared.settings;
    const verifyTokenSource = settings.verifyToken === undefined ? undefined : describeSource('verifyToken', sources.verifyToken);
    const verifyToken = settings.verifyToken ?? Buffer.from(ctx.randomBytes(18)).toString('base64url');
    const save = options.save === undefined ? undefined : await openSaveFile(options.save);

    const facts: HeaderFacts = { host: options.host, path, verifyTokenSource, appSecretSource: settings.appSecret !== undefined ? describeSource('appSecret', sources.appSecret) : undefined, webhookUrl: settings.webhookUrl, maxBodyBytes, lookup: options.lookupProfile === true, reply: options.reply, types };
    const writer = new LineWriter(out);
    const renderer = (out.json ? jsonRenderer : humanRenderer)(out, facts, writer);
    let saving = save !== undefined;
    const stopSaving = (error: NodeJS.ErrnoException) => {
      if (!saving) return;
      saving = false;
      renderer.draw({ kind: 'notice', at: ctx.clock.now(), level: 'warn', text: t('listen.notice.savingStopped', { file: options.save, error: error.code ?? error.message }) });
    };
    const emit = (item: ListenItem) => {
      renderer.draw(item);
      if (!saving || item.kind !== 'event') return;
      // The same line as --json: the event as it came, never rewritten by a scrubber.
      try {
        save?.write(`${jsonLine(item, out.secrets)}\n`);
      } catch (error) {
        stopSaving(error instanceof Error ? error : new Error(String(error)));
      }
    };
    save?.on('error', stopSaving);

    const trust = prepared.webhookTrust;
    const forwarder = forwardTo ? new WebhookPoster(trust ? { ca: trust.ca, lookup: trust.lookup, hosts: trust.hosts } : undefined, 32) : undefined;
    const messenger = usesGraph && pageToken !== undefined ? messengerCalls(await prepared.graph(), pageToken, settings.pageId) : undefined;
    const interrupted = new AbortController();
    ctx.onInterrupt(() => interrupted.abort());
    const listener = await startListener(
      {
        host: options.host,
        port: options.port,
        path,
        verifyToken,
        appSecret: settings.appSecret,
        maxBodyBytes,
        ...hiddenTimeouts(env),
        goal: { exitAfter: options.exitAfter, expectText: options.expectText, types },
        timeoutSeconds: options.timeout,
        forward: forwardTo ? { url: forwardTo, timeoutMs: options.forwardTimeout * 1000 } : undefined,
        lookupSenders: options.lookupProfile === true,
        replyText: options.reply,
        graphVersion: settings.graphVersion,
      },
      {
        now: () => ctx.clock.now(),
        emit,
        signal: interrupted.signal,
        messenger,
        forwarder,
        publicUrl: out.json || env.CI ? undefined : (port) => detectNgrokTunnel(port, env.FB3CX_NGROK_API ?? 'http://127.0.0.1:4040'),
        debug: (text) => out.debug(text),
      },
    ).catch(async (error: unknown) => {
      await Promise.all([save && closeStream(save), forwarder?.close()]);
      throw listenFailure(error, options.host, options.port);
    });

    // `fb3cx listen --json | head -1`: once the reader is gone there is no one left to tell, so
    // stop cleanly instead of dying on EPIPE.
    const stdout = out.stdout as Partial<NodeJS.EventEmitter>;
    stdout.on?.('error', (error: NodeJS.ErrnoException) => {
      writer.close();
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') void listener.stop(ExitCode.ok, t('listen.stop.stdoutClosed'), 'stdout_closed');
      else void listener.stop(ExitCode.cannotRun, t('listen.stop.stdoutFailed', { error: error.code ?? error.message }), 'stdout_failed');
    });

    const code = await listener.done;
    writer.flush();
    if (save) await closeStream(save);
    // The engine stops only with the named codes; anything else would be a bug, reported as such.
    return isExitCode(code) ? code : ExitCode.cannotRun;
  } finally {
    await prepared.close().catch(() => {});
  }
}

function validateOptions(options: ListenOptions): { path: string; maxBodyBytes: number; types: Set<EventType> | undefined } {
  const path = options.path.trim();
  if (!path.startsWith('/') || /[?#\s]/.test(path)) throw new UsageError(t('listen.error.path', { value: quoted(path) }));
  const maxBodyBytes = parseByteSize(options.maxBody);
  if (maxBodyBytes === undefined) throw new UsageError(t('listen.error.maxBody', { value: quoted(options.maxBody) }));
  if (maxBodyBytes < 1024) throw new UsageError(t('listen.error.maxBodyTooSmall', { value: options.maxBody }));
  let types: Set<EventType> | undefined;
  for (const name of options.events ?? []) {
    const normalised = name.toLowerCase();
    if (!isEventType(normalised)) throw new UsageError(t('listen.error.eventType', { value: quoted(name) }), t('listen.error.eventTypeHint', { types: EVENT_TYPES.join(', ') }));
    (types ??= new Set()).add(normalised);
  }
  if (options.expectText !== undefined && options.expectText === '') throw new UsageError(t('listen.error.emptyText', { flag: '--expect-text' }));
  if (options.reply !== undefined && options.reply.trim() === '') throw new UsageError(t('listen.error.emptyText', { flag: '--reply' }));
  return { path, maxBodyBytes, types };
}

function resolveForwardTarget(forwardTo: string | boolean | undefined, webhookUrl: string | undefined): string | undefined {
  if (forwardTo === undefined || forwardTo === false) return undefined;
  const target = forwardTo === true ? webhookUrl : forwardTo;
  if (target === undefined) {
    throw new UsageError(t('listen.error.forwardNoUrl'), t('listen.error.forwardNoUrlHint'));
  }
  if (!isHttpUrl(target)) throw new UsageError(t('listen.error.forwardUrl', { value: quoted(target) }));
  return new URL(target).toString();
}

/** The two Graph calls behind --lookup-profile and --reply, with Meta's errors explained. */
function messengerCalls(graph: GraphApi, pageToken: string, configuredPageId: string | undefined): MessengerCalls {
  return {
    async lookupSender(psid) {
      try {
        const body = await readUserProfile(graph, { psid, pageToken });
        const profile: SenderProfile = { name: [body.first_name, body.last_name].filter(Boolean).join(' ') || body.name || psid };
        if (body.first_name) profile.firstName = body.first_name;
        if (body.last_name) profile.lastName = body.last_name;
        if (body.profile_pic) profile.profilePic = body.profile_pic;
        return { ok: true, profile };
      } catch (error) {
        return lookupFailure(error);
      }
    },
    async reply(recipientId, text, pageId) {
      try {
        const body = await sendTextMessage(graph, { pageId: pageId ?? configuredPageId, pageToken, recipientId, text });
        return { ok: true, messageId: body.message_id ?? null };
      } catch (error) {
        if (error instanceof GraphApiError) return { ok: false, code: error.codeLabel, error: error.explanation, graph: { fix: error.fix, fbtraceId: error.fbtraceId ?? null } };
        return { ok: false, code: 'network', error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

function lookupFailure(error: unknown): SenderLookup {
  if (error instanceof GraphApiError && error.graphCode === 100 && error.subcode === 2018247) {
    const text = t('listen.notice.lookupRefused');
    const message = t('listen.notice.lookupRefusedJson');
    return { ok: false, permanent: true, key: error.codeLabel, notice: { level: 'warn', text, lines: [error.fix], reported: { code: error.codeLabel, message, fix: error.fix } } };
  }
  // A Graph error's message carries Meta's words already; the detail line below gives them once.
  const text = t('listen.notice.lookupFailed', { error: error instanceof GraphApiError ? error.explanation : error instanceof Error ? error.message : String(error) });
  if (!(error instanceof GraphApiError)) return { ok: false, permanent: false, key: 'network', notice: { level: 'warn', text } };
  return { ok: false, permanent: false, key: error.codeLabel, notice: { level: 'warn', text, lines: [error.detailLine] } };
}

function listenFailure(error: unknown, host: string, port: number): CliError {
  const code = error instanceof ListenError ? error.code : undefined;
  if (code === 'EADDRINUSE') return new NetworkError(t('listen.error.portInUse', { port, host }), t('listen.error.portInUseHint'), error);
  if (code === 'EACCES' || code === 'EPERM') return new NetworkError(t('listen.error.portDenied', { port }), t('listen.error.portDeniedHint'), error);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EINVAL') return new UsageError(t('listen.error.badHost', { host }), t('listen.error.badHostHint'));
  return new NetworkError(t('listen.error.cannotListen', { host, port, error: error instanceof Error ? error.message : String(error) }), undefined, error);
}

/** Hidden knobs for tests that need stalled clients cut quickly. */
function hiddenTimeouts(env: NodeJS.ProcessEnv): { headersTimeoutMs?: number; requestTimeoutMs?: number } {
  const headers = Number(env.FB3CX_LISTEN_HEADERS_TIMEOUT_MS);
  const request = Number(env.FB3CX_LISTEN_REQUEST_TIMEOUT_MS);
  return {
    ...(Number.isFinite(headers) && headers > 0 ? { headersTimeoutMs: headers } : {}),
    ...(Number.isFinite(request) && request > 0 ? { requestTimeoutMs: request } : {}),
  };
}

async function openSaveFile(path: string): Promise<NodeJS.WritableStream> {
  try {
    return (await open(path, 'a')).createWriteStream();
  } catch (error) {
    throw new UsageError(t('listen.error.save', { file: quoted(path, 200), code: (error as NodeJS.ErrnoException).code ?? 'error' }), t('listen.error.saveHint'));
  }
}

function closeStream(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.end(() => resolve());
    stream.on('error', () => resolve());
  });
}
