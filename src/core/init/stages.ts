/**
 * The four stages of fb3cx init, what each needs, and where a run starts: pure decisions the
 * wizard (src/commands/init/) acts on.
 */
import type { InitProgress } from '../profile.js';

export type StageNumber = 1 | 2 | 3 | 4;

export interface StageInfo {
  n: StageNumber;
  title: string;
  /** Where the person works during this stage. */
  where: string;
}

export const STAGES: readonly StageInfo[] = [
  { n: 1, title: 'Meta app and page token', where: 'Meta developer portal' },
  { n: 2, title: '3CX', where: '3CX admin console' },
  { n: 3, title: 'Webhook', where: 'fb3cx does it by API' },
  { n: 4, title: 'App Review and Live', where: 'Meta developer portal' },
];

export const LAST_STAGE: StageNumber = 4;

export function stageInfo(n: StageNumber): StageInfo {
  return STAGES[n - 1] as StageInfo;
}

/** "Stage 2 of 4 · 3CX" */
export function stageHeading(n: StageNumber): string {
  return `Stage ${n} of ${STAGES.length} · ${stageInfo(n).title}`;
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
  if (next !== undefined) choices.push({ value: 'continue', name: `Continue with ${stageHeading(next)}` });
  choices.push({ value: 'restart', name: next === undefined ? 'Check everything again from stage 1' : 'Start over from stage 1 (your saved answers are offered as defaults)' });
  for (const info of STAGES) {
    // Stage 1 is what "start over" does already.
    if (info.n !== next && info.n !== 1) choices.push({ value: `stage-${info.n}`, name: `Go to ${stageHeading(info.n)}` });
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
  if (!Number.isFinite(then)) return 'earlier';
  const minutes = Math.max(0, Math.round((nowMs - then) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  return `${Math.round(hours / 24)} days ago`;
}
