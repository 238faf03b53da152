import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** Terminal columns a text takes: a Chinese character counts two, colour codes none. */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/**
 * A terminal's width, or undefined when it has none to go by. Some terminals (docker exec -t,
 * CI runners, `stty cols 0`) report 0 columns: that means "unknown", not "nothing fits".
 */
export function terminalColumns(columns: number | undefined): number | undefined {
  return columns !== undefined && Number.isFinite(columns) && columns >= 1 ? Math.floor(columns) : undefined;
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
