import type { RenderedPiece } from './pack.js';
import type { SettingsCheck } from './settings-check.js';

/** The reminder printed at the end of every run (on stderr) and written into the index. */
export function afterApprovalReminder(extension: string): string {
  return `After Meta approves the app: switch App Mode from Development to Live, delete the temporary test extension ${extension} in 3CX, and route the Facebook messages to their real destination (a queue or ring group).`;
}

/** The file a piece is written to under --out. */
export function pieceFileName(piece: Pick<RenderedPiece, 'id'>): string {
  return `${piece.id}.txt`;
}

export const INDEX_FILE = 'index.txt';

/** index.txt: which file goes where, in the order of the dashboard. Never holds the password. */
export function indexText(pieces: RenderedPiece[], context: { company: string; pageName: string; extension: string }): string {
  const lines = [`App Review texts for ${context.company}, Facebook Page "${context.pageName}" (written by fb3cx review-text)`, ''];
  for (const piece of pieces) {
    lines.push(pieceFileName(piece), `  ${piece.title}`, `  Where: ${piece.pasteInto}`, '');
  }
  lines.push(afterApprovalReminder(context.extension));
  return `${lines.join('\n')}\n`;
}

/** The JSON document of --json (schemaVersion 1). */
export interface ReviewJson {
  schemaVersion: 1;
  pieces: Array<{ id: string; title: string; pasteInto: string; text: string; file?: string }>;
  settings: Array<{ id: string; status: string; detail?: string }>;
  warnings: string[];
  outDir?: string;
}

export function reviewJson(pieces: RenderedPiece[], checks: SettingsCheck[], warnings: string[], files?: { outDir: string; paths: Map<string, string> }): ReviewJson {
  return {
    schemaVersion: 1,
    pieces: pieces.map((piece) => {
      const file = files?.paths.get(piece.id);
      return { id: piece.id, title: piece.title, pasteInto: piece.pasteInto, text: piece.text, ...(file ? { file } : {}) };
    }),
    settings: checks.map((check) => ({ id: check.id, status: check.status, ...(check.detail ? { detail: check.detail } : {}) })),
    warnings,
    ...(files ? { outDir: files.outDir } : {}),
  };
}
