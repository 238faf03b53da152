import type { AppContext, GlobalOptions } from '../context.js';
import { ExitCode, NetworkError, UsageError } from '../errors.js';
import { buildWebhookPayload, FICTIONAL_APP_ID, FICTIONAL_PAGE_ID, makeUpPsid, webhookHeaders } from '../core/webhook/build.js';
import { isTriggerType, TRIGGER_TYPES, type StickerForm, type TriggerType } from '../core/webhook/types.js';
import { didYouMean } from '../core/did-you-mean.js';
import { WebhookPoster } from '../io/http-out.js';
import type { Session } from '../session.js';
import { isHttpUrl } from '../settings/validate.js';
import { triggerOk, triggerPresenter, type SignatureChoice, type TriggerJson, type TriggerResult } from './present/trigger.js';
import { replayPresenter, type ReplayJson, type ReplayResult } from './present/replay.js';
import type { Outcome, Presenter, ResultCommand } from './types.js';
import { quoted } from '../core/text.js';

/** Where a built event goes without --url: a fb3cx listen with its defaults. */
export const DEFAULT_TRIGGER_URL = 'http://127.0.0.1:8080/webhook';

interface TriggerOptions {
  url?: string;
  text: string;
  pageId?: string;
  sender?: string;
  batch: number;
  standby?: boolean;
  stickerForm?: StickerForm;
  signature?: SignatureChoice;
  appSecretStdin?: boolean;
  timeout: number;
  dryRun?: boolean;
  replay?: string;
  since?: string;
  until?: string;
  resume?: boolean;
  again?: boolean;
}

/** One built event sent, or a saved file replayed (--replay). */
type Triggered = { kind: 'event'; result: TriggerResult } | { kind: 'replay'; result: ReplayResult };

const present: Presenter<Triggered, TriggerJson | ReplayJson> = {
  json: (done) => (done.kind === 'replay' ? replayPresenter.json(done.result) : triggerPresenter.json(done.result)),
  human: (done, screen) => (done.kind === 'replay' ? replayPresenter.human(done.result, screen) : triggerPresenter.human(done.result, screen)),
};

export const trigger: ResultCommand<TriggerOptions, Triggered, TriggerJson | ReplayJson> = { kind: 'result', run, present };

/** Flags that build an event, and so mean nothing to --replay, which sends saved ones. */
const BUILD_ONLY: ReadonlyArray<readonly [keyof TriggerOptions, string]> = [
  ['sender', '--sender'],
  ['stickerForm', '--sticker-form'],
  ['standby', '--standby'],
];
const REPLAY_ONLY: ReadonlyArray<readonly [keyof TriggerOptions, string]> = [
  ['since', '--since'],
  ['until', '--until'],
  ['resume', '--resume'],
  ['again', '--again'],
];

async function run(ctx: AppContext, options: TriggerOptions & GlobalOptions, args: string[]): Promise<Outcome<Triggered>> {
  if (options.replay !== undefined) {
    if (args[0] !== undefined) throw new UsageError(`--replay sends the events saved in a file, so it takes no event type (got ${quoted(args[0])}).`, 'Write fb3cx trigger --replay events.jsonl --url <3CX webhook URL>.');
    const given = BUILD_ONLY.find(([key]) => options[key] !== undefined);
    if (given) throw new UsageError(`${given[1]} shapes a built event; --replay sends saved events as they came.`);
    const { replay } = await import('./replay.js');
    const outcome = await replay(ctx, { ...options, replay: options.replay });
    return { result: { kind: 'replay', result: outcome.result }, exitCode: outcome.exitCode };
  }
  const onlyReplay = REPLAY_ONLY.find(([key]) => options[key] !== undefined);
  if (onlyReplay) throw new UsageError(`${onlyReplay[1]} is for --replay <file>.`, 'Write fb3cx trigger --replay events.jsonl --url <3CX webhook URL> ' + onlyReplay[1] + ' ...');
  if (args[0] === undefined) {
    // `fb3cx trigger --sandbox sticker`: the word went to --sandbox, which has a scenario of that name.
    if (typeof options.sandbox === 'string' && isTriggerType(options.sandbox)) {
      throw new UsageError(`"${options.sandbox}" was taken as the sandbox scenario, so fb3cx trigger has no event type: put the type first, fb3cx trigger ${options.sandbox} --sandbox${options.sandbox === 'sticker' ? ' (or fb3cx trigger sticker --sandbox sticker for the sticker scenario)' : ''}.`);
    }
    throw new UsageError('fb3cx trigger needs an event type, or --replay <file>.', `Types: ${TRIGGER_TYPES.join(', ')}. For example: fb3cx trigger message --text "hello".`);
  }
  const type = args[0].toLowerCase();
  if (!isTriggerType(type)) {
    throw new UsageError(`fb3cx trigger does not know the event type ${quoted(args[0] ?? '')}.`, `${didYouMean(type, TRIGGER_TYPES)}Types: ${TRIGGER_TYPES.join(', ')}.`);
  }
  const target = options.url ?? DEFAULT_TRIGGER_URL;
  if (!isHttpUrl(target)) throw new UsageError(`--url needs an http(s) URL, got ${quoted(target)}.`);
  const url = new URL(target);
  if (options.stickerForm !== undefined && type !== 'sticker') throw new UsageError(`--sticker-form is for fb3cx trigger sticker, not ${type}.`);
  if (options.sender !== undefined && !/^\d{5,25}$/.test(options.sender)) throw new UsageError(`--sender takes a numeric page-scoped ID, got ${quoted(options.sender)}.`);

  const prepared = await ctx.session({ options });
  try {
    const sent = await send(ctx, options, type, url, prepared);
    return { result: { kind: 'event', result: sent.result }, exitCode: sent.exitCode };
  } finally {
    await prepared.close().catch(() => {});
  }
}

