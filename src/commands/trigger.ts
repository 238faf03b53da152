import type { AppContext, GlobalOptions } from '../context.js';
import { ExitCode, NetworkError, UsageError } from '../errors.js';
import { buildWebhookPayload, FICTIONAL_APP_ID, FICTIONAL_PAGE_ID, makeUpPsid } from '../core/webhook/build.js';
import { signBody } from '../core/webhook/signature.js';
import { isTriggerType, TRIGGER_TYPES } from '../core/webhook/types.js';
import { WebhookPoster } from '../io/http-out.js';
import { statusColor } from '../io/webhook-render.js';
import type { Session } from '../session.js';
import { isHttpUrl } from '../settings/validate.js';
import type { CommandModule } from './types.js';

interface TriggerOptions {
  url: string;
  text: string;
  pageId?: string;
  sender?: string;
  batch: number;
  standby?: boolean;
  signature?: 'sha256' | 'sha1' | 'both' | 'none';
  appSecretStdin?: boolean;
  timeout: number;
  dryRun?: boolean;
}

export const run: CommandModule<TriggerOptions>['run'] = async (ctx, options, args) => {
  const type = (args[0] ?? '').toLowerCase();
  if (!isTriggerType(type)) {
    throw new UsageError(`fb3cx trigger does not know the event type "${args[0] ?? ''}".`, `Types: ${TRIGGER_TYPES.join(', ')}.`);
  }
  if (!isHttpUrl(options.url)) throw new UsageError(`--url needs an http(s) URL, got "${options.url}".`);
  const url = new URL(options.url);
  if (options.sender !== undefined && !/^\d{5,25}$/.test(options.sender)) throw new UsageError(`--sender takes a numeric page-scoped ID, got "${options.sender}".`);

  const prepared = await ctx.session({ options });
  try {
    return await trigger(ctx, options, type, url, prepared);
  } finally {
    await prepared.close().catch(() => {});
  }
};

async function trigger(ctx: AppContext, options: TriggerOptions & GlobalOptions, type: (typeof TRIGGER_TYPES)[number], url: URL, prepared: Session): Promise<number> {
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
  const senderId = options.sender ?? makeUpPsid(ctx.random);
  const built = buildWebhookPayload(type, options.batch, {
    pageId,
    senderId,
    text: options.text,
    appId: settings.appId ?? FICTIONAL_APP_ID,
    now: ctx.clock.now(),
    standby: options.standby === true,
    random: ctx.random,
  });
  // Compact like Meta's own bodies; the signature covers exactly these bytes.
  const body = Buffer.from(JSON.stringify(built.payload), 'utf8');
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'fb3cx-trigger' };
  if (appSecret !== undefined && (signature === 'sha256' || signature === 'both')) headers['x-hub-signature-256'] = signBody(body, appSecret, 'sha256');
  if (appSecret !== undefined && (signature === 'sha1' || signature === 'both')) headers['x-hub-signature'] = signBody(body, appSecret, 'sha1');

  const facts = {
    type,
    url: url.toString(),
    events: built.eventCount,
    entries: built.entryCount,
    signature,
    pageId,
    senderId,
  };

  if (options.dryRun) {
    if (out.json) out.resultJson({ schemaVersion: 1, ok: true, dryRun: true, ...facts, headers, payload: built.payload });
    else {
      out.info(out.errStyle.dim(`Would POST ${facts.events} ${type} event${facts.events === 1 ? '' : 's'} to ${facts.url} with these headers and body (nothing sent):`));
      for (const [name, value] of Object.entries(headers)) out.result(`${name}: ${value}`);
      out.result('');
      out.result(JSON.stringify(built.payload, null, 2));
    }
    return ExitCode.ok;
  }

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
    const ok = result.status >= 200 && result.status < 300;
    if (out.json) {
      out.resultJson({ schemaVersion: 1, ok, ...facts, status: result.status, ms: result.ms, response: { contentType: result.contentType ?? null, body: result.body }, payload: built.payload });
    } else {
      const s = out.style;
      const what = `${facts.events} ${type} event${facts.events === 1 ? '' : 's'}${facts.entries > 1 ? ` in ${facts.entries} entries` : ''}`;
      const signed = signature === 'none' ? 'unsigned' : `signed ${signature}`;
      const status = statusColor(s, result.status)(String(result.status));
      out.result(`${ok ? s.green('✔') : s.red('✖')} Sent ${what} (${signed}) to ${facts.url}: ${status} in ${result.ms} ms`);
      const answer = result.body.trim();
      if (answer !== '') out.result(`  ${s.dim('Answer:')} ${answer.replace(/\s+/g, ' ').slice(0, 300)}`);
      if (!ok && result.status === 403 && signature !== 'none') out.info('  A 403 usually means the endpoint checks signatures with a different app secret (or a different verify setup).');
      if (!ok && result.status === 403 && signature === 'none') out.info('  A 403 usually means the endpoint checks signatures: give the app secret (FB3CX_APP_SECRET) so the event is signed.');
    }
    return ok ? ExitCode.ok : ExitCode.checkFailed;
  } finally {
    await poster.close();
  }
}
