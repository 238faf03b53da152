/**
 * Where each init answer comes from, and the one complete list of what is missing when nothing
 * may be asked (--yes, no terminal, CI).
 */
import { NUMERIC_ID, type Profile } from '../profile.js';
import { needsFrom, type AnswerKey, type StageNumber } from './stages.js';

export type AnswerSource = 'flag' | 'stdin' | 'env' | 'profile' | 'sandbox' | 'prompt' | 'graph';

export interface Answer {
  value: string;
  source: AnswerSource;
}

export type Answers = Partial<Record<AnswerKey, Answer>>;

export const SECRET_KEYS: readonly AnswerKey[] = ['pageToken', 'appSecret', 'password'];

export function isSecretKey(key: AnswerKey): boolean {
  return SECRET_KEYS.includes(key);
}

/** How to give each answer without a terminal: the flag (if any) and the environment variable. */
export const HOW_TO_ANSWER: Record<AnswerKey, { flag?: string; env: string; label: string }> = {
  appId: { flag: '--app-id <id>', env: 'FB3CX_APP_ID', label: 'App ID' },
  pageId: { flag: '--page-id <id>', env: 'FB3CX_PAGE_ID', label: 'Page ID' },
  pageToken: { flag: '--page-token-stdin', env: 'FB3CX_PAGE_TOKEN', label: 'page access token' },
  appSecret: { flag: '--app-secret-stdin', env: 'FB3CX_APP_SECRET', label: 'app secret' },
  webhookUrl: { flag: '--webhook-url <url>', env: 'FB3CX_WEBHOOK_URL', label: '3CX webhook URL' },
  webClientUrl: { flag: '--web-client-url <url>', env: 'FB3CX_WEB_CLIENT_URL', label: '3CX web client URL' },
  company: { flag: '--company <name>', env: 'FB3CX_COMPANY', label: 'company name' },
  extension: { flag: '--extension <number>', env: 'FB3CX_TEST_EXTENSION', label: 'test extension' },
  password: { flag: '--password-stdin', env: 'FB3CX_TEST_PASSWORD', label: "test extension's password" },
};

export function howToAnswer(key: AnswerKey): string {
  const how = HOW_TO_ANSWER[key];
  return `the ${how.label}: ${how.flag ? `${how.flag} or ` : ''}${how.env}`;
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

/** One-sentence problem with a typed or given answer, or undefined when it is usable. */
export function answerProblem(key: AnswerKey, value: string): string | undefined {
  const trimmed = value.trim();
  switch (key) {
    case 'appId':
    case 'pageId':
      return NUMERIC_ID.test(trimmed) ? undefined : `The ${HOW_TO_ANSWER[key].label} is a number (5 to 25 digits), as shown in Meta's dashboard; got "${shorten(trimmed)}".`;
    case 'pageToken':
    case 'appSecret':
      if (trimmed === '') return `The ${HOW_TO_ANSWER[key].label} is empty.`;
      return /\s/.test(trimmed) ? `The ${HOW_TO_ANSWER[key].label} contains spaces or line breaks; paste it again as one piece.` : undefined;
    case 'webhookUrl':
    case 'webClientUrl': {
      let url: URL;
      try {
        url = new URL(trimmed);
      } catch {
        return `The ${HOW_TO_ANSWER[key].label} is not a valid URL: "${shorten(trimmed)}".`;
      }
      if (url.protocol !== 'https:') return `The ${HOW_TO_ANSWER[key].label} must start with https:// (Meta only talks to HTTPS); got "${shorten(trimmed)}".`;
      return undefined;
    }
    case 'extension':
      return /^\d{1,12}$/.test(trimmed) ? undefined : `The test extension is the extension number (digits only); got "${shorten(trimmed)}".`;
    case 'company':
      return trimmed === '' ? 'The company name is empty.' : trimmed.length > 200 ? 'The company name is longer than 200 characters.' : undefined;
    case 'password':
      return trimmed === '' ? "The test extension's password is empty." : undefined;
  }
}

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

/** Reads the answers a profile holds. */
export function answersFromProfile(profile: Profile | undefined): Answers {
  const answers: Answers = {};
  if (!profile) return answers;
  const keys: Array<[AnswerKey, keyof Profile]> = [
    ['appId', 'appId'],
    ['pageId', 'pageId'],
    ['pageToken', 'pageToken'],
    ['appSecret', 'appSecret'],
    ['webhookUrl', 'webhookUrl'],
    ['webClientUrl', 'webClientUrl'],
    ['company', 'company'],
    ['extension', 'extension'],
  ];
  for (const [key, profileKey] of keys) {
    const value = profile[profileKey];
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
