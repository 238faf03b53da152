import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { MIN_WRAP_COLUMNS } from './wrap-types.js';


/** Terminal columns a text takes: a Chinese character counts two, colour codes none. */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Wraps text to terminal columns at word boundaries (a word longer than the line, such as a URL,
 * stays whole); the first line has `first` columns, the others `rest`.
 */
export function wrapText(text: string, first: number, rest: number = first): string[] {
  const flat = text.split(/\s+/).filter(Boolean).join(' ');
  if (flat === '') return [''];
  // No width to go by (0 columns, unknown, unlimited): one line, as on a pipe.
  if (!Number.isFinite(rest) || rest < 1) return [flat];
  // A placeholder word makes the first line as much shorter as it must be, then goes again.
  const pad = Math.max(0, rest - Math.max(1, first));
  const padded = pad > 0 ? `${'x'.repeat(pad - 1)} ${flat}` : flat;
  const lines = wrapAnsi(padded, Math.max(1, rest), { hard: false, trim: true }).split('\n');
  if (pad > 0) {
    const firstLine = (lines[0] ?? '').slice(pad);
    if (firstLine === '') lines.shift();
    else lines[0] = firstLine;
  }
  return lines;
}

/** The start of a list item or a check line: "  1. ", "  - ", "  ✔ ". */
const LIST_ITEM = /^ *(?:\d{1,2}\.|[-*•✔✖!]) (?=\S)/;

/**
 * Wraps each line that does not fit at word boundaries (CJK-width aware, see core/wrap.ts). A
 * line laid out in columns ("  Verify token  abc...", "  ✔ token.app   issued by ...") keeps its
 * label and continues under its value, a list item ("  1. ", "  - ") under its text; any other
 * line continues under its own indent. The first
 * line of the text comes after a marker `markerWidth` columns wide ("! ").
 */
export function wrapForTerminal(text: string, columns: number | undefined, markerWidth = 0): string {
  if (columns === undefined) return text;
  return text
    .split('\n')
    .map((line, index) => {
      const lead = index === 0 ? markerWidth : 0;
      if (lead + textWidth(line) <= columns) return line;
      const label = /^ *\S(?:.*?\S)? {2,}(?=\S)/.exec(line)?.[0] ?? LIST_ITEM.exec(line)?.[0];
      const head = label !== undefined && lead + textWidth(label) <= columns / 2 ? label : (/^ */.exec(line)?.[0] ?? '');
      const hang = ' '.repeat(lead + textWidth(head));
      const room = Math.max(MIN_WRAP_COLUMNS / 2, columns - hang.length);
      const pieces = wrapText(line.slice(head.length), room);
      // A word too long for the room (a URL) gets a line of its own from the first column, so the
      // terminal does not break it in the middle where it would still fit whole.
      const wide = (piece: string) => textWidth(piece) > room;
      const out: string[] = [];
      pieces.forEach((piece, at) => {
        if (!wide(piece)) out.push(at === 0 ? `${head}${piece}` : `${hang}${piece}`);
        else {
          if (at === 0 && head.trim() !== '') out.push(head.trimEnd());
          out.push(piece);
        }
      });
      return out.join('\n');
    })
    .join('\n');
}
