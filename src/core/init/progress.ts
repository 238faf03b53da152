/**
 * The profile init leaves behind: whole objects, written once per finished stage (conf writes
 * atomically), so an interrupted run never leaves half an answer on disk.
 */
import { profileDifferences, type Profile } from '../profile.js';
import type { Answers } from './answers.js';
import { clampCompleted, type StageNumber } from './stages.js';

export interface ProfileUpdate {
  answers: Answers;
  /** The person agreed to keep the page token and app secret in the profile (mode 0600). */
  saveSecrets: boolean;
  stage: StageNumber;
  now: Date;
  verifyToken?: string | undefined;
  pageName?: string | undefined;
  privacyUrl?: string | undefined;
}

/**
 * The profile after a finished stage: the old one with the answers laid over it. Keys init does
 * not know are kept. Secrets are written only with consent; without it, secrets saved earlier
 * stay as they are (not saving new ones is no reason to delete old ones). The test password is
 * never stored at all. Progress never goes backwards: going back to stage 3 of a finished
 * profile leaves it finished.
 */
export function profileAfterStage(previous: Profile | undefined, update: ProfileUpdate): Profile {
  const next: Profile = { ...(previous ?? {}) };
  const { answers } = update;
  const plain = ['appId', 'pageId', 'webhookUrl', 'webClientUrl', 'company', 'extension'] as const;
  for (const key of plain) {
    const value = answers[key]?.value;
    if (value !== undefined && value !== '') next[key] = value;
  }
  if (update.pageName) next.pageName = update.pageName;
  if (update.privacyUrl) next.privacyUrl = update.privacyUrl;
  if (update.saveSecrets) {
    if (answers.pageToken?.value) next.pageToken = answers.pageToken.value;
    // With consent, an app secret the person chose to leave out (after Meta refused it) goes too.
    if (answers.appSecret?.value) next.appSecret = answers.appSecret.value;
    else delete next.appSecret;
    if (update.verifyToken) next.verifyToken = update.verifyToken;
  }
  next.init = { completedStage: Math.max(clampCompleted(previous?.init?.completedStage), update.stage), updatedAt: update.now.toISOString() };
  return next;
}

export type StageSave =
  /** Write `profile`; `othersKept` lists keys another run changed meanwhile that stay as it left them. */
  | { kind: 'write'; profile: Profile; othersKept: string[] }
  /** Another run changed these keys meanwhile and this stage would overwrite them: write nothing. */
  | { kind: 'conflict'; keys: string[] };

/**
 * Saving a stage when another run (a second init, config set, a hand edit) may have changed the
 * profile since this run last read or wrote it (`seen`): this stage's answers are laid over the
 * profile as it is on disk now (`onDisk`). A key the other run changed is kept as it left it;
 * if this stage would overwrite it, nothing is written and the keys are named, so neither run's
 * answers are lost without a word. Progress is the higher of the two.
 */
export function planStageSave(seen: Profile | undefined, onDisk: Profile | undefined, update: ProfileUpdate): StageSave {
  const profile = profileAfterStage(onDisk, update);
  const changedByOthers = profileDifferences(seen, onDisk).filter((key) => key !== 'init');
  const overwritten = profileDifferences(onDisk, profile).filter((key) => changedByOthers.includes(key));
  if (overwritten.length > 0) return { kind: 'conflict', keys: overwritten };
  return { kind: 'write', profile, othersKept: changedByOthers };
}
