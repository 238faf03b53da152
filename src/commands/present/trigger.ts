import type { BuiltPayload, SignatureChoice } from '../../core/webhook/build.js';
import type { TriggerType } from '../../core/webhook/types.js';
import { statusColor } from '../../io/webhook-render.js';
import { t } from '../../i18n/index.js';
import type { HumanLine, Presenter } from '../types.js';

export type { SignatureChoice };

/** What trigger sent (or, under --dry-run, would send), and how the endpoint answered. */
export interface TriggerResult {
  type: TriggerType;
  url: string;
  events: number;
  entries: number;
  signature: SignatureChoice;
  /** True when --signature was given (rather than following from whether an app secret is known). */
  signatureChosen?: boolean;
  pageId: string;
  senderId: string;
  headers: Record<string, string>;
  payload: BuiltPayload['payload'];
  /** The endpoint's answer; undefined under --dry-run. */
  answer: { status: number; ms: number; contentType: string | undefined; body: string } | undefined;
}

interface TriggerFacts {
  schemaVersion: 1;
  ok: boolean;
  type: TriggerType;
  url: string;
  events: number;
  entries: number;
  signature: SignatureChoice;
  pageId: string;
  senderId: string;
  payload: BuiltPayload['payload'];
}

export type TriggerJson =
  | (TriggerFacts & { dryRun: true; headers: Record<string, string> })
  | (TriggerFacts & { status: number; ms: number; response: { contentType: string | null; body: string } });

/** The endpoint answered 2xx; a dry run sends nothing and so cannot fail. */
export function triggerOk(result: TriggerResult): boolean {
  return result.answer === undefined || (result.answer.status >= 200 && result.answer.status < 300);
}

export const triggerPresenter: Presenter<TriggerResult, TriggerJson> = {
  json: (result) => {
    const { type, url, events, entries, signature, pageId, senderId, headers, payload, answer } = result;
    const facts = { type, url, events, entries, signature, pageId, senderId };
    if (answer === undefined) return { schemaVersion: 1, ok: true, dryRun: true, ...facts, headers, payload };
    return { schemaVersion: 1, ok: triggerOk(result), ...facts, status: answer.status, ms: answer.ms, response: { contentType: answer.contentType ?? null, body: answer.body }, payload };
  },
  human: (result, { style: s, errStyle }) => {
    const { type, url, events, entries, signature, signatureChosen, headers, payload, answer } = result;
    if (answer === undefined) {
      return [
        { stderr: errStyle.dim(t('trigger.dryRun', { count: events, type, url })) },
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
        '',
        JSON.stringify(payload, null, 2),
      ];
    }
    const ok = triggerOk(result);
    const signed = signature === 'none' ? t('trigger.unsigned') : t('trigger.signed', { signature });
    const status = statusColor(s, answer.status)(String(answer.status));
    const sent = { count: events, type, entries, signed, url, status, ms: answer.ms };
    const lines: HumanLine[] = [`${ok ? s.green('✔') : s.red('✖')} ${entries > 1 ? t('trigger.sentInEntries', sent) : t('trigger.sent', sent)}`];
    const text = answer.body.trim();
    if (text !== '') lines.push(`  ${s.dim(t('trigger.answer'))} ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
    if (!ok && answer.status === 403) lines.push({ stderr: forbiddenHint(signature, signatureChosen) });
    return lines;
  },
};

/** What a 403 means, given how the event was signed and whether that was asked for. */
function forbiddenHint(signature: SignatureChoice, chosen: boolean | undefined): string {
  if (signature !== 'none') return t('trigger.forbidden.signed');
  // --signature none asks for exactly this answer: the endpoint checks signatures.
  if (chosen) return t('trigger.forbidden.refusedAsAsked');
  return t('trigger.forbidden.giveSecret');
}
