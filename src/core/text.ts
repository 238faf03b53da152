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
