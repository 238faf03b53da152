/** What a profile holds: the stored settings of the table (src/settings/schema.ts) and init's progress. */
import type { StoredKey } from '../settings/schema.js';
import { quoted } from './text.js';

export interface InitProgress {
  /** Highest stage (1-4) finished. */
  completedStage: number;
  updatedAt: string;
}

export type Profile = { [K in StoredKey]?: string } & { init?: InitProgress };

export const DEFAULT_PROFILE = 'default';

export function validateProfileName(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)
    ? undefined
    : `Profile names use letters, digits, "-" and "_" (at most 64), got ${quoted(name)}.`;
}
