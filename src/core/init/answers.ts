/**
 * Where each init answer comes from, and the one complete list of what is missing when nothing
 * may be asked (--yes, no terminal, CI).
 */
import { t } from '../../i18n/index.js';
import type { Profile } from '../profile.js';
import { hostOf } from '../text.js';
import type { SandboxIdentity } from '../../sandbox/types.js';
import type { SettingValues } from '../../settings/resolve.js';
import { howToGiveLine, isSecret, isStoredKey, setting, settingProblem, type SettingKey, type Source } from '../../settings/schema.js';
import { needsFrom, type AnswerKey, type StageNumber } from './stages.js';

export type AnswerSource = Source;

export interface Answer {
  value: string;
  source: AnswerSource;
}

export type Answers = Partial<Record<AnswerKey, Answer>>;

/** Every answer init collects, in the order it asks for them. */
export const ANSWER_KEYS: readonly AnswerKey[] = ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl', 'company', 'extension', 'password'];

export function isSecretKey(key: AnswerKey): boolean {
  return isSecret(key);
}

/** "--app-id <id> or FB3CX_APP_ID (the App ID)": how to give an answer without a terminal. */
export function howToAnswer(key: AnswerKey): string {
  return howToGiveLine(key);
}

/** The answer's name as init shows it ("App ID", "page access token"). */
export function answerLabel(key: AnswerKey): string {
  return setting(key).label;
}

/** Sources the wizard takes as given without asking (things typed on the command line or set for scripts). */
export function isGiven(answer: Answer | undefined): boolean {
  return answer !== undefined && (answer.source === 'flag' || answer.source === 'stdin' || answer.source === 'env');
}

/**
 * The answers the stages from `start` need but nobody gave, in asking order. Under --yes and
 * without a terminal a default (profile, sandbox) counts as given.
 */
export function missingAnswers(answers: Answers, start: StageNumber): AnswerKey[] {
  return needsFrom(start).filter((key) => answers[key] === undefined || answers[key]?.value === '');
}

/** The one usage message listing every missing answer at once. */
export function missingMessage(missing: AnswerKey[], start: StageNumber): { message: string; hint: string } {
  const lines = missing.map((key) => `  - ${howToAnswer(key)}`);
  return {
    message: `${start === 4 ? t('init.missing.lastStage', { count: missing.length }) : t('init.missing.fromStage', { count: missing.length, start })}\n${lines.join('\n')}`,
    hint: t('init.missing.hint'),
  };
}

/** One-sentence problem with a typed answer, or undefined when it is usable (the table's rule). */
export function answerProblem(key: AnswerKey, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return t('init.ask.empty', { label: setting(key).label });
  return settingProblem(key, trimmed);
}

/** Reads the answers a profile holds. */
export function answersFromProfile(profile: Profile | undefined): Answers {
  const answers: Answers = {};
  if (!profile) return answers;
  for (const key of ANSWER_KEYS) {
    const value = isStoredKey(key) ? profile[key] : undefined;
    if (typeof value === 'string' && value.trim() !== '') answers[key] = { value: value.trim(), source: 'profile' };
  }
  return answers;
}

/** The answers typed on the command line, piped in or set in the environment: used without asking. */
export function givenAnswers(values: SettingValues, sources: Partial<Record<SettingKey, Source>>): Answers {
  const given: Answers = {};
  for (const key of ANSWER_KEYS) {
    const source = sources[key];
    const value = values[key];
    if (value === undefined || source === undefined) continue;
    if (source === 'flag' || source === 'stdin' || source === 'env') given[key] = { value, source };
  }
  return given;
}

/** What the wizard offers as defaults: the saved profile, then the sandbox's fictional customer. */
export function defaultAnswers(profile: Profile | undefined, sandbox: SandboxIdentity | undefined): Answers {
  const fromProfile = answersFromProfile(profile);
  if (!sandbox) return fromProfile;
  if (fromProfile.webhookUrl && hostOf(fromProfile.webhookUrl.value) === sandbox.pbxHost) {
    // The sandbox's 3CX host listens on a new port every run.
    fromProfile.webhookUrl = { value: sandbox.webhookUrl, source: 'profile' };
  }
  const fromSandbox: Answers = {
    appId: { value: sandbox.appId, source: 'sandbox' },
    pageId: { value: sandbox.pageId, source: 'sandbox' },
    pageToken: { value: sandbox.pageToken, source: 'sandbox' },
    appSecret: { value: sandbox.appSecret, source: 'sandbox' },
    webhookUrl: { value: sandbox.webhookUrl, source: 'sandbox' },
    webClientUrl: { value: sandbox.webClientUrl, source: 'sandbox' },
    company: { value: sandbox.company, source: 'sandbox' },
    extension: { value: sandbox.testExtension, source: 'sandbox' },
    password: { value: sandbox.testPassword, source: 'sandbox' },
  };
  return mergeAnswers(fromProfile, fromSandbox);
}

/** Layers merged by precedence: the first layer that has a key wins. */
export function mergeAnswers(...layers: Answers[]): Answers {
  const merged: Answers = {};
  for (const layer of layers) {
    for (const [key, answer] of Object.entries(layer) as Array<[AnswerKey, Answer | undefined]>) {
      if (answer && answer.value.trim() !== '' && merged[key] === undefined) merged[key] = answer;
    }
  }
  return merged;
}

/** "https://host:5001/webclient" from the webhook URL's host, the form 3CX's manual shows. */
export function webClientUrlGuess(webhookUrl: string | undefined): string | undefined {
  if (!webhookUrl) return undefined;
  try {
    const url = new URL(webhookUrl);
    return `https://${url.hostname}:5001/webclient`;
  } catch {
    return undefined;
  }
}
