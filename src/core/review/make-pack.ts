import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { PieceId } from './catalogue.js';
import type { ReviewInputs } from './inputs.js';
import { buildReviewPack, compileTemplates, formatProblem, reviewValues, type ReviewPack, type TemplateSet, type TemplateSource } from './pack.js';
import { evaluateSettings, type AppSettingsEvidence, type SettingsCheck } from './settings-check.js';

/**
 * The App Review pack as both review-text and init's stage 4 build it: the templates compiled
 * once, the settings checklist evaluated from what the Graph API said, the pieces rendered.
 */

/** Parses every template; all problems of all files are reported together (exit 2). */
export function compileTemplatesOrThrow(sources: TemplateSource[]): TemplateSet {
  const { templates, problems } = compileTemplates(sources);
  if (problems.length > 0) {
    throw new UsageError(
      `${t('review.pack.templateProblem', { count: problems.length })}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
      t('review.pack.templateHint', { ifTag: '{{#if name}}', endTag: '{{/if}}' }),
    );
  }
  return templates;
}

export interface PackRequest {
  templates: TemplateSet;
  inputs: ReviewInputs;
  /** What the Graph API said about the app's settings, or why it could not be asked. */
  evidence: AppSettingsEvidence;
  /** One piece only (review-text --piece); every piece otherwise. */
  only?: PieceId | undefined;
}

export interface MadePack extends ReviewPack {
  /** The settings checklist the pack was filled in with. */
  checks: SettingsCheck[];
}

/** Renders the pack; a pack that must not be used (a leaked password, a placeholder left) is a usage error. */
export function makeReviewPack(request: PackRequest): MadePack {
  const { inputs } = request;
  const checks = evaluateSettings(request.evidence, { webClientUrl: inputs.webClientUrl, privacyUrl: inputs.privacyUrl });
  const pack = buildReviewPack(request.templates, reviewValues(inputs, checks), request.only);
  if (pack.problems.length > 0) throw new UsageError(pack.problems.join('\n'));
  return { ...pack, checks };
}
