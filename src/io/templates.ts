import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { PIECES } from '../core/review/catalogue.js';
import type { TemplateSource } from '../core/review/pack.js';

/**
 * The package's templates/ folder. This module sits at src/io/ (tests) or in dist/chunks/ (the
 * bundle, see scripts/build.mjs), both two levels below the package root, where templates/ is shipped.
 */
export function builtinTemplatesDir(): string {
  return fileURLToPath(new URL('../../templates/', import.meta.url));
}

/** The built-in templates, named "templates/<file>" in messages. */
export function readBuiltinTemplates(dir = builtinTemplatesDir()): TemplateSource[] {
  return PIECES.map((piece) => {
    const path = join(dir, piece.file);
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(t('review.files.builtinUnreadable', { path, reason: (error as Error).message }), t('review.files.reinstall'));
    }
    return { piece: piece.id, file: `templates/${piece.file}`, source };
  });
}

export interface UserTemplates {
  sources: TemplateSource[];
  /** Pieces for which the folder had no file, so the built-in template is used. */
  fallbacks: string[];
  /** .txt files in the folder that are not a piece. */
  ignored: string[];
}

/**
 * The user's own templates from --templates <dir>: one file per piece with the same names as
 * ours. A piece without a file falls back to the built-in template (and the caller says so).
 */
export function readUserTemplates(dir: string, cwd: string, builtin = readBuiltinTemplates()): UserTemplates {
  const folder = resolve(cwd, dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(t('review.files.noFolder', { dir, folder }), t('review.files.folderHint', { files: PIECES.map((p) => p.file).join(', ') }));
  }
  const names = readdirSync(folder);
  const sources: TemplateSource[] = [];
  const fallbacks: string[] = [];
  for (const piece of PIECES) {
    const path = join(folder, piece.file);
    if (names.includes(piece.file)) {
      let source: string;
      try {
        // Editors on Windows may save a byte-order mark; it is not part of the text.
        source = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      } catch (error) {
        throw new UsageError(t('review.files.cannotRead', { path, reason: (error as Error).message }));
      }
      sources.push({ piece: piece.id, file: path, source });
    } else {
      const ours = builtin.find((item) => item.piece === piece.id);
      if (ours) sources.push(ours);
      fallbacks.push(piece.file);
    }
  }
  const known = new Set(PIECES.map((piece) => piece.file));
  const ignored = names.filter((name) => name.endsWith('.txt') && !known.has(name));
  return { sources, fallbacks, ignored };
}