async function send(ctx: AppContext, options: TriggerOptions & GlobalOptions, type: TriggerType, url: URL, prepared: Session): Promise<Outcome<TriggerResult>> {
  const out = ctx.out;
  const settings = prepared.settings.values;
  const appSecret = settings.appSecret;
  const signature = options.signature ?? (appSecret !== undefined ? 'sha256' : 'none');
  if (signature !== 'none' && appSecret === undefined) {
    throw new UsageError(`--signature ${signature} needs the app secret.`, 'Set FB3CX_APP_SECRET, save it in the profile, or pipe it in with --app-secret-stdin.');
  }
  if (settings.pageId === undefined) out.info(out.errStyle.dim(`No Page ID configured; using the fictional page ${FICTIONAL_PAGE_ID} (give --page-id or FB3CX_PAGE_ID for yours).`));
  if (options.signature === undefined && appSecret === undefined) out.warn('No app secret is known, so the event is sent unsigned; a listener that checks signatures answers 403.');

  const pageId = settings.pageId ?? FICTIONAL_PAGE_ID;
  // Under --sandbox the sender is the sandbox's known person, so a listener in the sandbox can
  // look them up and reply (the README's rehearsal); elsewhere a made-up one.
  const senderId = options.sender ?? prepared.sandbox?.identity.psid ?? makeUpPsid(ctx.random);
  // The sandbox's sticker scenario rehearses the change of 2026, when both forms arrived.
  const stickerForm = options.stickerForm ?? (prepared.sandbox?.scenario === 'sticker' ? 'both' : 'sticker');
  // "both" is one event of each form, so it needs two events at least.
  const count = type === 'sticker' && stickerForm === 'both' ? Math.max(options.batch, 2) : options.batch;
  const built = buildWebhookPayload(type, count, {
    pageId,
    senderId,
    text: options.text,
    appId: settings.appId ?? FICTIONAL_APP_ID,
    now: ctx.clock.now(),
    standby: options.standby === true,
    random: ctx.random,
    stickerForm,
  });
  // Compact like Meta's own bodies; the signature covers exactly these bytes.
  const body = Buffer.from(JSON.stringify(built.payload), 'utf8');
  // Meta names the webhook field's version on every delivery; trigger sends the one fb3cx pins.
  const headers = webhookHeaders(body, { appSecret, signature, apiVersion: settings.graphVersion, userAgent: 'fb3cx-trigger' });

  const request = { type, url: url.toString(), events: built.eventCount, entries: built.entryCount, signature, signatureChosen: options.signature !== undefined, pageId, senderId, headers, payload: built.payload };
  if (options.dryRun) return { result: { ...request, answer: undefined }, exitCode: ExitCode.ok };

  const trust = prepared.webhookTrust;
  const poster = new WebhookPoster(trust ? { ca: trust.ca, lookup: trust.lookup, hosts: trust.hosts } : undefined, 1);
  try {
    const result = await poster.post({ url: url.toString(), body, headers, timeoutMs: options.timeout * 1000, signal: ctx.signal });
    if (!result.ok) {
      const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '::1';
      throw new NetworkError(
        `The event could not be delivered: ${result.error}${/[.?!]$/.test(result.error) ? '' : '.'}`,
        result.code === 'ECONNREFUSED' && local ? `Is fb3cx listen running? Start it in another terminal: fb3cx listen --port ${url.port || (url.protocol === 'https:' ? 443 : 80)}` : 'Check the URL, and that the endpoint is up and reachable from here.',
      );
    }
    const triggered: TriggerResult = { ...request, answer: { status: result.status, ms: result.ms, contentType: result.contentType, body: result.body } };
    return { result: triggered, exitCode: triggerOk(triggered) ? ExitCode.ok : ExitCode.checkFailed };
  } finally {
    await poster.close();
  }
}
