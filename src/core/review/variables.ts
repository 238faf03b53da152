import { t } from '../../i18n/index.js';
import { closestMatch } from '../did-you-mean.js';
import type { PieceId } from './catalogue.js';
import { variableUses, type ParsedTemplate, type TemplateProblem } from './template.js';

/**
 * The variables a template may use. `always` ones have a value whenever texts are written (a
 * missing one is a usage error before rendering); the others are optional and may only be used
 * inside their own {{#if}}, which is what makes "no leftover placeholder" hold for every input.
 */
export interface VariableInfo {
  name: VariableName;
  always: boolean;
  description: string;
  /** Only these pieces may contain the value (the test password). */
  onlyIn?: readonly PieceId[];
}

export const VARIABLE_NAMES = [
  'company',
  'pageName',
  'pageId',
  'webClientUrl',
  'pbxHost',
  'extension',
  'password',
  'appId',
  'privacyUrl',
  'checkWebsite',
  'checkIcon',
  'checkPrivacyPolicy',
  'checkCategory',
  'checkBusinessVerification',
] as const;

export type VariableName = (typeof VARIABLE_NAMES)[number];

export const VARIABLES: Record<VariableName, VariableInfo> = {
  company: { name: 'company', always: true, description: "the customer's company name (--company)" },
  pageName: { name: 'pageName', always: true, description: "the Facebook Page's name (--page-name, or read from the Graph API)" },
  pageId: { name: 'pageId', always: false, description: 'the Facebook Page ID, when known (--page-id)' },
  webClientUrl: { name: 'webClientUrl', always: true, description: 'the 3CX web client URL (--web-client-url, or built from --pbx-host)' },
  pbxHost: { name: 'pbxHost', always: true, description: "the 3CX system's host name, taken from the web client URL" },
  extension: { name: 'extension', always: true, description: 'the temporary test extension (--extension)' },
  password: { name: 'password', always: true, description: "the test extension's password (prompt, --password-stdin or FB3CX_TEST_PASSWORD)", onlyIn: ['test-instructions'] },
  appId: { name: 'appId', always: false, description: 'the Meta App ID, when known (--app-id)' },
  privacyUrl: { name: 'privacyUrl', always: false, description: 'the privacy policy URL, when known (--privacy-url)' },
  checkWebsite: { name: 'checkWebsite', always: true, description: 'status of the Website platform setting' },
  checkIcon: { name: 'checkIcon', always: true, description: 'status of the app icon' },
  checkPrivacyPolicy: { name: 'checkPrivacyPolicy', always: true, description: 'status of the privacy policy URL setting' },
  checkCategory: { name: 'checkCategory', always: true, description: 'status of the app category' },
  checkBusinessVerification: { name: 'checkBusinessVerification', always: true, description: 'status of Business Verification (always checked by hand)' },
};

export function isVariableName(name: string): name is VariableName {
  return (VARIABLE_NAMES as readonly string[]).includes(name);
}

export type ReviewValues = Partial<Record<VariableName, string>>;

/** The closest known variable name, for "did you mean" hints on typos. */
export function suggestVariable(name: string): VariableName | undefined {
  return closestMatch(name, VARIABLE_NAMES);
}

/**
 * Checks a parsed template against the variable catalogue: unknown placeholders (with a
 * suggestion), optional values used outside their {{#if}}, and the password outside the one
 * piece that may show it. Returns every problem, not just the first.
 */
export function validateTemplate(template: ParsedTemplate, piece: PieceId): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const use of variableUses(template)) {
    const at = { file: template.file, line: use.line };
    if (!isVariableName(use.name)) {
      const suggestion = suggestVariable(use.name);
      const tag = `{{${use.name}}}`;
      problems.push({ ...at, message: suggestion ? t('review.template.unknownSuggest', { tag, suggestion: `{{${suggestion}}}` }) : t('review.template.unknown', { tag }) });
      continue;
    }
    const info = VARIABLES[use.name];
    if (info.onlyIn && !info.onlyIn.includes(piece)) {
      problems.push({ ...at, message: t('review.template.onlyIn', { tag: `{{${use.name}}}`, files: info.onlyIn.map((id) => `${id}.txt`).join(', ') }) });
      continue;
    }
    if (!use.asCondition && !info.always && !use.guardedBy.has(use.name)) {
      problems.push({ ...at, message: t('review.template.optional', { tag: `{{${use.name}}}`, ifTag: `{{#if ${use.name}}}`, endTag: '{{/if}}' }) });
    }
  }
  return problems;
}
