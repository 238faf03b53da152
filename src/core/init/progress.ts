/**
 * The profile init leaves behind: whole objects, written once per finished stage (conf writes
 * atomically), so an interrupted run never leaves half an answer on disk.
 */
import type { Profile } from '../profile.js';
import type { Answers } from './answers.js';
import type { StageNumber } from './stages.js';

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
 * not know are kept. Without consent the secrets are removed, never kept from an earlier run;
 * the test password is never stored at all.
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
    if (answers.appSecret?.value) next.appSecret = answers.appSecret.value;
    else delete next.appSecret;
    if (update.verifyToken) next.verifyToken = update.verifyToken;
  } else {
    delete next.pageToken;
    delete next.appSecret;
    delete next.verifyToken;
  }
  next.init = { completedStage: update.stage, updatedAt: update.now.toISOString() };
  return next;
}
