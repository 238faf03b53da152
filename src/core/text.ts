/** Small text helpers shared by commands and core, so each rule is written once. */

/** The first letter up, for a sentence that starts with a label. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The lower-case host name of a URL, or undefined when the text is not a URL. */
export function hostOf(value: string): string | undefined {
  try {
    return new URL(value).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** A value quoted in a message, cut to `max` characters so a pasted page of text stays readable. */
export function shorten(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max - 3)}...` : value;
}

/**
 * A page access token (EAA...) or an app secret (32 hex digits) pasted where another value
 * belongs: one long run of letters and digits. fb3cx does not repeat such a value.
 */
export function looksLikeSecret(value: string): boolean {
  return /^[A-Za-z0-9_|-]{32,}$/.test(value.trim()) && /[A-Za-z]/.test(value);
}

/**
 * A value a person gave, quoted inside a one-line message: shortened, and a line break shown as
 * \n so the message stays one line (other controls are made safe where text is written). A value
 * that looks like a token or secret is not repeated at all.
 */
export function quoted(value: string, max = 60): string {
  if (looksLikeSecret(value)) return 'a value that looks like a token or secret (not repeated here)';
  return `"${shorten(value, max).replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`;
}

/**
 * A terminal's width, or undefined when it has none to go by. Some terminals (docker exec -t,
 * CI runners, `stty cols 0`) report 0 columns: that means "unknown", not "nothing fits".
 */
export function terminalColumns(columns: number | undefined): number | undefined {
  return columns !== undefined && Number.isFinite(columns) && columns >= 1 ? Math.floor(columns) : undefined;
}
