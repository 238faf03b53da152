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
import { t } from '../i18n/index.js';

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
    if (args[0] !== undefined) throw new UsageError(t('trigger.error.replayNoType', { value: quoted(args[0]) }), t('trigger.error.replayNoTypeHint'));
    const given = BUILD_ONLY.find(([key]) => options[key] !== undefined);
    if (given) throw new UsageError(t('trigger.error.buildOnly', { flag: given[1] }));
    const { replay } = await import('./replay.js');
    const outcome = await replay(ctx, { ...options, replay: options.replay });
    return { result: { kind: 'replay', result: outcome.result }, exitCode: outcome.exitCode };
  }
  const onlyReplay = REPLAY_ONLY.find(([key]) => options[key] !== undefined);
  if (onlyReplay) throw new UsageError(t('trigger.error.replayOnly', { flag: onlyReplay[1] }), t('trigger.error.replayOnlyHint', { flag: onlyReplay[1] }));
  if (args[0] === undefined) {
    // `fb3cx trigger --sandbox sticker`: the word went to --sandbox, which has a scenario of that name.
    if (typeof options.sandbox === 'string' && isTriggerType(options.sandbox)) {
      const scenario = options.sandbox;
      throw new UsageError(scenario === 'sticker' ? t('trigger.error.stickerTakenBySandbox', { scenario }) : t('trigger.error.typeTakenBySandbox', { scenario }));
    }
    throw new UsageError(t('trigger.error.noType'), t('trigger.error.noTypeHint', { types: TRIGGER_TYPES.join(', ') }));
  }
  const type = args[0].toLowerCase();
  if (!isTriggerType(type)) {
    throw new UsageError(t('trigger.error.unknownType', { value: quoted(args[0] ?? '') }), t('trigger.error.unknownTypeHint', { suggestion: didYouMean(type, TRIGGER_TYPES), types: TRIGGER_TYPES.join(', ') }));
  }
  const target = options.url ?? DEFAULT_TRIGGER_URL;
  if (!isHttpUrl(target)) throw new UsageError(t('trigger.error.url', { value: quoted(target) }));
  const url = new URL(target);
  if (options.stickerForm !== undefined && type !== 'sticker') throw new UsageError(t('trigger.error.stickerForm', { type }));
  if (options.sender !== undefined && !/^\d{5,25}$/.test(options.sender)) throw new UsageError(t('trigger.error.sender', { value: quoted(options.sender) }));

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
    throw new UsageError(t('trigger.error.signatureNeedsSecret', { signature }), t('trigger.error.signatureNeedsSecretHint'));
  }
  if (settings.pageId === undefined) out.info(out.errStyle.dim(t('trigger.notice.fictionalPage', { pageId: FICTIONAL_PAGE_ID })));
  if (options.signature === undefined && appSecret === undefined) out.warn(t('trigger.notice.unsigned'));

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
      // An error that ends in its own stop (a question) takes none after it.
      throw new NetworkError(
        /[.?!。？！]$/.test(result.error) ? t('trigger.error.notDeliveredStopped', { error: result.error }) : t('trigger.error.notDelivered', { error: result.error }),
        result.code === 'ECONNREFUSED' && local ? t('trigger.error.startListenHint', { port: url.port || (url.protocol === 'https:' ? 443 : 80) }) : t('trigger.error.checkEndpointHint'),
      );
    }
    const triggered: TriggerResult = { ...request, answer: { status: result.status, ms: result.ms, contentType: result.contentType, body: result.body } };
    return { result: triggered, exitCode: triggerOk(triggered) ? ExitCode.ok : ExitCode.checkFailed };
  } finally {
    await poster.close();
  }
}
