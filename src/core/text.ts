/** Small text helpers shared by messages across fb3cx. */

/** A value quoted in a message, cut to `max` characters so a pasted page of text stays readable. */
export function shorten(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max - 3)}...` : value;
}
