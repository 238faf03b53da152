import { accessSync, chmodSync, constants, mkdirSync, readdirSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { RenderedPiece } from '../core/review/pack.js';
import { INDEX_FILE, indexText, pieceFileName } from '../core/review/present.js';

/**
 * Writes an App Review pack built by review-text's core (one file per piece plus the index),
 * the way `fb3cx review-text --out` lays it out: test-instructions.txt holds the reviewer's
 * password and is readable by its owner only.
 */
export function writeReviewPackFiles(
  outDir: string,
  pieces: RenderedPiece[],
  context: { company: string; pageName: string; extension: string },
  scrub: (text: string) => string,
): string[] {
  try {
    mkdirSync(outDir, { recursive: true });
    const written: string[] = [];
    for (const piece of pieces) {
      const path = join(outDir, pieceFileName(piece));
      const mode = piece.id === 'test-instructions' ? 0o600 : 0o644;
      writeFileSync(path, `${scrub(piece.text)}\n`, { mode });
      chmodSync(path, mode);
      written.push(path);
    }
    const index = join(outDir, INDEX_FILE);
    writeFileSync(index, scrub(indexText(pieces, context)), { mode: 0o644 });
    written.push(index);
    return written;
  } catch (error) {
    throw new UsageError(t('review.files.cannotWrite', { dir: outDir, reason: (error as Error).message }));
  }
}

/** Files of a pack that already exist in the folder. */
export function existingPackFiles(outDir: string, pieces: Array<Pick<RenderedPiece, 'id'>>): string[] {
  if (!statOf(outDir)?.isDirectory()) return [];
  const names = new Set(readdirSync(outDir));
  return [...pieces.map(pieceFileName), INDEX_FILE].filter((name) => names.has(name));
}

/**
 * Checks that --out can take a pack before a run changes anything (init saves three stages
 * before it writes the pack): the folder, or the nearest folder above it that exists, must be
 * a folder and writable.
 */
export function checkOutFolder(outDir: string): void {
  let path = outDir;
  let stats = statOf(path);
  while (stats === undefined && dirname(path) !== path) {
    path = dirname(path);
    stats = statOf(path);
  }
  if (stats && !stats.isDirectory()) {
    throw new UsageError(path === outDir ? t('review.files.outIsFile', { dir: outDir }) : t('review.files.outCannotMake', { dir: outDir, path }), t('review.files.outHint'));
  }
  try {
    accessSync(path, constants.W_OK);
  } catch {
    throw new UsageError(t('review.files.outNotWritable', { dir: outDir, path }), t('review.files.outHint'));
  }
}

/** The path's stats, or undefined when nothing is there (or a file stands in its way). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
