/** Short renderings for the wizard's screens (the full verify report comes from verify/render). */
import { t } from '../../i18n/index.js';
import { fixLabel, labelled, paintStatus, STATUS_SYMBOLS, type Painter } from '../verify/render.js';
import { hasFix, type CheckResult } from '../verify/types.js';

/** One line per check (title and detail), a Fix line under each warn and fail (how to look, under a manual check). */
export function renderCheckLines(results: CheckResult[], paint: Painter, indent = '  '): string[] {
  const lines: string[] = [];
  const fixes = new Set<string>();
  for (const result of results) {
    const detail = result.status === 'skip' ? paint.dim(t('init.render.skipped', { detail: result.detail })) : result.detail;
    lines.push(`${indent}${paintStatus(paint, result.status, STATUS_SYMBOLS[result.status])} ${t('init.render.line', { title: result.title, detail })}`);
    // Several checks often fail for one cause (a dead token): its fix is said once.
    if (result.fix && hasFix(result.status) && !fixes.has(result.fix)) {
      fixes.add(result.fix);
      lines.push(`${indent}  ${labelled(fixLabel(result.status), result.fix, paint.cyan)}`);
    }
  }
  return lines;
}

/** Short names for passing checks, so a stage that went well takes one line. */
export function shortPass(id: string): string | undefined {
  switch (id) {
    case 'token.valid': return t('init.render.pass.tokenValid');
    case 'token.type': return t('init.render.pass.tokenType');
    case 'token.page': return t('init.render.pass.tokenPage');
    case 'token.app': return t('init.render.pass.tokenApp');
    case 'token.expiry': return t('init.render.pass.tokenExpiry');
    case 'token.scopes': return t('init.render.pass.tokenScopes');
    case 'page.info': return t('init.render.pass.pageInfo');
    case 'page.subscription': return t('init.render.pass.pageSubscription');
    case 'page.fields': return t('init.render.pass.pageFields');
    case 'page.other-apps': return t('init.render.pass.pageOtherApps');
    case 'app.webhook': return t('init.render.pass.appWebhook');
    case 'app.fields': return t('init.render.pass.appFields');
    case 'app.callback': return t('init.render.pass.appCallback');
    case 'app.permissions': return t('init.render.pass.appPermissions');
    case 'app.review-settings': return t('init.render.pass.appReviewSettings');
    case 'webhook.https': return t('init.render.pass.webhookHttps');
    case 'webhook.handshake': return t('init.render.pass.webhookHandshake');
    default: return undefined;
  }
}

/**
 * Passing checks folded into one line ("✔ label: a, b, c"), then each warn, fail and check left
 * to a person in full.
 * Skipped checks are left out: the caller says why, once, if it matters.
 */
export function renderCompact(results: CheckResult[], paint: Painter, label: string, indent = '  '): string[] {
  const passed = results.filter((r) => r.status === 'pass');
  const lines: string[] = [];
  if (passed.length > 0) {
    const names = passed.map((r) => shortPass(r.id) ?? r.title).join(t('init.render.separator'));
    lines.push(`${indent}${paint.green('✔')} ${t('init.render.compact', { label, passed: names })}`);
  }
  return [...lines, ...renderCheckLines(results.filter((r) => hasFix(r.status)), paint, indent)];
}

export function failures(results: CheckResult[]): CheckResult[] {
  return results.filter((result) => result.status === 'fail');
}

/** A field list for before/after lines. */
export function fieldList(fields: string[] | undefined, paint: Painter): string {
  if (fields === undefined) return paint.dim(t('init.render.notSubscribed'));
  if (fields.length === 0) return paint.dim(t('init.render.none'));
  return fields.join(', ');
}
