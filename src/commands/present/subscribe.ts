import { textWidth } from '../../core/wrap.js';
import { t } from '../../i18n/index.js';
import { padCells } from '../../io/webhook-render.js';
import type { Presenter } from '../types.js';

/** What subscribe did (or, under --dry-run, would do) to the page's webhook fields. */
export interface SubscribeResult {
  pageId: string;
  dryRun: boolean;
  /** No --fields: the six fields 3CX needs were asked for. */
  allSix: boolean;
  /** This app's fields before; undefined when the app was not subscribed. */
  before: string[] | undefined;
  /**
   * The fields afterwards: as planned under --dry-run (nothing was sent, so nothing read back),
   * otherwise as read back from Meta; undefined when the read-back did not find the app.
   */
  after: string[] | undefined;
  added: string[];
  /** Something was (or would be) sent. */
  changes: boolean;
  /** Something was sent. */
  changed: boolean;
  /** Asked-for fields missing on read-back. */
  missing: string[];
}

export interface SubscribeJson {
  schemaVersion: 1;
  ok: boolean;
  pageId: string;
  dryRun: boolean;
  changed: boolean;
  before: string[] | null;
  after: string[] | null;
  added: string[];
  missing: string[];
  /** What was (or would be) done, in one sentence beside its code. */
  outcome: { code: SubscribeOutcomeCode; message: string };
}

export type SubscribeOutcomeCode = 'already_subscribed' | 'would_subscribe' | 'subscribed' | 'missing_on_read_back';

/** The one sentence of the result, in the language, with the code a script matches on. */
function outcomeOf(result: SubscribeResult, dryRun: string): { code: SubscribeOutcomeCode; message: string } {
  if (!result.changes) return { code: 'already_subscribed', message: result.allSix ? t('subscribe.alreadyAllSix') : t('subscribe.alreadyAsked') };
  if (result.dryRun) {
    return { code: 'would_subscribe', message: result.added.length > 0 ? t('subscribe.wouldAdd', { dryRun, fields: result.added.join(', ') }) : t('subscribe.wouldAddApp', { dryRun }) };
  }
  if (!subscribeOk(result)) return { code: 'missing_on_read_back', message: t('subscribe.missing', { fields: result.missing.join(', ') }) };
  return { code: 'subscribed', message: result.added.length > 0 ? t('subscribe.added', { fields: result.added.join(', ') }) : t('subscribe.addedApp') };
}

export function subscribeOk(result: SubscribeResult): boolean {
  return result.missing.length === 0;
}

export const subscribePresenter: Presenter<SubscribeResult, SubscribeJson> = {
  json: (result) => ({
    schemaVersion: 1,
    ok: subscribeOk(result),
    pageId: result.pageId,
    dryRun: result.dryRun,
    changed: result.changed,
    before: result.before ?? null,
    after: result.after ?? null,
    added: result.added,
    missing: result.missing,
    outcome: outcomeOf(result, t('subscribe.dryRun')),
  }),
  human: (result, { style: s }) => {
    const list = (fields: string[] | undefined) => (fields === undefined ? s.dim(t('subscribe.notSubscribed')) : fields.length === 0 ? s.dim(t('subscribe.none')) : fields.join(', '));
    // The labels line up in terminal columns whatever their language (a Chinese character is two).
    const [before, would, after] = [t('subscribe.before'), t('subscribe.would'), t('subscribe.after')];
    const width = Math.max(8, ...[before, would, after].map((label) => textWidth(label) + 2));
    const row = (label: string, fields: string[] | undefined) => `  ${padCells(label, width)}${list(fields)}`;
    const lines = [t('subscribe.page', { pageId: result.pageId }), row(before, result.before)];
    const outcome = outcomeOf(result, s.yellow(t('subscribe.dryRun')));
    if (!result.changes) lines.push(`  ${s.green('✔')} ${outcome.message}`);
    else if (result.dryRun) lines.push(row(would, result.after), `  ${outcome.message}`);
    else lines.push(row(after, result.after), `  ${subscribeOk(result) ? s.green('✔') : s.red('✖')} ${outcome.message}`);
    if (!result.dryRun && result.changed) return [...lines, { stderr: t('subscribe.bothSides') }];
    return lines;
  },
};
