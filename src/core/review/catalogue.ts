/**
 * The App Review pack: which pieces exist, what each is called and where in Meta's dashboard it
 * is pasted. The order here is the order of output, of files under --out and of the index.
 */
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
  title: string;
  /** Where in Meta's dashboard the text goes, in words a person can follow. */
  pasteInto: string;
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
  {
    id: 'verification-summary',
    title: 'App Verification summary',
    pasteInto: 'App Review > Complete App Verification: answer that the app does not use Facebook Login ("Other"), then paste into the summary box.',
    file: 'verification-summary.txt',
    budget: 1500,
  },
  {
    id: 'pages-messaging',
    title: 'pages_messaging: how the app uses it',
    pasteInto: 'App Review > Permissions and Features > pages_messaging (advanced access): the "detailed description" box.',
    file: 'pages-messaging.txt',
    budget: 1500,
  },
  {
    id: 'profile-access',
    title: 'Business Asset User Profile Access: how the app uses it',
    pasteInto: 'App Review > Permissions and Features > Business Asset User Profile Access (advanced access): the "detailed description" box.',
    file: 'profile-access.txt',
    budget: 1500,
  },
  {
    id: 'test-instructions',
    title: "Test instructions for Meta's reviewer",
    pasteInto: 'pages_messaging request > "Test and reproduce the functionality of your integration": choose the page in the drop-down, then paste into the instructions box.',
    file: 'test-instructions.txt',
    budget: 1500,
  },
  {
    id: 'screencast',
    title: 'Screen recording: shot list',
    pasteInto: 'Not pasted: follow it while recording, then upload the same video to both requests (pages_messaging and Business Asset User Profile Access).',
    file: 'screencast.txt',
    budget: 2500,
  },
  {
    id: 'settings-checklist',
    title: 'Before you submit: app settings checklist',
    pasteInto: 'Not pasted: work through it in App Settings > Basic and App Review before pressing "Submit for Review".',
    file: 'settings-checklist.txt',
    budget: 3000,
  },
];

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
