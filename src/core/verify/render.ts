import { t } from '../../i18n/index.js';
import { textWidth } from '../wrap.js';
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
  return status === 'manual' ? t('verify.report.byHandLabel') : t('verify.report.fixLabel');
}

/**
 * A label and its text: "Fix: text" in English; a label that ends in a full-width colon
 * ("修复：") already carries its space.
 */
export function labelled(label: string, text: string, paintLabel: (label: string) => string = (plain) => plain): string {
  return /：$/.test(label) ? `${paintLabel(label)}${text}` : `${paintLabel(label)} ${text}`;
}

/** Pads to a number of terminal columns (a Chinese character takes two), not of characters. */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

const GROUPS = [
  { prefix: 'token.', title: () => t('verify.report.group.token') },
  { prefix: 'page.', title: () => t('verify.report.group.page') },
  { prefix: 'app.', title: () => t('verify.report.group.app') },
  { prefix: 'webhook.', title: () => t('verify.report.group.webhook') },
  { prefix: 'pbx.', title: () => t('verify.report.group.pbx') },
  { prefix: 'delivery.', title: () => t('verify.report.group.delivery') },
];

/** "20 passed, 0 warnings, 0 failed, 2 skipped", each count in its status's colour when it is not zero. */
export function summaryLine(summary: Record<CheckStatus, number>, paint: Painter): string {
  const s = summary;
  const warn = t('verify.report.summary.warn', { count: s.warn });
  const fail = t('verify.report.summary.fail', { count: s.fail });
  const parts = [
    paint.green(t('verify.report.summary.pass', { count: s.pass })),
    s.warn ? paint.yellow(warn) : warn,
    s.fail ? paint.red(fail) : fail,
    paint.dim(t('verify.report.summary.skip', { count: s.skip })),
    ...(s.manual ? [paint.cyan(t('verify.report.summary.manual', { count: s.manual }))] : []),
  ];
  return parts.join(t('verify.report.separator'));
}

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
  const idWidth = Math.max(...report.checks.map((c) => textWidth(c.id)), 10);
  const lines: string[] = [];
  const target = [
    t('verify.report.header.page', { pageId: context.pageId }),
    context.appId ? t('verify.report.header.app', { appId: context.appId }) : t('verify.report.header.noApp'),
    `Graph ${context.graphVersion}`,
    ...(context.sandbox ? [t('verify.report.header.sandbox', { scenario: context.sandbox })] : []),
  ];
  lines.push(paint.bold(`fb3cx verify  ${paint.dim(target.join(' · '))}`));
  for (const group of GROUPS) {
    const checks = report.checks.filter((c) => c.id.startsWith(group.prefix));
    if (checks.length === 0) continue;
    lines.push('', paint.bold(group.title()));
    for (const check of checks) {
      const symbol = colour(check.status, STATUS_SYMBOLS[check.status]);
      const id = check.status === 'skip' ? paint.dim(padToWidth(check.id, idWidth)) : padToWidth(check.id, idWidth);
      const indent = ' '.repeat(idWidth + 6);
      // Wrap only on a terminal; piped output keeps one line per check for grep.
      const room = context.width ? Math.max(context.width - indent.length, 30) : Number.POSITIVE_INFINITY;
      const detailLines = wrapLines(check.status === 'skip' ? t('verify.report.skipped', { detail: check.detail }) : check.detail, room, room);
      detailLines.forEach((text, index) => {
        const shown = check.status === 'skip' ? paint.dim(text) : text;
        lines.push(index === 0 ? `  ${symbol} ${id}  ${shown}` : `${indent}${shown}`);
      });
      if (check.fix && hasFix(check.status)) {
        const label = fixLabel(check.status);
        const earlier = fixGivenAt.get(check.fix);
        if (earlier === undefined) fixGivenAt.set(check.fix, check.id);
        const fix = earlier === undefined ? check.fix : t('verify.report.asAbove', { id: earlier });
        // The label and the gap after it take the first line's room.
        const labelWidth = textWidth(labelled(label, ''));
        const fixLines = wrapLines(fix, room - labelWidth, room);
        fixLines.forEach((text, index) => lines.push(index === 0 ? `${indent}${labelled(label, text, paint.cyan)}` : `${indent}${text}`));
      }
    }
  }
  const verdict = report.ok ? paint.green(t('verify.report.ok')) : paint.red(t('verify.report.notOk'));
  lines.push('', `${verdict}  ${summaryLine(report.summary, paint)}`);
  return lines.join('\n');
}
