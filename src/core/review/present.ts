import { t } from '../../i18n/index.js';
import { pieceWords } from './catalogue.js';
import type { RenderedPiece, ReviewWarning } from './pack.js';
import { settingsNote, type SettingsCheck } from './settings-check.js';

/** The reminder printed at the end of every run (on stderr) and written into the index. */
export function afterApprovalReminder(extension: string): string {
  return t('review.present.reminder', { extension });
}

/** The file a piece is written to under --out. */
export function pieceFileName(piece: Pick<RenderedPiece, 'id'>): string {
  return `${piece.id}.txt`;
}

export const INDEX_FILE = 'index.txt';

/** index.txt: which file goes where, in the order of the dashboard. Never holds the password. */
export function indexText(pieces: RenderedPiece[], context: { company: string; pageName: string; extension: string }): string {
  const lines = [t('review.present.indexHeader', { company: context.company, pageName: context.pageName }), ''];
  for (const piece of pieces) {
    lines.push(pieceFileName(piece), `  ${piece.title}`, t('review.present.indexWhere', { where: piece.pasteInto }), '');
  }
  lines.push(afterApprovalReminder(context.extension));
  return `${lines.join('\n')}\n`;
}

/**
 * Each piece's file, title and place, with a gloss of its English text: for people who read the
 * pack's language better than English. The gloss is marked as not for pasting.
 */
export function pieceGuide(pieces: RenderedPiece[], paint: { bold(text: string): string; dim(text: string): string }): string[] {
  const lines = [paint.bold(t('review.present.guideHeading'))];
  for (const piece of pieces) {
    lines.push(
      t('review.present.guideFile', { file: pieceFileName(piece), title: piece.title }),
      t('review.present.guideWhere', { where: piece.pasteInto }),
      paint.dim(t('review.present.guideGloss', { gloss: glossLine(piece) })),
    );
  }
  return lines;
}

/** "Gloss, for reference only, do not paste: ..." for one piece. */
export function glossLine(piece: Pick<RenderedPiece, 'id'>): string {
  return t('review.present.gloss', { gloss: pieceWords(piece.id).gloss });
}

/** The JSON document of --json (schemaVersion 1). */
export interface ReviewJson {
  schemaVersion: 1;
  pieces: Array<{ id: string; title: string; pasteInto: string; text: string; file?: string }>;
  /** `detail` in the chosen language, beside its stable `code`. */
  settings: Array<{ id: string; status: string; code?: string; detail?: string }>;
  /** The warnings' sentences, as they were shown on stderr. */
  warnings: string[];
  /** A stable code for each warning, in the same order: what a script matches on. */
  warningCodes: string[];
  outDir?: string;
}

export function reviewJson(pieces: RenderedPiece[], checks: SettingsCheck[], warnings: ReviewWarning[], files?: { outDir: string; paths: Map<string, string> }): ReviewJson {
  return {
    schemaVersion: 1,
    pieces: pieces.map((piece) => {
      const file = files?.paths.get(piece.id);
      return { id: piece.id, title: piece.title, pasteInto: piece.pasteInto, text: piece.text, ...(file ? { file } : {}) };
    }),
    settings: checks.map((check) => {
      const note = settingsNote(check);
      return { id: check.id, status: check.status, ...(note && check.note ? { code: check.note.code, detail: note } : {}) };
    }),
    warnings: warnings.map((warning) => warning.message),
    warningCodes: warnings.map((warning) => warning.code),
    ...(files ? { outDir: files.outDir } : {}),
  };
}
