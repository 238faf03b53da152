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
  }),
  human: (result, { style: s }) => {
    const list = (fields: string[] | undefined) => (fields === undefined ? s.dim('(app not subscribed)') : fields.length === 0 ? s.dim('(none)') : fields.join(', '));
    const lines = [`Page ${result.pageId}`, `  before  ${list(result.before)}`];
    if (!result.changes) {
      lines.push(`  ${s.green('✔')} already subscribed to ${result.allSix ? 'all six fields' : 'every field asked for'}; nothing to change`);
    } else if (result.dryRun) {
      lines.push(`  would   ${list(result.after)}`, `  ${s.yellow('dry run')}: would add ${result.added.length > 0 ? result.added.join(', ') : 'the app to the page'}; nothing was changed`);
    } else {
      lines.push(
        `  after   ${list(result.after)}`,
        subscribeOk(result)
          ? `  ${s.green('✔')} added ${result.added.length > 0 ? result.added.join(', ') : 'the app with its fields'} (confirmed by reading it back)`
          : `  ${s.red('✖')} Meta accepted the change but these fields are missing on read-back: ${result.missing.join(', ')}`,
      );
    }
    if (!result.dryRun && result.changed) return [...lines, { stderr: 'Events arrive only for fields subscribed on both the page and the app webhook; fb3cx verify checks both.' }];
    return lines;
  },
};
