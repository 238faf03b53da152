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
  if (CJK.test(flat)) return fillLines(flat, Math.max(1, first), Math.max(1, rest));
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

/** Chinese, Japanese and Korean text, and the full-width punctuation that goes with it. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** Punctuation that must not start a line (，。）」 and the like): it stays with what comes before. */
const CLOSING = /^[\p{Pe}\p{Pf}\p{Po}]+$/u;
/** Punctuation that must not end a line (（「“): it goes with what comes after. */
const OPENING = /^[\p{Ps}\p{Pi}]+$/u;
const ANSI = /(\u001b\[[0-9;]*m)/;

let segmenter: Intl.Segmenter | undefined;

/**
 * The places a line of Chinese may break: between the words Intl.Segmenter finds (Chinese has no
 * spaces), never before closing punctuation or after opening punctuation, and at spaces. A colour
 * code stays with the text it colours. Returns the pieces, each with whether a space comes before it.
 */
function breakUnits(text: string): Array<{ text: string; space: boolean }> {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const units: Array<{ text: string; space: boolean }> = [];
  text.split(' ').forEach((word, wordIndex) => {
    let pending = '';
    let first = true;
    const push = (piece: string) => {
      units.push({ text: pending + piece, space: first && wordIndex > 0 });
      pending = '';
      first = false;
    };
    for (const part of word.split(ANSI)) {
      if (part === '') continue;
      if (ANSI.test(part)) {
        pending += part;
        continue;
      }
      const pieces = CJK.test(part) ? latinRunsWhole([...segmenter!.segment(part)].map((segment) => segment.segment)) : [part];
      for (const piece of pieces) {
        const last = units[units.length - 1];
        if (CLOSING.test(piece) && last !== undefined && !first) {
          last.text += pending + piece;
          pending = '';
        } else if (OPENING.test(piece)) pending += piece;
        else push(piece);
      }
    }
    if (pending !== '') {
      const last = units[units.length - 1];
      if (last !== undefined && !first) last.text += pending;
      else push('');
    }
  });
  return units;
}

/**
 * The segmenter splits Latin at hyphens and slashes too ("conversations-forbidden",
 * "/{page-id}/subscribed_apps"): a run of pieces without CJK in it is one name, kept whole.
 */
function latinRunsWhole(pieces: string[]): string[] {
  const out: string[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if (last !== undefined && !CJK.test(last) && !CJK.test(piece)) out[out.length - 1] = last + piece;
    else out.push(piece);
  }
  return out;
}

/** Greedy filling of lines by terminal columns (a Chinese character counts two), for text with CJK in it. */
function fillLines(text: string, first: number, rest: number): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const unit of breakUnits(text)) {
    const unitWidth = stringWidth(unit.text);
    const room = lines.length === 0 ? first : rest;
    const gap = line !== '' && unit.space ? ' ' : '';
    if (line !== '' && width + gap.length + unitWidth > room) {
      lines.push(line);
      line = unit.text;
      width = unitWidth;
    } else {
      line += gap + unit.text;
      width += gap.length + unitWidth;
    }
  }
  lines.push(line);
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
