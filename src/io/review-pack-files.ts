import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
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
    throw new UsageError(`Cannot write the App Review pack into ${outDir}: ${(error as Error).message}`);
  }
}

/** Files of a pack that already exist in the folder. */
export function existingPackFiles(outDir: string, pieces: Array<Pick<RenderedPiece, 'id'>>): string[] {
  if (!existsSync(outDir)) return [];
  const names = new Set(readdirSync(outDir));
  return [...pieces.map(pieceFileName), INDEX_FILE].filter((name) => names.has(name));
}
