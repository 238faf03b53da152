import { join } from 'node:path';
import type { PieceId } from '../../core/review/catalogue.js';
import type { RenderedPiece } from '../../core/review/pack.js';
import { afterApprovalReminder, glossLine, INDEX_FILE, reviewJson, type ReviewJson } from '../../core/review/present.js';
import type { ReviewWarning } from '../../core/review/pack.js';
import { currentLanguage, t } from '../../i18n/index.js';
import type { SettingsCheck } from '../../core/review/settings-check.js';
import type { HumanLine, Presenter, Screen } from '../types.js';

/** The App Review texts review-text wrote, and where. */
export interface ReviewTextResult {
  pieces: RenderedPiece[];
  /** The app settings checks, when the settings checklist is among the pieces. */
  checks: SettingsCheck[];
  /** Every warning of the run, also shown on stderr as it came. */
  warnings: ReviewWarning[];
  /** Under --out: the folder and each piece's file. */
  files: { outDir: string; paths: Map<string, string> } | undefined;
  /** --piece: only this piece, printed raw. */
  only: PieceId | undefined;
  /** The temporary test extension, named in the closing reminder. */
  extension: string;
  /** The test password: test-instructions shows it to the reviewer, on purpose. */
  password: string;
}

const RULE_WIDTH = 72;

/**
 * One piece: its heading and place in the chosen language, then its English text. In Chinese a
 * gloss follows on stderr, marked as not for pasting, so stdout stays the texts to paste.
 */
function section({ style, errStyle }: Screen, piece: RenderedPiece, index: number, total: number): HumanLine[] {
  return [
    style.cyan('═'.repeat(RULE_WIDTH)),
    style.bold(t('review.present.heading', { n: index + 1, total, id: piece.id, title: piece.title })),
    style.dim(t('review.present.where', { where: piece.pasteInto })),
    style.cyan('─'.repeat(RULE_WIDTH)),
    piece.text,
    ...(currentLanguage() === 'zh-CN' ? [{ stderr: errStyle.dim(glossLine(piece)) }] : []),
    '',
  ];
}

export const reviewTextPresenter: Presenter<ReviewTextResult, ReviewJson> = {
  json: ({ pieces, checks, warnings, files }) => reviewJson(pieces, checks, warnings, files),
  human: ({ pieces, files, only }, screen): HumanLine[] => {
    if (files) return [...files.paths.values(), join(files.outDir, INDEX_FILE)];
    if (only !== undefined) return pieces.slice(0, 1).map((piece) => piece.text);
    return pieces.flatMap((piece, index) => section(screen, piece, index, pieces.length));
  },
  notes: ({ extension }, { errStyle }) => ['', errStyle.bold(afterApprovalReminder(extension))],
  shows: ({ password }) => [password],
};
