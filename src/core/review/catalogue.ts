/**
 * The App Review pack: which pieces exist, what each is called and where in Meta's dashboard it
 * is pasted. The order here is the order of output, of files under --out and of the index.
 */
import { t } from '../../i18n/index.js';

export const PIECE_IDS = [
  'verification-summary',
  'pages-messaging',
  'profile-access',
  'test-instructions',
  'screencast',
  'settings-checklist',
] as const;

export type PieceId = (typeof PIECE_IDS)[number];

export interface PieceInfo {
  id: PieceId;
  /** File name of the template, both in the package's templates/ and in a --templates folder. */
  file: string;
  /**
   * A soft limit in characters. Meta does not document how much its App Review boxes accept
   * (none of our sources gives a number), so these budgets keep each text focused instead: a
   * pasted text should be read in under a minute (about 250 words, 1,500 characters); the shot
   * list and the checklist are read while working, so they may run longer. Going over is a warning, never an error.
   */
  budget: number;
}

export const PIECES: readonly PieceInfo[] = [
  { id: 'verification-summary', file: 'verification-summary.txt', budget: 1500 },
  { id: 'pages-messaging', file: 'pages-messaging.txt', budget: 1500 },
  { id: 'profile-access', file: 'profile-access.txt', budget: 1500 },
  { id: 'test-instructions', file: 'test-instructions.txt', budget: 1500 },
  { id: 'screencast', file: 'screencast.txt', budget: 2500 },
  { id: 'settings-checklist', file: 'settings-checklist.txt', budget: 3000 },
];

/**
 * What a piece is called, where in Meta's dashboard it goes (in words a person can follow), and
 * a gloss of its English text: in the chosen language, read when asked. The texts themselves
 * stay English (templates/): Meta's reviewers read English.
 */
export interface PieceWords {
  title: string;
  pasteInto: string;
  gloss: string;
}

export function pieceWords(id: PieceId): PieceWords {
  switch (id) {
    case 'verification-summary':
      return { title: t('review.piece.verificationSummary.title'), pasteInto: t('review.piece.verificationSummary.where'), gloss: t('review.piece.verificationSummary.gloss') };
    case 'pages-messaging':
      return { title: t('review.piece.pagesMessaging.title'), pasteInto: t('review.piece.pagesMessaging.where'), gloss: t('review.piece.pagesMessaging.gloss') };
    case 'profile-access':
      return { title: t('review.piece.profileAccess.title'), pasteInto: t('review.piece.profileAccess.where'), gloss: t('review.piece.profileAccess.gloss') };
    case 'test-instructions':
      return { title: t('review.piece.testInstructions.title'), pasteInto: t('review.piece.testInstructions.where'), gloss: t('review.piece.testInstructions.gloss') };
    case 'screencast':
      return { title: t('review.piece.screencast.title'), pasteInto: t('review.piece.screencast.where'), gloss: t('review.piece.screencast.gloss') };
    case 'settings-checklist':
      return { title: t('review.piece.settingsChecklist.title'), pasteInto: t('review.piece.settingsChecklist.where'), gloss: t('review.piece.settingsChecklist.gloss') };
  }
}

export function pieceInfo(id: string): PieceInfo | undefined {
  return PIECES.find((piece) => piece.id === id);
}

export function isPieceId(id: string): id is PieceId {
  return (PIECE_IDS as readonly string[]).includes(id);
}

/**
 * The app's App Review page in Meta's developer dashboard. The path is a best guess from the
 * dashboard's current URLs (apps/<id>/app-review/...); Meta documents no stable deep link. With
 * no app id the list of the user's apps is the safest landing page.
 */
export function appReviewUrl(appId: string | undefined): string {
  return appId ? `https://developers.facebook.com/apps/${encodeURIComponent(appId)}/app-review/permissions/` : 'https://developers.facebook.com/apps/';
}
