import type { BuiltPayload, SignatureChoice } from '../../core/webhook/build.js';
import type { TriggerType } from '../../core/webhook/types.js';
import { statusColor } from '../../io/webhook-render.js';
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
    const plural = events === 1 ? '' : 's';
    if (answer === undefined) {
      return [
        { stderr: errStyle.dim(`Would POST ${events} ${type} event${plural} to ${url} with these headers and body (nothing sent):`) },
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
        '',
        JSON.stringify(payload, null, 2),
      ];
    }
    const ok = triggerOk(result);
    const what = `${events} ${type} event${plural}${entries > 1 ? ` in ${entries} entries` : ''}`;
    const signed = signature === 'none' ? 'unsigned' : `signed ${signature}`;
    const status = statusColor(s, answer.status)(String(answer.status));
    const lines: HumanLine[] = [`${ok ? s.green('✔') : s.red('✖')} Sent ${what} (${signed}) to ${url}: ${status} in ${answer.ms} ms`];
    const text = answer.body.trim();
    if (text !== '') lines.push(`  ${s.dim('Answer:')} ${text.replace(/\s+/g, ' ').slice(0, 300)}`);
    if (!ok && answer.status === 403) lines.push({ stderr: forbiddenHint(signature, signatureChosen) });
    return lines;
  },
};

/** What a 403 means, given how the event was signed and whether that was asked for. */
function forbiddenHint(signature: SignatureChoice, chosen: boolean | undefined): string {
  if (signature !== 'none') return '  A 403 usually means the endpoint checks signatures with a different app secret (or a different verify setup).';
  // --signature none asks for exactly this answer: the endpoint checks signatures.
  if (chosen) return '  The endpoint refused the unsigned event, as an endpoint that checks signatures should.';
  return '  A 403 usually means the endpoint checks signatures: give the app secret (FB3CX_APP_SECRET) so the event is signed.';
}
