/**
 * `--notify-url`: a short JSON summary of what changed, POSTed when there is news. The `text`
 * field is what chat tools' incoming webhooks (Slack, Teams workflows, Mattermost, Google Chat)
 * show as the message; the rest is for scripts. A failure is the caller's to report; it never
 * changes the verify result.
 */
import { t } from '../i18n/index.js';
import { WebhookPoster } from '../io/http-out.js';
import type { FleetChanges, FleetSummary } from './types.js';

export interface FleetNotice {
  code: 'fleet-changes';
  text: string;
  changes: FleetChanges;
  summary: { total: number; failing: number };
}

/** At most this many names per list in the text; the lists in `changes` are whole. */
const NAMES_SHOWN = 20;

function names(list: readonly string[]): string {
  const separator = t('fleet.nameSeparator');
  return list.length > NAMES_SHOWN ? t('fleet.notice.namesMore', { names: list.slice(0, NAMES_SHOWN).join(separator), more: list.length - NAMES_SHOWN }) : list.join(separator);
}

export function buildNotice(changes: FleetChanges, summary: FleetSummary): FleetNotice {
  const failing = summary.fail + summary.invalid + summary.unreachable;
  const parts = [
    t('fleet.notice.headline', { failing, total: summary.total }),
    ...(changes.newlyFailing.length > 0 ? [t('fleet.notice.newlyFailing', { names: names(changes.newlyFailing) })] : []),
    ...(changes.recovered.length > 0 ? [t('fleet.notice.recovered', { names: names(changes.recovered) })] : []),
    ...(changes.added.length > 0 ? [t('fleet.notice.added', { names: names(changes.added) })] : []),
    ...(changes.removed.length > 0 ? [t('fleet.notice.removed', { names: names(changes.removed) })] : []),
    ...(changes.stillFailing.length > 0 ? [t('fleet.notice.stillFailing', { number: changes.stillFailing.length })] : []),
  ];
  return { code: 'fleet-changes', text: parts.join('\n'), changes, summary: { total: summary.total, failing } };
}

export type NotifyOutcome = { ok: true; status: number } | { ok: false; code: string; error: string };

/** POSTs the notice; an answer outside 2xx is a failure too. Never throws. */
export async function sendNotice(url: string, notice: FleetNotice, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<NotifyOutcome> {
  const poster = new WebhookPoster(undefined, 1);
  try {
    const answer = await poster.post({
      url,
      body: JSON.stringify(notice),
      headers: { 'content-type': 'application/json', 'user-agent': 'fb3cx' },
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBodyChars: 200,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!answer.ok) return { ok: false, code: answer.code, error: answer.error };
    if (answer.status < 200 || answer.status >= 300) return { ok: false, code: `http-${answer.status}`, error: t('fleet.notice.httpStatus', { status: answer.status }) };
    return { ok: true, status: answer.status };
  } catch (error) {
    return { ok: false, code: 'error', error: error instanceof Error ? error.message : String(error) };
  } finally {
    await poster.close();
  }
}
