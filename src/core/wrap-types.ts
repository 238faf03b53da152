/** What a wrapper to terminal columns offers (core/wrap.ts), for those that take it when loaded. */
export interface TerminalWrap {
  /** Text as lines of at most `first` (then `rest`) columns, broken at word boundaries. */
  wrapText(text: string, first: number, rest?: number): string[];
  /** A message laid out for a terminal `columns` wide after a marker `markerWidth` wide. */
  wrapForTerminal(text: string, columns: number | undefined, markerWidth?: number): string;
}

/** Below this many columns wrapping helps nobody; the terminal's own wrapping is left to do it. */
export const MIN_WRAP_COLUMNS = 20;
