import type { TerminalWrap } from '../wrap-types.js';
import { hasFix, type CheckStatus, type VerifyReport } from './types.js';

/** The subset of chalk the renderer uses, so core stays free of chalk itself. */
export interface Painter {
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  cyan(text: string): string;
}

export const STATUS_SYMBOLS: Record<CheckStatus, string> = { pass: '✔', warn: '!', fail: '✖', skip: '-', manual: '?' };

/** The status's colour: green pass, yellow warn, red fail, cyan for a look by hand, dim skip. */
export function paintStatus(paint: Painter, status: CheckStatus, text: string): string {
  switch (status) {
    case 'pass':
      return paint.green(text);
    case 'warn':
      return paint.yellow(text);
    case 'fail':
      return paint.red(text);
    case 'manual':
      return paint.cyan(text);
    case 'skip':
      return paint.dim(text);
  }
}

/** "Fix:" under a warn or fail; "By hand:" under a manual check, whose fix says how to look. */
export function fixLabel(status: CheckStatus): string {
  return status === 'manual' ? 'By hand:' : 'Fix:';
}

const GROUPS: Array<{ prefix: string; title: string }> = [
  { prefix: 'token.', title: 'Page token' },
  { prefix: 'page.', title: 'Page' },
  { prefix: 'app.', title: 'App' },
  { prefix: 'webhook.', title: '3CX webhook' },
  { prefix: 'pbx.', title: '3CX API' },
  { prefix: 'delivery.', title: 'Delivery' },
];

export interface RenderContext {
  pageId: string;
  appId?: string | undefined;
  graphVersion: string;
  sandbox?: string | undefined;
  width?: number | undefined;
  /** How to wrap to `width` (the terminal's wrapper); without a width, or without it, a line stays one line. */
  wrap?: TerminalWrap['wrapText'] | undefined;
}

/**
 * The human report: one line per check, a Fix line under every warn and fail (a "By hand" line
 * under a manual check), a summary. A fix already given is not repeated word for word:
 * one dead token fails several checks, and the later ones point back to the first.
 */
export function renderReport(report: VerifyReport, paint: Painter, context: RenderContext): string {
  const wrapLines = (text: string, first: number, rest: number): string[] =>
    context.width !== undefined && context.wrap ? context.wrap(text, first, rest) : [text.split(/\s+/).filter(Boolean).join(' ')];
  const colour = (status: CheckStatus, text: string) => paintStatus(paint, status, text);
  const fixGivenAt = new Map<string, string>();
  const idWidth = Math.max(...report.checks.map((c) => c.id.length), 10);
  const lines: string[] = [];
  const target = [`page ${context.pageId}`, context.appId ? `app ${context.appId}` : 'no app credentials', `Graph ${context.graphVersion}`, ...(context.sandbox ? [`sandbox: ${context.sandbox}`] : [])];
  lines.push(paint.bold(`fb3cx verify  ${paint.dim(target.join(' · '))}`));
  for (const group of GROUPS) {
    const checks = report.checks.filter((c) => c.id.startsWith(group.prefix));
    if (checks.length === 0) continue;
    lines.push('', paint.bold(group.title));
    for (const check of checks) {
      const symbol = colour(check.status, STATUS_SYMBOLS[check.status]);
      const id = check.status === 'skip' ? paint.dim(check.id.padEnd(idWidth)) : check.id.padEnd(idWidth);
      const indent = ' '.repeat(idWidth + 6);
      // Wrap only on a terminal; piped output keeps one line per check for grep.
      const room = context.width ? Math.max(context.width - indent.length, 30) : Number.POSITIVE_INFINITY;
      const detailLines = wrapLines(check.status === 'skip' ? `skipped: ${check.detail}` : check.detail, room, room);
      detailLines.forEach((text, index) => {
        const shown = check.status === 'skip' ? paint.dim(text) : text;
        lines.push(index === 0 ? `  ${symbol} ${id}  ${shown}` : `${indent}${shown}`);
      });
      if (check.fix && hasFix(check.status)) {
        const label = fixLabel(check.status);
        const earlier = fixGivenAt.get(check.fix);
        if (earlier === undefined) fixGivenAt.set(check.fix, check.id);
        const fix = earlier === undefined ? check.fix : `as for ${earlier} above.`;
        const fixLines = wrapLines(fix, room - label.length - 1, room);
        fixLines.forEach((text, index) => lines.push(index === 0 ? `${indent}${paint.cyan(label)} ${text}` : `${indent}${text}`));
      }
    }
  }
  const s = report.summary;
  const parts = [
    paint.green(`${s.pass} passed`),
    s.warn ? paint.yellow(`${s.warn} warning${s.warn === 1 ? '' : 's'}`) : `${s.warn} warnings`,
    s.fail ? paint.red(`${s.fail} failed`) : `${s.fail} failed`,
    paint.dim(`${s.skip} skipped`),
    ...(s.manual ? [paint.cyan(`${s.manual} to check by hand`)] : []),
  ];
  lines.push('', `${report.ok ? paint.green('✔ OK') : paint.red('✖ NOT OK')}  ${parts.join(', ')}`);
  return lines.join('\n');
}
