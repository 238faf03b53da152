/** Short renderings for the wizard's screens (the full verify report comes from verify/render). */
import { fixLabel, paintStatus, STATUS_SYMBOLS, type Painter } from '../verify/render.js';
import { hasFix, type CheckResult } from '../verify/types.js';

/** One line per check (title and detail), a Fix line under each warn and fail (how to look, under a manual check). */
export function renderCheckLines(results: CheckResult[], paint: Painter, indent = '  '): string[] {
  const lines: string[] = [];
  const fixes = new Set<string>();
  for (const result of results) {
    const detail = result.status === 'skip' ? paint.dim(`skipped: ${result.detail}`) : result.detail;
    lines.push(`${indent}${paintStatus(paint, result.status, STATUS_SYMBOLS[result.status])} ${result.title}: ${detail}`);
    // Several checks often fail for one cause (a dead token): its fix is said once.
    if (result.fix && hasFix(result.status) && !fixes.has(result.fix)) {
      fixes.add(result.fix);
      lines.push(`${indent}  ${paint.cyan(fixLabel(result.status))} ${result.fix}`);
    }
  }
  return lines;
}

/** Short names for passing checks, so a stage that went well takes one line. */
export const SHORT_PASS: Record<string, string> = {
  'token.valid': 'accepted',
  'token.type': 'a PAGE token',
  'token.page': 'for this page',
  'token.app': 'from this app',
  'token.expiry': 'never expires',
  'token.scopes': 'has the Messenger permissions',
  'page.info': 'page readable',
  'page.subscription': 'app installed on the page',
  'page.fields': 'page has the six fields',
  'page.other-apps': 'no other app on the page',
  'app.webhook': 'app webhook active',
  'app.fields': 'app webhook has the six fields',
  'app.callback': 'app webhook points at 3CX',
  'app.permissions': 'pages_messaging approved',
  'app.review-settings': 'review settings complete',
  'webhook.https': 'valid HTTPS certificate',
  'webhook.handshake': 'answers the handshake',
};

/**
 * Passing checks folded into one line ("✔ label: a, b, c"), then each warn, fail and check left
 * to a person in full.
 * Skipped checks are left out: the caller says why, once, if it matters.
 */
export function renderCompact(results: CheckResult[], paint: Painter, label: string, indent = '  '): string[] {
  const passed = results.filter((r) => r.status === 'pass');
  const lines: string[] = [];
  if (passed.length > 0) lines.push(`${indent}${paint.green('✔')} ${label}: ${passed.map((r) => SHORT_PASS[r.id] ?? r.title).join(', ')}`);
  return [...lines, ...renderCheckLines(results.filter((r) => hasFix(r.status)), paint, indent)];
}

export function failures(results: CheckResult[]): CheckResult[] {
  return results.filter((result) => result.status === 'fail');
}

/** A field list for before/after lines. */
export function fieldList(fields: string[] | undefined, paint: Painter): string {
  if (fields === undefined) return paint.dim('(app not subscribed to the page)');
  if (fields.length === 0) return paint.dim('(none)');
  return fields.join(', ');
}
