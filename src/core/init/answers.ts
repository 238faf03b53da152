/**
 * Where each init answer comes from, and the one complete list of what is missing when nothing
 * may be asked (--yes, no terminal, CI).
 */
import type { Profile } from '../profile.js';
import { howToGiveLine, isSecret, isStoredKey, setting, settingProblem, type Source } from '../../settings/schema.js';
import { needsFrom, type AnswerKey, type StageNumber } from './stages.js';

export type AnswerSource = Source;

export interface Answer {
  value: string;
  source: AnswerSource;
}

export type Answers = Partial<Record<AnswerKey, Answer>>;

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
    message: `fb3cx init --yes needs ${missing.length} more answer${missing.length === 1 ? '' : 's'} for ${start === 4 ? 'stage 4' : `stages ${start}-4`}:\n${lines.join('\n')}`,
    hint: 'Secrets come from the environment or standard input, one per line in the order page token, app secret, test password (only those whose --*-stdin flag is given). Rehearse with: fb3cx init --sandbox --yes',
  };
}

/** One-sentence problem with a typed answer, or undefined when it is usable (the table's rule). */
export function answerProblem(key: AnswerKey, value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return `The ${setting(key).label} is empty.`;
  return settingProblem(key, trimmed);
}

/** Reads the answers a profile holds. */
export function answersFromProfile(profile: Profile | undefined): Answers {
  const answers: Answers = {};
  if (!profile) return answers;
  const keys: AnswerKey[] = ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl', 'company', 'extension', 'password'];
  for (const key of keys) {
    const value = isStoredKey(key) ? profile[key] : undefined;
    if (typeof value === 'string' && value.trim() !== '') answers[key] = { value: value.trim(), source: 'profile' };
  }
  return answers;
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
