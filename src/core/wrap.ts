import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

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
  // A placeholder word makes the first line as much shorter as it must be, then goes again.
  const pad = Math.max(0, rest - first);
  const padded = pad > 0 ? `${'x'.repeat(pad - 1)} ${flat}` : flat;
  const lines = wrapAnsi(padded, Math.max(1, rest), { hard: false, trim: true }).split('\n');
  if (pad > 0) {
    const firstLine = (lines[0] ?? '').slice(pad);
    if (firstLine === '') lines.shift();
    else lines[0] = firstLine;
  }
  return lines;
}
