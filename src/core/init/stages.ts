/**
 * The four stages of fb3cx init, what each needs, and where a run starts: pure decisions the
 * wizard (src/commands/init/) acts on.
 */
import { t } from '../../i18n/index.js';
import { relativeTime } from '../../i18n/format.js';
import type { InitProgress } from '../profile.js';

export type StageNumber = 1 | 2 | 3 | 4;

export interface StageInfo {
  n: StageNumber;
  title: string;
  /** Where the person works during this stage. */
  where: string;
}

/** Read at run time: the titles are in the chosen language. */
function stages(): readonly StageInfo[] {
  return [
    { n: 1, title: t('init.stage.tokenTitle'), where: t('init.stage.tokenWhere') },
    { n: 2, title: t('init.stage.pbxTitle'), where: t('init.stage.pbxWhere') },
    { n: 3, title: t('init.stage.webhookTitle'), where: t('init.stage.webhookWhere') },
    { n: 4, title: t('init.stage.reviewTitle'), where: t('init.stage.reviewWhere') },
  ];
}

export const LAST_STAGE: StageNumber = 4;

export function stageInfo(n: StageNumber): StageInfo {
  return stages()[n - 1] as StageInfo;
}

/** "Stage 2 of 4 · 3CX" */
export function stageHeading(n: StageNumber): string {
  return t('init.stage.heading', { n, total: LAST_STAGE, title: stageInfo(n).title });
}

export function isStageNumber(value: number): value is StageNumber {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** The answers init collects; secrets included (they are saved only when the user agrees). */
export type AnswerKey =
  | 'appId'
  | 'pageId'
  | 'pageToken'
  | 'appSecret'
  | 'webhookUrl'
  | 'webClientUrl'
  | 'company'
  | 'extension'
  | 'password';

/** What a stage (and everything it checks) cannot run without. The app secret is always optional. */
export const STAGE_NEEDS: Record<StageNumber, readonly AnswerKey[]> = {
  1: ['appId', 'pageId', 'pageToken'],
  2: ['pageId', 'webhookUrl', 'webClientUrl'],
  3: ['appId', 'pageId', 'pageToken', 'webhookUrl'],
  4: ['appId', 'pageId', 'pageToken', 'webClientUrl', 'company', 'extension', 'password'],
};

/** Every answer the stages from `start` to the last one need, in the order they are asked. */
export function needsFrom(start: StageNumber): AnswerKey[] {
  const order: AnswerKey[] = ['appId', 'pageId', 'pageToken', 'appSecret', 'webhookUrl', 'webClientUrl', 'company', 'extension', 'password'];
  const wanted = new Set<AnswerKey>();
  for (let n = start; n <= LAST_STAGE; n++) for (const key of STAGE_NEEDS[n as StageNumber]) wanted.add(key);
  return order.filter((key) => wanted.has(key));
}

export type StartDecision =
  /** Go straight to this stage. */
  | { kind: 'start'; stage: StageNumber; reason: 'flag' | 'fresh' | 'continue' | 'restart' | 'all-done' }
  /** Ask the person: continue where they left off, or start over. */
  | { kind: 'ask'; next: StageNumber | undefined; completed: number; updatedAt: string };

export interface StartInput {
  progress: InitProgress | undefined;
  /** --stage <n> */
  stage?: StageNumber | undefined;
  /** --restart */
  restart?: boolean | undefined;
  interactive: boolean;
}

/**
 * Where this run starts. --stage wins, then --restart. With saved progress a person is asked;
 * without a terminal (--yes) fb3cx continues after the last finished stage, or checks
 * everything again from stage 1 when all four were finished.
 */
export function decideStart(input: StartInput): StartDecision {
  if (input.stage !== undefined) return { kind: 'start', stage: input.stage, reason: 'flag' };
  if (input.restart) return { kind: 'start', stage: 1, reason: 'restart' };
  const completed = clampCompleted(input.progress?.completedStage);
  if (!input.progress || completed === 0) return { kind: 'start', stage: 1, reason: 'fresh' };
  const next = completed >= LAST_STAGE ? undefined : ((completed + 1) as StageNumber);
  if (input.interactive) return { kind: 'ask', next, completed, updatedAt: input.progress.updatedAt };
  return next === undefined ? { kind: 'start', stage: 1, reason: 'all-done' } : { kind: 'start', stage: next, reason: 'continue' };
}

/** A saved completedStage as a stage count: 0 for none, or for a value that is not a stage. */
export function clampCompleted(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) ? Math.max(0, Math.min(LAST_STAGE, value)) : 0;
}

export type ResumeChoice = 'continue' | 'restart' | `stage-${StageNumber}`;

/** The choices offered when saved progress exists; the first one is the default. */
export function resumeChoices(next: StageNumber | undefined): Array<{ value: ResumeChoice; name: string }> {
  const choices: Array<{ value: ResumeChoice; name: string }> = [];
  if (next !== undefined) choices.push({ value: 'continue', name: t('init.stage.continueWith', { heading: stageHeading(next) }) });
  choices.push({ value: 'restart', name: next === undefined ? t('init.stage.checkAgain') : t('init.stage.startOver') });
  for (const info of stages()) {
    // Stage 1 is what "start over" does already.
    if (info.n !== next && info.n !== 1) choices.push({ value: `stage-${info.n}`, name: t('init.stage.goTo', { heading: stageHeading(info.n) }) });
  }
  return choices;
}

export function stageFromChoice(choice: ResumeChoice, next: StageNumber | undefined): StageNumber {
  if (choice === 'continue') return next ?? 1;
  if (choice === 'restart') return 1;
  return Number(choice.slice('stage-'.length)) as StageNumber;
}

/** "2 hours ago" style age of the saved progress, for the resume question. */
export function describeAge(updatedAt: string, nowMs: number): string {
  const then = Date.parse(updatedAt);
  if (!Number.isFinite(then)) return t('init.stage.earlier');
  const minutes = Math.max(0, Math.round((nowMs - then) / 60_000));
  if (minutes < 1) return t('init.stage.justNow');
  if (minutes < 60) return relativeTime(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return relativeTime(-hours, 'hour');
  return relativeTime(-Math.round(hours / 24), 'day');
}
