import { t } from '../../i18n/index.js';
import { PIECES, pieceWords, type PieceId, type PieceInfo } from './catalogue.js';
import type { ReviewInputs } from './inputs.js';
import { CHECK_VARIABLES, describeCheck, type SettingsCheck } from './settings-check.js';
import { parseTemplate, PLACEHOLDER_PATTERN, renderTemplate, TemplateSyntaxError, type ParsedTemplate, type TemplateProblem } from './template.js';
import { validateTemplate, type ReviewValues } from './variables.js';

export interface TemplateSource {
  piece: PieceId;
  /** How the file is named in messages: a path for the user's own, "templates/x.txt" for ours. */
  file: string;
  source: string;
}

export type TemplateSet = ReadonlyMap<PieceId, ParsedTemplate>;

/** Parses and validates every template; all problems of all files come back together. */
export function compileTemplates(sources: TemplateSource[]): { templates: TemplateSet; problems: TemplateProblem[] } {
  const templates = new Map<PieceId, ParsedTemplate>();
  const problems: TemplateProblem[] = [];
  for (const { piece, file, source } of sources) {
    try {
      const parsed = parseTemplate(file, source);
      const found = validateTemplate(parsed, piece);
      problems.push(...found);
      if (found.length === 0) templates.set(piece, parsed);
    } catch (error) {
      if (error instanceof TemplateSyntaxError) problems.push(error.problem);
      else throw error;
    }
  }
  return { templates, problems };
}

export function formatProblem(problem: TemplateProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

/** The template values for a complete set of inputs and the settings checklist. */
export function reviewValues(inputs: ReviewInputs, checks: SettingsCheck[]): ReviewValues {
  const values: ReviewValues = {
    company: inputs.company,
    pageName: inputs.pageName,
    webClientUrl: inputs.webClientUrl,
    pbxHost: new URL(inputs.webClientUrl).hostname,
    extension: inputs.extension,
    password: inputs.password,
  };
  if (inputs.pageId) values.pageId = inputs.pageId;
  if (inputs.appId) values.appId = inputs.appId;
  if (inputs.privacyUrl) values.privacyUrl = inputs.privacyUrl;
  for (const check of checks) values[CHECK_VARIABLES[check.id]] = describeCheck(check);
  return values;
}

export interface RenderedPiece {
  id: PieceId;
  title: string;
  pasteInto: string;
  text: string;
}

/** A warning for the person, with a stable code beside it for scripts (--json). */
export interface ReviewWarning {
  code: string;
  message: string;
}

export interface ReviewPack {
  pieces: RenderedPiece[];
  /** Texts over their soft length budget and similar notes; never fatal. */
  warnings: ReviewWarning[];
  /** Reasons the pack must not be used (exit 2), such as the password leaking into another piece. */
  problems: string[];
}

/**
 * Renders the chosen pieces. Afterwards it re-checks the two rules the whole command rests on,
 * whatever the templates and values were: no text keeps a placeholder, and the password shows
 * up in no piece other than the test instructions.
 */
export function buildReviewPack(templates: TemplateSet, values: ReviewValues, only?: PieceId): ReviewPack {
  const pieces: RenderedPiece[] = [];
  const warnings: ReviewWarning[] = [];
  const problems: string[] = [];
  const chosen: PieceInfo[] = PIECES.filter((piece) => only === undefined || piece.id === only);
  for (const info of chosen) {
    const template = templates.get(info.id);
    if (!template) {
      problems.push(t('review.pack.noTemplate', { piece: info.id }));
      continue;
    }
    const text = renderTemplate(template, values);
    if (PLACEHOLDER_PATTERN.test(text)) problems.push(t('review.pack.placeholderLeft', { file: template.file, open: '{{', close: '}}' }));
    // Passwords shorter than this would match ordinary words and numbers (same floor as the scrubber).
    if (info.id !== 'test-instructions' && values.password && values.password.length >= 6 && text.includes(values.password)) {
      problems.push(t('review.pack.passwordLeak', { piece: info.id }));
    }
    if (text.length > info.budget) {
      warnings.push({ code: 'review.over-budget', message: t('review.pack.overBudget', { piece: info.id, length: text.length, budget: info.budget }) });
    }
    if (text.trim() === '') warnings.push({ code: 'review.empty-text', message: t('review.pack.empty', { piece: info.id }) });
    const { title, pasteInto } = pieceWords(info.id);
    pieces.push({ id: info.id, title, pasteInto, text });
  }
  return { pieces, warnings, problems };
}
